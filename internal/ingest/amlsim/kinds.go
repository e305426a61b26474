package amlsim

import (
	"time"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/csvscan"
	"github.com/centinela-aml/centinela/internal/model"
)

// transactions.csv, current schema.
const (
	txID = iota
	txOrig
	txBene
	txType
	txAmount
	txTime
	txSAR
	txAlert
)

var txKind = fileKind{
	name:     "transactions.csv",
	columns:  []string{"tran_id", "orig_acct", "bene_acct", "tx_type", "base_amt", "tran_timestamp", "is_sar", "alert_id"},
	required: []string{"tran_id", "orig_acct", "bene_acct", "tx_type", "base_amt", "tran_timestamp"},
	parse:    parseTx,
}

func parseTx(r *reader) (ingest.Record, *ingest.RowError) {
	tx, rerr := r.transaction(txID, txOrig, txBene, txType, txAmount, txTime)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	rec := ingest.Record{Tx: tx}
	sar := false
	if r.col(txSAR) >= 0 {
		if sar, rerr = r.flag(txSAR); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	caseID := ""
	if r.col(txAlert) >= 0 {
		if caseID, rerr = r.alertCase(txAlert); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	if sar {
		rec.Labels = []model.Label{{CaseID: caseID, EntityKind: model.EntityTransaction, EntityID: tx.ID}}
	}
	return rec, nil
}

// transaction reads the transaction columns shared by transactions.csv and
// alert_transactions.csv.
func (r *reader) transaction(cID, cOrig, cBene, cType, cAmount, cTime int) (*model.Transaction, *ingest.RowError) {
	var tx model.Transaction
	var rerr *ingest.RowError
	if tx.ID, rerr = r.id(cID); rerr != nil {
		return nil, rerr
	}
	if tx.Originator, rerr = r.id(cOrig); rerr != nil {
		return nil, rerr
	}
	if tx.Beneficiary, rerr = r.id(cBene); rerr != nil {
		return nil, rerr
	}
	if tx.Channel, rerr = r.channel(cType); rerr != nil {
		return nil, rerr
	}
	if tx.Amount, rerr = r.amount(cAmount); rerr != nil {
		return nil, rerr
	}
	tx.Currency = r.f.currency()
	b := r.field(cTime)
	t, err := time.Parse(time.RFC3339, string(b))
	if err != nil {
		return nil, r.bad(cTime, csvscan.Quote(b)+" is not a timestamp", "RFC 3339 such as 2017-01-01T00:00:00Z")
	}
	tx.Time = t.UTC()
	return &tx, nil
}

// alert_transactions.csv: the typology answer key of transactions.
const (
	atAlert = iota
	atType
	atSAR
	atTx
	atOrig
	atBene
	atTxType
	atAmount
	atTime
)

var alertTxKind = fileKind{
	name:     "alert_transactions.csv",
	columns:  []string{"alert_id", "alert_type", "is_sar", "tran_id", "orig_acct", "bene_acct", "tx_type", "base_amt", "tran_timestamp"},
	required: []string{"alert_id", "alert_type", "tran_id"},
	parse:    parseAlertTx,
}

func parseAlertTx(r *reader) (ingest.Record, *ingest.RowError) {
	caseID, rerr := r.alertCase(atAlert)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	typ, note, rerr := r.typology(atType)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	sar := true
	if r.col(atSAR) >= 0 {
		if sar, rerr = r.flag(atSAR); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	id, rerr := r.id(atTx)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	if !sar {
		return ingest.Record{}, nil
	}
	return ingest.Record{Labels: []model.Label{{CaseID: caseID, Typology: typ, Note: note, EntityKind: model.EntityTransaction, EntityID: id}}}, nil
}

// alert_accounts.csv: alert membership of accounts.
const (
	aaAlert = iota
	aaType
	aaAcct
	aaName
	aaSAR
	aaModel
	aaStart
	aaEnd
	aaSchedule
	aaBank
)

var alertAcctKind = fileKind{
	name:     "alert_accounts.csv",
	columns:  []string{"alert_id", "alert_type", "acct_id", "acct_name", "is_sar", "model_id", "start", "end", "schedule_id", "bank_id"},
	required: []string{"alert_id", "alert_type", "acct_id"},
	parse:    parseAlertAcct,
}

func parseAlertAcct(r *reader) (ingest.Record, *ingest.RowError) {
	caseID, rerr := r.alertCase(aaAlert)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	typ, note, rerr := r.typology(aaType)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	acct, rerr := r.id(aaAcct)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	sar := true
	if r.col(aaSAR) >= 0 {
		if sar, rerr = r.flag(aaSAR); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	if !sar {
		return ingest.Record{}, nil
	}
	return ingest.Record{Labels: []model.Label{{CaseID: caseID, Typology: typ, Note: note, EntityKind: model.EntityAccount, EntityID: acct}}}, nil
}

// sar_accounts.csv: the accounts and customers of SAR alerts.
const (
	saAlert = iota
	saAcct
	saCust
	saDate
	saType
	saAcctType
	saSAR
)

var sarAcctKind = fileKind{
	name:     "sar_accounts.csv",
	columns:  []string{"ALERT_ID", "ACCOUNT_ID", "CUSTOMER_ID", "EVENT_DATE", "ALERT_TYPE", "ACCOUNT_TYPE", "IS_SAR"},
	required: []string{"ALERT_ID", "ACCOUNT_ID", "ALERT_TYPE"},
	parse:    parseSARAcct,
}

func parseSARAcct(r *reader) (ingest.Record, *ingest.RowError) {
	caseID, rerr := r.alertCase(saAlert)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	acct, rerr := r.id(saAcct)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	typ, note, rerr := r.typology(saType)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	sar := true
	if r.col(saSAR) >= 0 {
		if sar, rerr = r.flag(saSAR); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	if !sar {
		return ingest.Record{}, nil
	}
	labels := []model.Label{{CaseID: caseID, Typology: typ, Note: note, EntityKind: model.EntityAccount, EntityID: acct}}
	if len(r.field(saCust)) > 0 {
		cust, rerr := r.id(saCust)
		if rerr != nil {
			return ingest.Record{}, rerr
		}
		labels = append(labels, model.Label{CaseID: caseID, Typology: typ, Note: note, EntityKind: model.EntityParty, EntityID: cust})
	}
	return ingest.Record{Labels: labels}, nil
}

// accounts.csv, current schema: an account and the person who holds it.
const (
	acID = iota
	acName
	acType
	acStatus
	acCurrency
	acPriorSAR
	acBranch
	acOpen
	acClose
	acDeposit
	acBehavior
	acBank
	acFirst
	acLast
	acStreet
	acCity
	acState
	acCountry
	acZip
	acGender
	acBirth
	acSSN
	acLon
	acLat
)

var accountKind = fileKind{
	name: "accounts.csv",
	columns: []string{"acct_id", "dsply_nm", "type", "acct_stat", "acct_rptng_crncy", "prior_sar_count", "branch_id",
		"open_dt", "close_dt", "initial_deposit", "tx_behavior_id", "bank_id", "first_name", "last_name", "street_addr",
		"city", "state", "country", "zip", "gender", "birth_date", "ssn", "lon", "lat"},
	required: []string{"acct_id"},
	parse:    parseAccount,
}

func parseAccount(r *reader) (ingest.Record, *ingest.RowError) {
	var a model.Account
	var rerr *ingest.RowError
	if a.ID, rerr = r.id(acID); rerr != nil {
		return ingest.Record{}, rerr
	}
	p := model.Party{ID: a.ID, Kind: model.Person}
	if len(r.field(acName)) > 0 {
		if p.ID, rerr = r.id(acName); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	a.Owners = []string{p.ID}
	switch r.str(acType) {
	case "B", "O", "ORG":
		p.Kind = model.Organization
	case "SAV":
		a.Type = model.AcctSavings
	case "CHK":
		a.Type = model.AcctChecking
	}
	if cur := r.field(acCurrency); len(cur) > 0 {
		if !model.ValidCurrency(string(cur)) {
			return ingest.Record{}, r.bad(acCurrency, "unknown currency "+csvscan.Quote(cur), "an ISO 4217 code such as USD")
		}
		a.Currency = string(cur)
	}
	texts := []struct {
		c   int
		dst *string
	}{{acBranch, &a.Branch}, {acBank, &a.Institution}, {acStreet, &p.Address.Line}, {acCity, &p.Address.City},
		{acState, &p.Address.Region}, {acZip, &p.Address.PostalCode}}
	for _, t := range texts {
		if *t.dst, rerr = r.optText(t.c); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	if a.Opened, rerr = r.stepOrDate(acOpen); rerr != nil {
		return ingest.Record{}, rerr
	}
	if a.Closed, rerr = r.stepOrDate(acClose); rerr != nil {
		return ingest.Record{}, rerr
	}
	if !a.Closed.IsZero() && a.Closed.Before(a.Opened.Time) {
		return ingest.Record{}, r.bad(acClose, "closed "+a.Closed.String()+" before opened "+a.Opened.String(), "a close date on or after the open date")
	}
	if c := r.field(acCountry); len(c) > 0 {
		if !model.ValidCountry(string(c)) {
			return ingest.Record{}, r.bad(acCountry, "unknown country "+csvscan.Quote(c), "an ISO 3166-1 alpha-2 code such as US")
		}
		p.Address.Country = string(c)
	}
	if p.BirthDate, rerr = r.date(acBirth); rerr != nil {
		return ingest.Record{}, rerr
	}
	first, rerr := r.optText(acFirst)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	last, rerr := r.optText(acLast)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	if full := joinName(first, last); full != "" {
		p.Names = []model.Name{{Full: full, Given: first, Family: last, Script: model.DetectScript(full), Kind: model.NamePrimary}}
	}
	if ssn := r.field(acSSN); len(ssn) > 0 {
		num, rerr := r.optText(acSSN)
		if rerr != nil {
			return ingest.Record{}, rerr
		}
		p.Documents = []model.IDDocument{{Type: model.DocTaxID, Number: num, Country: p.Address.Country}}
	}
	return ingest.Record{Account: &a, Party: &p}, nil
}

func joinName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

func (r *reader) date(c int) (model.Date, *ingest.RowError) {
	b := r.field(c)
	d, err := csvscan.Date(b)
	if err != nil && err != csvscan.ErrEmpty {
		return model.Date{}, r.bad(c, csvscan.Quote(b)+" is not a date", "YYYY-MM-DD")
	}
	return d, nil
}

// nodes.csv, older schema: accounts with an account-level fraud flag.
const (
	ndID = iota
	ndFraud
	ndBalance
	ndStep
)

var nodesKind = fileKind{
	name:     "nodes.csv",
	columns:  []string{"nodeid", "isFraud", "init_balance", "fraudStep"},
	required: []string{"nodeid", "isFraud"},
	parse:    parseNode,
}

func parseNode(r *reader) (ingest.Record, *ingest.RowError) {
	id, rerr := r.id(ndID)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	fraud, rerr := r.flag(ndFraud)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	note := ""
	if b := r.field(ndStep); len(b) > 0 && string(b) != "-1" {
		if _, err := csvscan.Uint(b); err != nil {
			return ingest.Record{}, r.bad(ndStep, csvscan.Quote(b)+" is not a step", "a whole number, or -1 for never")
		}
		note = "fraudulent from step " + string(b)
	}
	rec := ingest.Record{Account: &model.Account{ID: id, Currency: r.f.currency()}}
	if fraud {
		rec.Labels = []model.Label{{Note: note, EntityKind: model.EntityAccount, EntityID: id}}
	}
	return rec, nil
}

// transactions.csv, older schema: no ID, time as a step.
const (
	otSource = iota
	otTarget
	otValue
	otTime
)

var oldTxKind = fileKind{
	name:     "transactions.csv (sourceNodeId)",
	columns:  []string{"sourceNodeId", "targetNodeId", "value", "time"},
	required: []string{"sourceNodeId", "targetNodeId", "value", "time"},
	parse:    parseOldTx,
}

func parseOldTx(r *reader) (ingest.Record, *ingest.RowError) {
	tx := model.Transaction{ID: ingest.PositionID(r.source, r.sc.Line()), Currency: r.f.currency(), Channel: model.ChannelTransfer}
	var rerr *ingest.RowError
	if tx.Originator, rerr = r.id(otSource); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Beneficiary, rerr = r.id(otTarget); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Amount, rerr = r.amount(otValue); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Time, rerr = r.step(otTime); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Tx: &tx}, nil
}

// The tiny example of the AMLSim README: accounts.csv, tx.csv, cash_tx.csv,
// alerts.csv.
const (
	taID = iota
	taCustomer
	taBalance
	taStart
	taEnd
	taCountry
	taBusiness
	taSuspicious
	taFraud
	taModel
)

var tinyAccountKind = fileKind{
	name:     "accounts.csv (ACCOUNT_ID)",
	columns:  []string{"ACCOUNT_ID", "PRIMARY_CUSTOMER_ID", "init_balance", "start", "end", "country", "business", "suspicious", "isFraud", "modelID"},
	required: []string{"ACCOUNT_ID", "PRIMARY_CUSTOMER_ID"},
	parse:    parseTinyAccount,
}

func parseTinyAccount(r *reader) (ingest.Record, *ingest.RowError) {
	a := model.Account{Currency: r.f.currency()}
	var rerr *ingest.RowError
	if a.ID, rerr = r.id(taID); rerr != nil {
		return ingest.Record{}, rerr
	}
	p := model.Party{Kind: model.Person}
	if p.ID, rerr = r.id(taCustomer); rerr != nil {
		return ingest.Record{}, rerr
	}
	a.Owners = []string{p.ID}
	if r.str(taBusiness) == "B" || r.str(taBusiness) == "O" {
		p.Kind = model.Organization
	}
	if len(r.field(taStart)) > 0 {
		t, rerr := r.step(taStart)
		if rerr != nil {
			return ingest.Record{}, rerr
		}
		a.Opened = model.DateOf(t)
	}
	if c := r.field(taCountry); len(c) > 0 {
		if !model.ValidCountry(string(c)) {
			return ingest.Record{}, r.bad(taCountry, "unknown country "+csvscan.Quote(c), "an ISO 3166-1 alpha-2 code such as US")
		}
		p.Address.Country = string(c)
	}
	rec := ingest.Record{Account: &a, Party: &p}
	if r.col(taFraud) >= 0 {
		fraud, rerr := r.flag(taFraud)
		if rerr != nil {
			return ingest.Record{}, rerr
		}
		if fraud {
			rec.Labels = []model.Label{{EntityKind: model.EntityAccount, EntityID: a.ID}}
		}
	}
	return rec, nil
}

const (
	ttID = iota
	ttAcct
	ttCounter
	ttType
	ttCount
	ttAmount
	ttStart
	ttEnd
)

var tinyTxKind = fileKind{
	name:     "tx.csv",
	columns:  []string{"TXN_ID", "ACCOUNT_ID", "COUNTER_PARTY_ACCOUNT_NUM", "TXN_SOURCE_TYPE_CODE", "tx_count", "TXN_AMOUNT_ORIG", "start", "end"},
	required: []string{"TXN_ID", "ACCOUNT_ID", "COUNTER_PARTY_ACCOUNT_NUM", "TXN_SOURCE_TYPE_CODE", "TXN_AMOUNT_ORIG", "start"},
	parse:    parseTinyTx,
}

func parseTinyTx(r *reader) (ingest.Record, *ingest.RowError) {
	tx := model.Transaction{Currency: r.f.currency()}
	var rerr *ingest.RowError
	if tx.ID, rerr = r.id(ttID); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Originator, rerr = r.id(ttAcct); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Beneficiary, rerr = r.id(ttCounter); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Channel, rerr = r.channel(ttType); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Amount, rerr = r.amount(ttAmount); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Time, rerr = r.step(ttStart); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Tx: &tx}, nil
}

const (
	tcID = iota
	tcAcct
	tcBranch
	tcType
	tcCount
	tcAmount
	tcDate
	tcEnd
)

var tinyCashKind = fileKind{
	name:     "cash_tx.csv",
	columns:  []string{"TXN_ID", "ACCOUNT_ID", "BRANCH_ID", "TXN_SOURCE_TYPE_CODE", "tx_count", "TXN_AMOUNT_ORIG", "RUN_DATE", "end"},
	required: []string{"TXN_ID", "ACCOUNT_ID", "TXN_SOURCE_TYPE_CODE", "TXN_AMOUNT_ORIG", "RUN_DATE"},
	parse:    parseTinyCash,
}

func parseTinyCash(r *reader) (ingest.Record, *ingest.RowError) {
	tx := model.Transaction{Currency: r.f.currency()}
	var rerr *ingest.RowError
	if tx.ID, rerr = r.id(tcID); rerr != nil {
		return ingest.Record{}, rerr
	}
	acct, rerr := r.id(tcAcct)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Channel, rerr = r.channel(tcType); rerr != nil {
		return ingest.Record{}, rerr
	}
	switch tx.Channel {
	case model.ChannelCashDeposit:
		tx.Beneficiary = acct
	case model.ChannelCashWithdrawal:
		tx.Originator = acct
	default:
		return ingest.Record{}, r.bad(tcType, "transaction type "+csvscan.Quote(r.field(tcType))+" is not cash", "CASH-IN or CASH-OUT")
	}
	if tx.Branch, rerr = r.optText(tcBranch); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Amount, rerr = r.amount(tcAmount); rerr != nil {
		return ingest.Record{}, rerr
	}
	if tx.Time, rerr = r.step(tcDate); rerr != nil {
		return ingest.Record{}, rerr
	}
	return ingest.Record{Tx: &tx}, nil
}

const (
	alKey = iota
	alText
	alAcct
	alCust
	alDate
	alCheck
	alOrgType
	alEscalated
)

var tinyAlertKind = fileKind{
	name: "alerts.csv",
	columns: []string{"ALERT_KEY", "ALERT_TEXT", "ACCOUNT_ID", "CUSTOMER_ID", "EVENT_DATE", "CHECK_NAME",
		"Organization_Type", "Escalated_To_Case_Investigation"},
	required: []string{"ALERT_TEXT", "ACCOUNT_ID", "CHECK_NAME"},
	parse:    parseTinyAlert,
}

// parseTinyAlert reads a row of the README's alerts.csv. ALERT_TEXT is taken
// as the alert (both example rows of one cycle share ALERT_TEXT 1, while
// ALERT_KEY numbers the rows).
func parseTinyAlert(r *reader) (ingest.Record, *ingest.RowError) {
	caseID, rerr := r.alertCase(alText)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	acct, rerr := r.id(alAcct)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	typ, note, rerr := r.typology(alCheck)
	if rerr != nil {
		return ingest.Record{}, rerr
	}
	sar := true
	if r.col(alEscalated) >= 0 {
		if sar, rerr = r.flag(alEscalated); rerr != nil {
			return ingest.Record{}, rerr
		}
	}
	if !sar {
		return ingest.Record{}, nil
	}
	// CUSTOMER_ID here is the account number ("25"), not the
	// PRIMARY_CUSTOMER_ID of accounts.csv ("C_25"): only the account is
	// labelled.
	return ingest.Record{Labels: []model.Label{{CaseID: caseID, Typology: typ, Note: note, EntityKind: model.EntityAccount, EntityID: acct}}}, nil
}
