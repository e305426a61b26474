package report_test

import (
	"fmt"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
)

var filed = time.Date(2025, 6, 20, 15, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// muleCase is a FIN-2025-A003 money-mule case: a student with a Chinese
// passport whose account takes cash at three branches and wires from Hong
// Kong, then wires the money to Mexico.
func muleCase() report.SARCase {
	p := model.Party{
		ID: "P-000417", Kind: model.Person,
		Names: []model.Name{
			{Full: "Wei Zhang", Given: "Wei", Family: "Zhang", Script: model.ScriptLatin, Kind: model.NamePrimary},
			{Full: "张伟", Script: model.ScriptHan, Kind: model.NameAlias},
			{Full: "David Zhang", Script: model.ScriptLatin, Kind: model.NameAlias},
		},
		BirthDate:     model.NewDate(2001, 4, 9),
		Nationalities: []string{"CN"},
		Documents: []model.IDDocument{
			{Type: model.DocPassport, Number: "E12345678", Country: "CN", Issued: model.NewDate(2019, 5, 1)},
			{Type: model.DocVisa, Number: "B7654321", Country: "US", Class: "F-1"},
		},
		Occupation: "Student", DeclaredIncome: ptr(12000.0),
		Address:   model.Address{Line: "88 Garfield Ave Apt 3", City: "Alhambra", Region: "CA", PostalCode: "91801", Country: "US"},
		Phones:    []string{"+1 (626) 555-0147"},
		Emails:    []string{"wei.zhang@example.com"},
		Onboarded: model.NewDate(2024, 8, 15),
	}
	acct := model.Account{ID: "A-100417", Institution: "PFB-US", Owners: []string{p.ID}, Type: model.AcctChecking, Currency: "USD", Opened: model.NewDate(2024, 8, 15)}
	elsewhere := model.Account{ID: "CN-6222-01", Institution: "JHB-CN", Owners: []string{p.ID}, Type: model.AcctSavings, Currency: "CNY"}
	at := func(d, h int) time.Time { return time.Date(2025, 4, d, h, 0, 0, 0, time.UTC) }
	txs := []model.Transaction{
		{ID: "T-1", Time: at(7, 9), Beneficiary: acct.ID, Amount: 9500, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-101"},
		{ID: "T-2", Time: at(7, 13), Beneficiary: acct.ID, Amount: 9200, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-117"},
		{ID: "T-3", Time: at(8, 10), Beneficiary: acct.ID, Amount: 8800, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: "BR-130"},
		{ID: "T-4", Time: at(9, 3), Beneficiary: acct.ID, Amount: 25000, Currency: "USD", Channel: model.ChannelWire, Memo: "INVOICE 2291",
			Counterparty: model.Counterparty{Name: "Golden River Trading Ltd", Country: "HK", Type: model.Organization, Bank: "HSBCHKHH", Account: "HK-5521"}},
		{ID: "T-5", Time: at(10, 16), Originator: acct.ID, Amount: 50000, Currency: "USD", Channel: model.ChannelWire,
			Counterparty: model.Counterparty{Name: "Comercializadora del Pacifico SA", Country: "MX", Bank: "BFN-MX", Account: "MX-0091"}},
		{ID: "T-6", Time: at(11, 16), Originator: acct.ID, Amount: 100000, Currency: "MXN", Channel: model.ChannelWire,
			Counterparty: model.Counterparty{Name: "Ramon Ortega", Country: "MX", Account: "MX-0777"}},
	}
	alerts := []model.Alert{
		{ID: "SMURF-1/A-100417/T-1", Subject: model.Subject{Kind: model.SubjectAccount, ID: acct.ID}, Typology: model.TypSmurfing,
			RuleID: "SMURF-1", Source: model.SourceRule, Score: 0.9, Severity: model.SeverityHigh,
			Reason:      "3 cash deposits, each below $10,000.00, at 3 branches (BR-101, BR-117, BR-130) within 48h, totalling $27,500.00",
			Evidence:    []string{"T-1", "T-2", "T-3"},
			WindowStart: at(7, 9), WindowEnd: at(8, 10),
			SAR:        []model.SARCode{{Type: 8, Subtype: 824}, {Type: 9, Subtype: 910}, {Type: 1, Subtype: 114}},
			Advisories: []string{"FIN-2025-A003"}},
		{ID: "PASS-1/A-100417/T-5", Subject: model.Subject{Kind: model.SubjectAccount, ID: acct.ID}, Typology: model.TypPassThrough,
			RuleID: "PASS-1", Source: model.SourceRule, Score: 0.8, Severity: model.SeverityHigh,
			Reason:      "$52,500.00 in, $50,000.00 out to a new recipient in MX within 3 days",
			Evidence:    []string{"T-4", "T-5", "T-6"},
			WindowStart: at(9, 3), WindowEnd: at(11, 16),
			SAR:        []model.SARCode{{Type: 9, Subtype: 909}, {Type: 9, Subtype: 928}, {Type: 8, Subtype: 824}},
			Advisories: []string{"FIN-2025-A003"}},
	}
	c := model.Case{
		ID: "C-000007", Subject: model.Subject{Kind: model.SubjectParty, ID: p.ID}, Title: "Wei Zhang",
		State: model.CaseEscalated, Parties: []string{p.ID}, Accounts: []string{acct.ID},
		Alerts: []string{alerts[0].ID, alerts[1].ID}, Score: 0.9, Severity: model.SeverityHigh,
		Detected: time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC), Opened: time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC),
		RFIs: []model.RFI{{Case: "C-000007", Party: p.ID, Time: time.Date(2025, 6, 9, 17, 0, 0, 0, time.UTC), Author: "ana",
			Outcome: model.RFILoanRepayment, Note: "says friends repaid loans he made them"}},
	}
	return report.SARCase{Case: c, Subjects: []report.SARSubject{{Party: p, Accounts: []model.Account{acct, elsewhere}}},
		Alerts: alerts, Transactions: txs}
}

// unknownCase is a case on an account nobody owns on record, whose alert
// names no SAR code.
func unknownCase() report.SARCase {
	tx := model.Transaction{ID: "T-90", Time: time.Date(2025, 5, 2, 11, 0, 0, 0, time.UTC), Beneficiary: "A-X9", Amount: 4000.5,
		Currency: "USD", Channel: model.ChannelP2P, Counterparty: model.Counterparty{Name: "J. Doe", Account: "p2p-77"}}
	a := model.Alert{ID: "FAN-IN/A-X9", Subject: model.Subject{Kind: model.SubjectAccount, ID: "A-X9"}, Typology: model.TypFanIn,
		RuleID: "fan-in", Source: model.SourcePattern, Score: 0.7, Severity: model.SeverityMedium,
		Reason: "14 new senders in 2 days", Evidence: []string{tx.ID}}
	return report.SARCase{
		Case: model.Case{ID: "C-000008", Subject: model.Subject{Kind: model.SubjectAccount, ID: "A-X9"}, State: model.CaseEscalated,
			Accounts: []string{"A-X9"}, Alerts: []string{a.ID}, SubjectUnknown: true,
			Detected: time.Date(2025, 6, 3, 8, 0, 0, 0, time.UTC),
			PriorSAR: &model.SARFiling{Filed: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), BSAID: "31000123456789", Case: "C-000002"}},
		Alerts: []model.Alert{a}, Transactions: []model.Transaction{tx},
	}
}

// sanctionsCase is a business with a sanctions hit and no transactions.
func sanctionsCase() report.SARCase {
	p := model.Party{ID: "P-ORG-1", Kind: model.Organization,
		Names:     []model.Name{{Full: "Hua Xin Import Export Co., Ltd.", Kind: model.NamePrimary}},
		NAICS:     "423690",
		Documents: []model.IDDocument{{Type: model.DocTaxID, Number: "95-1234567", Country: "US"}},
	}
	a := model.Alert{ID: "SDN/P-ORG-1", Subject: model.Subject{Kind: model.SubjectParty, ID: p.ID}, Typology: model.TypSanctions,
		RuleID: "screen", Source: model.SourceScreen, Score: 0.95, Severity: model.SeverityCritical,
		Reason:  `name matches OFAC SDN entry "HUAXIN IMPORT EXPORT COMPANY LIMITED" (score 0.95)`,
		Created: time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC)}
	return report.SARCase{
		Case: model.Case{ID: "C-000009", Subject: model.Subject{Kind: model.SubjectParty, ID: p.ID}, State: model.CaseEscalated,
			Parties: []string{p.ID}, Alerts: []string{a.ID}, Detected: time.Date(2025, 6, 4, 0, 0, 0, 0, time.UTC)},
		Subjects: []report.SARSubject{{Party: p}},
		Alerts:   []model.Alert{a},
	}
}

// bigCase is muleCase with n evidence transactions, to fill the narrative.
func bigCase(n int) report.SARCase {
	c := muleCase()
	base := c.Transactions[0]
	c.Transactions = nil
	for i := range n {
		t := base
		t.ID = fmt.Sprintf("T-%05d", i)
		t.Time = base.Time.Add(time.Duration(i) * time.Hour)
		t.Amount = 9000 + float64(i%900)
		t.Branch = fmt.Sprintf("BR-%03d", 100+i%40)
		c.Transactions = append(c.Transactions, t)
		c.Alerts[0].Evidence = append(c.Alerts[0].Evidence, t.ID)
	}
	return c
}

func demoFiling(cases ...report.SARCase) report.Filing {
	f := report.DemoFiler()
	f.Branches = map[string]report.Branch{
		"BR-101": {Address: report.Address{Street: "500 W Valley Blvd", City: "Alhambra", State: "CA", ZIP: "91803", Country: "US"}, RSSD: "9900101"},
		"BR-117": {Address: report.Address{Street: "1 E Main St", City: "San Gabriel", State: "CA", ZIP: "91776", Country: "US"}},
	}
	return report.Filing{Filer: f, Date: filed, Cases: cases}
}
