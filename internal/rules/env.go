package rules

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// The environment a rule's expressions see is one struct per library, built
// with reflect.StructOf: the fixed views below (tx, account, kyc, alert)
// plus one AggView per distinct aggregate of the library. Rules name their
// aggregates locally ("cash", "in7"); the compiler renames those names to
// the library's fields. The engine fills the struct in place for each
// transaction and every rule reads the same instance, so evaluation
// allocates no environment.
//
// Struct tags on the view fields drive the loader's checks:
//
//	expr:"name"          the name expressions use
//	requires:"kyc.x"     the data requirement a rule must list to use the field
//	fairness:"protected" nationality, citizenship or ID-document country
//	fairness:"neutral"   other identity-document fields (see DocumentView)
//	phase:"alert"        computed only when a rule fires (score, facts, explain)
//	presence:"kyc.x"     a flag saying whether requirement kyc.x is present

// TxView is the current transaction as the subject account sees it.
type TxView struct {
	ID                  string    `expr:"id"`
	Time                time.Time `expr:"time"`
	Amount              float64   `expr:"amount"` // paid for an outflow, received for an inflow
	Currency            string    `expr:"currency"`
	Channel             string    `expr:"channel"`
	Direction           string    `expr:"direction"` // "in" (subject credited) or "out" (subject debited)
	Memo                string    `expr:"memo"`
	Counterparty        string    `expr:"counterparty"` // the other account, or the off-us party's account or name
	CounterpartyName    string    `expr:"counterparty_name"`
	CounterpartyCountry string    `expr:"counterparty_country"`
	CounterpartyType    string    `expr:"counterparty_type"`
	CounterpartyNAICS   string    `expr:"counterparty_naics"`
	CounterpartyBank    string    `expr:"counterparty_bank"`
	// For a transfer with another account of the institution: that
	// account's owner, and the employee who onboarded the owner.
	CounterpartyParty       string `expr:"counterparty_party"`
	CounterpartyOnboardedBy string `expr:"counterparty_onboarded_by"`
	NewCounterparty         bool   `expr:"new_counterparty"` // first seen by this account (see Options.FirstSeenWarmUp)
	Branch                  string `expr:"branch"`
	MCC                     string `expr:"mcc"`
	Payroll                 bool   `expr:"payroll"` // a credit that looks like wages or a pension (IsPayroll)
	Self                    bool   `expr:"self"`    // between two accounts of the same owner
}

// AccountView is the subject account.
type AccountView struct {
	ID          string `expr:"id"`
	Type        string `expr:"type"`
	Branch      string `expr:"branch"`
	Currency    string `expr:"currency"`
	Institution string `expr:"institution"`
	Owners      int    `expr:"owners"`
	// OwnerKind is the owner's kind, "person" or "organization", or ""
	// when the owner is unknown: rules that need no other KYC can still
	// tell a business from a person.
	OwnerKind string    `expr:"owner_kind"`
	Opened    time.Time `expr:"opened" requires:"account.opened"`
	// Watched is how long the engine has seen the account's transactions:
	// since the stream's first day, or since the account opened if later.
	// Rules about something absent ("buys no inventory") wait until they
	// have watched long enough to tell.
	Watched time.Duration `expr:"watched"`
}

// DocumentView is one identity document of the subject's owner.
//
// Its fields other than the country are "neutral" for the fairness check:
// read together with the country they describe the same document ("a
// Chinese passport" is still the ID-document country), read alone they are
// identity evidence (MM-2 compares issue dates).
type DocumentView struct {
	Type    string    `expr:"type" fairness:"neutral"`
	Number  string    `expr:"number" fairness:"neutral"`
	Country string    `expr:"country" fairness:"protected"`
	Class   string    `expr:"class" fairness:"neutral"`
	Issued  time.Time `expr:"issued" fairness:"neutral"`
	Expires time.Time `expr:"expires" fairness:"neutral"`
}

// KYCView is the KYC (or KYB) record of the subject account's owner.
type KYCView struct {
	PartyID string `expr:"party_id"`
	Kind    string `expr:"kind"` // "person" or "organization"

	// Presence flags: an expression that tests one may read the fields of
	// that requirement without the rule requiring it ("!kyc.has_expected_activity
	// || credits.sum > kyc.expected_monthly_amount * 3"): absence then takes
	// the branch the author wrote for it instead of a silent zero.
	HasOccupation       bool `expr:"has_occupation" presence:"kyc.occupation"`
	HasDeclaredIncome   bool `expr:"has_declared_income" presence:"kyc.declared_income"`
	HasExpectedActivity bool `expr:"has_expected_activity" presence:"kyc.expected_activity"`
	HasNAICS            bool `expr:"has_naics" presence:"kyc.naics"`
	HasEmployees        bool `expr:"has_employees" presence:"kyc.employees"`
	HasAnnualRevenue    bool `expr:"has_annual_revenue" presence:"kyc.annual_revenue"`

	Occupation            string   `expr:"occupation" requires:"kyc.occupation"`
	OccupationClass       string   `expr:"occupation_class" requires:"kyc.occupation"` // model.ClassifyOccupation
	LowIncomeOccupation   bool     `expr:"low_income_occupation" requires:"kyc.occupation"`
	DeclaredIncome        float64  `expr:"declared_income" requires:"kyc.declared_income"` // annual, USD
	ExpectedMonthlyCount  float64  `expr:"expected_monthly_count" requires:"kyc.expected_activity"`
	ExpectedMonthlyAmount float64  `expr:"expected_monthly_amount" requires:"kyc.expected_activity"`
	ExpectedCountries     []string `expr:"expected_countries" requires:"kyc.expected_activity"`
	SourceOfFunds         string   `expr:"source_of_funds" requires:"kyc.source_of_funds"`
	// SourceUnexplained: the source of funds is missing, undisclosed or
	// unusual for the occupation (usualSources), a customer risk factor.
	SourceUnexplained bool           `expr:"source_of_funds_unexplained"`
	Nationalities     []string       `expr:"nationalities" fairness:"protected"`
	Citizenships      []string       `expr:"citizenships" fairness:"protected"`
	PassportCountry   string         `expr:"passport_country" fairness:"protected"` // issuing country of the first passport
	Documents         []DocumentView `expr:"documents"`
	// DocumentPhotoSimilarity is the face similarity of the passport and
	// visa photos from identity verification (1: the same image). No
	// record carries it yet: rules reading it require kyc.document_photos
	// and are not evaluable until an identity-verification feed fills it.
	DocumentPhotoSimilarity float64   `expr:"document_photo_similarity" requires:"kyc.document_photos"`
	VisaClass               string    `expr:"visa_class"` // class of the first visa ("F-1")
	Country                 string    `expr:"country"`    // country of the address
	BirthDate               time.Time `expr:"birth_date" requires:"kyc.birth_date"`
	Onboarded               time.Time `expr:"onboarded" requires:"kyc.onboarded"`
	OnboardedBy             string    `expr:"onboarded_by" requires:"kyc.onboarded_by"`
	NAICS                   string    `expr:"naics" requires:"kyc.naics"`
	Employees               float64   `expr:"employees" requires:"kyc.employees"`
	AnnualRevenue           float64   `expr:"annual_revenue" requires:"kyc.annual_revenue"`
	Incorporated            time.Time `expr:"incorporated" requires:"kyc.incorporated"`
}

// AggView is one windowed aggregate of the subject account, over the
// window that ends at the current transaction.
type AggView struct {
	Count             int           `expr:"count"`
	Sum               float64       `expr:"sum"`
	Avg               float64       `expr:"avg"`
	Branches          int           `expr:"branches"`           // distinct branches
	Counterparties    int           `expr:"counterparties"`     // distinct counterparties
	NewCounterparties int           `expr:"new_counterparties"` // distinct counterparties first seen in the window
	Countries         int           `expr:"countries"`          // distinct counterparty countries
	TopShare          float64       `expr:"top_share"`          // share of sum from the largest single counterparty (cash has none)
	Window            time.Duration `expr:"window"`

	Max          float64   `expr:"max" phase:"alert"`
	Min          float64   `expr:"min" phase:"alert"`
	First        time.Time `expr:"first" phase:"alert"`
	Last         time.Time `expr:"last" phase:"alert"`
	BranchList   []string  `expr:"branch_list" phase:"alert"`
	CountryList  []string  `expr:"country_list" phase:"alert"`
	Transactions []string  `expr:"transactions" phase:"alert"`
}

// AlertView describes the alert being raised; it exists only when a rule
// fires (score, facts, explain).
type AlertView struct {
	Start        time.Time     `expr:"start"`
	End          time.Time     `expr:"end"`
	Span         time.Duration `expr:"span"`
	Transactions int           `expr:"transactions"` // evidence transactions
}

// Names of the fixed roots of the environment.
const (
	rootTx      = "tx"
	rootAccount = "account"
	rootKYC     = "kyc"
	rootAlert   = "alert"
	rootNetwork = "network"
	rootPeers   = "peers"
	rootParams  = "params"
	aggPrefix   = "__agg" // library fields of aggregates; rules cannot spell names starting "__"
)

// envLayout is the shape of a library's environment struct.
type envLayout struct {
	typ  reflect.Type
	aggs int // AggView fields, named aggPrefix+index
}

// Field indices of the fixed views in the environment struct.
const (
	fieldTx = iota
	fieldAccount
	fieldKYC
	fieldAlert
	fieldNetwork
	fieldPeers
	fieldAggs // first aggregate
)

func newEnvLayout(aggs int) envLayout {
	fields := []reflect.StructField{
		{Name: "Tx", Type: reflect.TypeFor[TxView](), Tag: `expr:"tx"`},
		{Name: "Account", Type: reflect.TypeFor[*AccountView](), Tag: `expr:"account"`},
		{Name: "KYC", Type: reflect.TypeFor[*KYCView](), Tag: `expr:"kyc" requires:"kyc"`},
		{Name: "Alert", Type: reflect.TypeFor[AlertView](), Tag: `expr:"alert" phase:"alert"`},
		{Name: "Network", Type: reflect.TypeFor[*NetworkView](), Tag: `expr:"network"`},
		{Name: "Peers", Type: reflect.TypeFor[*PeerView](), Tag: `expr:"peers"`},
	}
	for i := range aggs {
		fields = append(fields, reflect.StructField{
			Name: "Agg" + strconv.Itoa(i),
			Type: reflect.TypeFor[AggView](),
			Tag:  reflect.StructTag(`expr:"` + aggName(i) + `"`),
		})
	}
	return envLayout{typ: reflect.StructOf(fields), aggs: aggs}
}

func aggName(i int) string { return aggPrefix + strconv.Itoa(i) }

// env is one instance of a library's environment with typed pointers into
// it, so the engine fills it without reflection. The account and KYC views
// are pointers to the subject's cached views: one pointer write per
// transaction instead of a copy.
type env struct {
	value   any // pointer to the struct, passed to the expression VM
	tx      *TxView
	account **AccountView
	kyc     **KYCView
	alert   *AlertView
	network **NetworkView
	peers   **PeerView
	aggs    []*AggView
}

func (l envLayout) newEnv() *env {
	p := reflect.New(l.typ)
	s := p.Elem()
	e := &env{
		value:   p.Interface(),
		tx:      s.Field(fieldTx).Addr().Interface().(*TxView),
		account: s.Field(fieldAccount).Addr().Interface().(**AccountView),
		kyc:     s.Field(fieldKYC).Addr().Interface().(**KYCView),
		alert:   s.Field(fieldAlert).Addr().Interface().(*AlertView),
		network: s.Field(fieldNetwork).Addr().Interface().(**NetworkView),
		peers:   s.Field(fieldPeers).Addr().Interface().(**PeerView),
		aggs:    make([]*AggView, l.aggs),
	}
	for i := range l.aggs {
		e.aggs[i] = s.Field(fieldAggs + i).Addr().Interface().(*AggView)
	}
	*e.account, *e.kyc = &AccountView{}, &KYCView{}
	*e.network, *e.peers = &NetworkView{}, &PeerView{}
	return e
}

// fieldInfo is what the loader knows about one path of the environment.
type fieldInfo struct {
	found      bool
	protected  bool   // the path is, or lies under, a protected field
	neutral    bool   // the path is a neutral identity field
	contains   bool   // the path is a struct or list that holds a protected field
	requires   string // the most specific requirement on the path
	alertPhase bool
	presence   string // the requirement this path is the presence flag of
}

// lookupPath describes a dotted path such as "kyc.documents.country" in
// the environment type t. Indexing steps are left out of paths.
func lookupPath(t reflect.Type, path string) fieldInfo {
	var info fieldInfo
	for _, name := range strings.Split(path, ".") {
		t = elemType(t)
		if t.Kind() != reflect.Struct {
			return fieldInfo{}
		}
		f, ok := fieldByExprName(t, name)
		if !ok {
			return fieldInfo{}
		}
		switch f.Tag.Get("fairness") {
		case "protected":
			info.protected = true
		case "neutral":
			info.neutral = true
		}
		if r := f.Tag.Get("requires"); r != "" {
			info.requires = r
		}
		if f.Tag.Get("phase") == "alert" {
			info.alertPhase = true
		}
		info.presence = f.Tag.Get("presence")
		t = f.Type
	}
	info.found = true
	if !info.protected {
		info.contains = holdsProtected(t, 0)
	}
	return info
}

func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

func fieldByExprName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("expr") == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func holdsProtected(t reflect.Type, depth int) bool {
	t = elemType(t)
	if t.Kind() != reflect.Struct || depth > 4 || t == reflect.TypeFor[time.Time]() {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Tag.Get("fairness") == "protected" || holdsProtected(f.Type, depth+1) {
			return true
		}
	}
	return false
}

// kycView builds the KYC view of a party; nil gives the zero view.
func kycView(p *model.Party) KYCView {
	if p == nil {
		return KYCView{}
	}
	v := KYCView{
		PartyID:           p.ID,
		Kind:              string(p.Kind),
		Occupation:        p.Occupation,
		SourceOfFunds:     p.SourceOfFunds,
		SourceUnexplained: sourceUnexplained(p),
		Nationalities:     p.Nationalities,
		Citizenships:      p.Citizenships,
		Country:           p.Address.Country,
		BirthDate:         p.BirthDate.Time,
		Onboarded:         p.Onboarded.Time,
		OnboardedBy:       p.OnboardedBy,
		NAICS:             p.NAICS,
		Incorporated:      p.Incorporated.Time,
	}
	v.HasOccupation = requirements[requirementIndex("kyc.occupation")].present(p, nil, nil)
	v.HasDeclaredIncome = p.DeclaredIncome != nil
	v.HasExpectedActivity = p.ExpectedActivity != nil
	v.HasNAICS = p.NAICS != ""
	v.HasEmployees = p.Employees != nil
	v.HasAnnualRevenue = p.AnnualRevenue != nil
	class := model.ClassifyOccupation(p.Occupation)
	v.OccupationClass = string(class)
	v.LowIncomeOccupation = class.LowIncome()
	if p.DeclaredIncome != nil {
		v.DeclaredIncome = *p.DeclaredIncome
	}
	if a := p.ExpectedActivity; a != nil {
		v.ExpectedMonthlyCount = float64(a.MonthlyCount)
		v.ExpectedMonthlyAmount = a.MonthlyAmount
		v.ExpectedCountries = a.Countries
	}
	if p.Employees != nil {
		v.Employees = float64(*p.Employees)
	}
	if p.AnnualRevenue != nil {
		v.AnnualRevenue = *p.AnnualRevenue
	}
	if len(p.Documents) > 0 {
		v.Documents = make([]DocumentView, len(p.Documents))
		for i, d := range p.Documents {
			v.Documents[i] = DocumentView{
				Type: string(d.Type), Number: d.Number, Country: d.Country, Class: d.Class,
				Issued: d.Issued.Time, Expires: d.Expires.Time,
			}
		}
	}
	if d, ok := p.Document(model.DocPassport); ok {
		v.PassportCountry = d.Country
	}
	if d, ok := p.Document(model.DocVisa); ok {
		v.VisaClass = d.Class
	}
	return v
}

func accountView(a *model.Account) AccountView {
	if a == nil {
		return AccountView{}
	}
	return AccountView{
		ID: a.ID, Type: string(a.Type), Branch: a.Branch, Currency: a.Currency,
		Institution: a.Institution, Owners: len(a.Owners), Opened: a.Opened.Time,
	}
}
