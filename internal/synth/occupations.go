package synth

import "github.com/centinela-aml/centinela/internal/model"

// occupation is a declared occupation with the income the generator gives
// people who declare it (annual, USD; log-normal around median).
type occupation struct {
	text   string
	class  model.OccupationClass
	median float64
	sigma  float64
	weight float64 // share among ordinary adults of its class
}

// occupations by class. Incomes are rough 2024 medians for Southern
// California; the spread makes some people earn well above or below.
var occupations = map[model.OccupationClass][]occupation{
	model.OccEmployee: {
		{"Retail sales associate", model.OccEmployee, 33000, 0.25, 3},
		{"Office administrator", model.OccEmployee, 48000, 0.25, 2},
		{"Cook", model.OccEmployee, 35000, 0.2, 2},
		{"Truck driver", model.OccEmployee, 56000, 0.25, 1.5},
		{"Customer service representative", model.OccEmployee, 41000, 0.2, 2},
		{"Teacher", model.OccEmployee, 72000, 0.2, 1.5},
		{"Bank teller", model.OccEmployee, 39000, 0.15, 0.5},
		{"Medical assistant", model.OccEmployee, 43000, 0.2, 1.5},
		{"Security guard", model.OccEmployee, 37000, 0.2, 1},
		{"Delivery driver", model.OccEmployee, 40000, 0.25, 1},
		{"Hairdresser", model.OccEmployee, 34000, 0.3, 0.8},
		{"Waiter", model.OccEmployee, 31000, 0.3, 1},
		{"Mechanic", model.OccEmployee, 54000, 0.25, 1},
		{"Caregiver", model.OccEmployee, 32000, 0.2, 1},
		{"Sales representative", model.OccEmployee, 62000, 0.35, 1},
	},
	model.OccProfessional: {
		{"Software engineer", model.OccProfessional, 145000, 0.3, 2},
		{"Accountant", model.OccProfessional, 85000, 0.25, 2},
		{"Registered nurse", model.OccProfessional, 125000, 0.2, 2},
		{"Physician", model.OccProfessional, 270000, 0.3, 0.6},
		{"Attorney", model.OccProfessional, 160000, 0.4, 0.8},
		{"Pharmacist", model.OccProfessional, 140000, 0.15, 0.6},
		{"Civil engineer", model.OccProfessional, 108000, 0.2, 1},
		{"Dentist", model.OccProfessional, 190000, 0.3, 0.4},
		{"Financial analyst", model.OccProfessional, 95000, 0.25, 1},
		{"Professor", model.OccProfessional, 120000, 0.25, 0.5},
		{"Operations manager", model.OccProfessional, 110000, 0.3, 1.2},
		{"IT consultant", model.OccProfessional, 118000, 0.3, 0.8},
	},
	model.OccLaborer: {
		{"Construction laborer", model.OccLaborer, 39000, 0.2, 3},
		{"Warehouse worker", model.OccLaborer, 37000, 0.15, 3},
		{"Farmworker", model.OccLaborer, 30000, 0.2, 1},
		{"Cleaner", model.OccLaborer, 30000, 0.2, 2},
		{"Dishwasher", model.OccLaborer, 28000, 0.15, 1},
		{"Obrero", model.OccLaborer, 31000, 0.2, 1},
		{"Jornalero", model.OccLaborer, 27000, 0.25, 0.5},
	},
	model.OccStudent: {
		{"Student", model.OccStudent, 6000, 0.6, 3},
		{"Undergraduate student", model.OccStudent, 5000, 0.7, 2},
		{"Graduate student", model.OccStudent, 19000, 0.4, 1.5},
		{"Estudiante", model.OccStudent, 4000, 0.7, 0.5},
	},
	model.OccHomemaker: {
		{"Homemaker", model.OccHomemaker, 0, 0, 3},
		{"Housewife", model.OccHomemaker, 0, 0, 1.5},
		{"Ama de casa", model.OccHomemaker, 0, 0, 1.5},
	},
	model.OccRetired: {
		{"Retired", model.OccRetired, 29000, 0.4, 4},
		{"Retired teacher", model.OccRetired, 46000, 0.2, 1},
		{"Jubilado", model.OccRetired, 21000, 0.4, 1},
		{"Pensioner", model.OccRetired, 24000, 0.3, 0.5},
	},
	model.OccBusiness: {
		{"Business owner", model.OccBusiness, 95000, 0.5, 3},
		{"Self-employed contractor", model.OccBusiness, 72000, 0.4, 1},
		{"Restaurant owner", model.OccBusiness, 85000, 0.4, 1},
		{"Entrepreneur", model.OccBusiness, 105000, 0.6, 0.5},
	},
	model.OccUnemployed: {
		{"Unemployed", model.OccUnemployed, 0, 0, 1},
	},
}

// classWeights are the shares of ordinary adult customers by occupation
// class. Business owners are drawn when businesses need owners.
var classWeights = []struct {
	class  model.OccupationClass
	weight float64
}{
	{model.OccEmployee, 0.40},
	{model.OccProfessional, 0.14},
	{model.OccLaborer, 0.11},
	{model.OccStudent, 0.08},
	{model.OccHomemaker, 0.06},
	{model.OccRetired, 0.15},
	{model.OccUnemployed, 0.03},
	{model.OccUnknown, 0.03},
}

// drawOccupation draws an occupation of class c.
func drawOccupation(r *rng, c model.OccupationClass) occupation {
	list := occupations[c]
	if len(list) == 0 {
		return occupation{class: model.OccUnknown}
	}
	w := make([]float64, len(list))
	for i, o := range list {
		w[i] = o.weight
	}
	return list[r.weighted(w)]
}

// income draws a declared annual income for the occupation.
func (o occupation) income(r *rng) float64 {
	if o.median == 0 {
		return 0
	}
	return float64(int(r.logNormal(o.median, o.sigma)/500) * 500)
}
