package synth

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// Output receives the generated records. Generate calls Party and Account
// for every party and account first, then Transaction in time order, and
// Label for each label (party and account labels before the first
// transaction, transaction labels as their transactions are written). The
// records passed are not retained by Generate after the call returns
// except where noted, but an Output must not modify them.
type Output interface {
	Party(p *model.Party) error
	Account(a *model.Account) error
	Transaction(t *model.Transaction) error
	Label(l model.Label) error
}

// Memory is an Output that keeps everything in memory, for tests and for
// callers that generate small banks.
type Memory struct {
	Parties      []model.Party
	Accounts     []model.Account
	Transactions []model.Transaction
	Labels       []model.Label
}

// Party implements Output.
func (m *Memory) Party(p *model.Party) error { m.Parties = append(m.Parties, *p); return nil }

// Account implements Output.
func (m *Memory) Account(a *model.Account) error { m.Accounts = append(m.Accounts, *a); return nil }

// Transaction implements Output.
func (m *Memory) Transaction(t *model.Transaction) error {
	m.Transactions = append(m.Transactions, *t)
	return nil
}

// Label implements Output.
func (m *Memory) Label(l model.Label) error { m.Labels = append(m.Labels, l); return nil }

// Writers are the destinations of the four native files.
type Writers struct {
	Parties, Accounts, Transactions, Labels io.Writer
}

// Column orders of the native CSV files (docs/formats.md).
var (
	TransactionColumns = []string{"tx_id", "timestamp", "originator_account", "beneficiary_account", "amount", "currency",
		"amount_received", "currency_received", "channel", "memo", "counterparty_name", "counterparty_country",
		"counterparty_type", "counterparty_naics", "counterparty_bank", "counterparty_account", "branch", "mcc"}
	AccountColumns = []string{"account_id", "institution", "owners", "type", "currency", "opened", "closed", "branch"}
	PartyColumns   = []string{"party_id", "kind", "name", "given_name", "family_name", "name_script", "aliases", "former_names",
		"birth_date", "nationalities", "citizenships", "documents", "occupation", "declared_income",
		"expected_monthly_count", "expected_monthly_amount", "expected_countries", "source_of_funds",
		"address_line", "city", "region", "postal_code", "country", "phones", "emails", "device_ids",
		"onboarded", "onboarded_by", "naics", "employees", "annual_revenue", "incorporated", "owners"}
	LabelColumns = []string{"case_id", "typology", "entity_kind", "entity_id", "note"}
)

// CSV writes the native CSV format. Call Flush when done.
type CSV struct {
	parties, accounts, txs, labels *csv.Writer
	bufs                           []*bufio.Writer
	rec                            []string
	num                            []byte
	headers                        bool
}

// NewCSV returns an Output writing the four native CSV files to w.
func NewCSV(w Writers) *CSV {
	c := &CSV{}
	mk := func(dst io.Writer) *csv.Writer {
		b := bufio.NewWriterSize(dst, 256<<10)
		c.bufs = append(c.bufs, b)
		return csv.NewWriter(b)
	}
	c.parties, c.accounts, c.txs, c.labels = mk(w.Parties), mk(w.Accounts), mk(w.Transactions), mk(w.Labels)
	return c
}

func (c *CSV) writeHeaders() error {
	if c.headers {
		return nil
	}
	c.headers = true
	for _, h := range []struct {
		w    *csv.Writer
		cols []string
	}{{c.parties, PartyColumns}, {c.accounts, AccountColumns}, {c.txs, TransactionColumns}, {c.labels, LabelColumns}} {
		if err := h.w.Write(h.cols); err != nil {
			return err
		}
	}
	return nil
}

// Party implements Output.
func (c *CSV) Party(p *model.Party) error {
	if err := c.writeHeaders(); err != nil {
		return err
	}
	var primary model.Name
	var aliases, former []string
	for i, n := range p.Names {
		switch {
		case i == 0:
			primary = n
		case n.Kind == model.NameFormer:
			former = append(former, n.Full)
		default:
			aliases = append(aliases, n.Full)
		}
	}
	docs := make([]string, len(p.Documents))
	for i, d := range p.Documents {
		docs[i] = documentCell(d)
	}
	var income, count, amount, countries, employees, revenue string
	if p.DeclaredIncome != nil {
		income = decimal(*p.DeclaredIncome)
	}
	if e := p.ExpectedActivity; e != nil {
		count = strconv.Itoa(e.MonthlyCount)
		amount = decimal(e.MonthlyAmount)
		countries = strings.Join(e.Countries, ";")
	}
	if p.Employees != nil {
		employees = strconv.Itoa(*p.Employees)
	}
	if p.AnnualRevenue != nil {
		revenue = decimal(*p.AnnualRevenue)
	}
	rec := []string{p.ID, string(p.Kind), primary.Full, primary.Given, primary.Family, string(primary.Script),
		strings.Join(aliases, ";"), strings.Join(former, ";"), p.BirthDate.String(),
		strings.Join(p.Nationalities, ";"), strings.Join(p.Citizenships, ";"), strings.Join(docs, ";"),
		p.Occupation, income, count, amount, countries, p.SourceOfFunds,
		p.Address.Line, p.Address.City, p.Address.Region, p.Address.PostalCode, p.Address.Country,
		strings.Join(p.Phones, ";"), strings.Join(p.Emails, ";"), strings.Join(p.DeviceIDs, ";"),
		p.Onboarded.String(), p.OnboardedBy, p.NAICS, employees, revenue, p.Incorporated.String(),
		strings.Join(p.Owners, ";")}
	return c.parties.Write(rec)
}

// documentCell writes a document as type:number:country:issued:expires:class,
// leaving out empty trailing parts.
func documentCell(d model.IDDocument) string {
	parts := []string{string(d.Type), d.Number, d.Country, d.Issued.String(), d.Expires.String(), d.Class}
	n := len(parts)
	for n > 2 && parts[n-1] == "" {
		n--
	}
	return strings.Join(parts[:n], ":")
}

// Account implements Output.
func (c *CSV) Account(a *model.Account) error {
	if err := c.writeHeaders(); err != nil {
		return err
	}
	return c.accounts.Write([]string{a.ID, a.Institution, strings.Join(a.Owners, ";"), string(a.Type), a.Currency,
		a.Opened.String(), a.Closed.String(), a.Branch})
}

// Transaction implements Output.
func (c *CSV) Transaction(t *model.Transaction) error {
	if err := c.writeHeaders(); err != nil {
		return err
	}
	if c.rec == nil {
		c.rec = make([]string, len(TransactionColumns))
	}
	r := c.rec
	r[0] = t.ID
	c.num = t.Time.AppendFormat(c.num[:0], time.RFC3339)
	r[1] = string(c.num)
	r[2], r[3] = t.Originator, t.Beneficiary
	r[4], r[5] = decimal(t.Amount), t.Currency
	r[6], r[7] = "", ""
	if t.CurrencyReceived != "" {
		r[6], r[7] = decimal(t.AmountReceived), t.CurrencyReceived
	}
	r[8], r[9] = string(t.Channel), t.Memo
	cp := &t.Counterparty
	r[10], r[11], r[12], r[13], r[14], r[15] = cp.Name, cp.Country, string(cp.Type), cp.NAICS, cp.Bank, cp.Account
	r[16], r[17] = t.Branch, t.MCC
	return c.txs.Write(r)
}

// Label implements Output.
func (c *CSV) Label(l model.Label) error {
	if err := c.writeHeaders(); err != nil {
		return err
	}
	return c.labels.Write([]string{l.CaseID, string(l.Typology), string(l.EntityKind), l.EntityID, l.Note})
}

// Flush writes the headers (of empty files too) and everything buffered.
func (c *CSV) Flush() error {
	if err := c.writeHeaders(); err != nil {
		return err
	}
	for _, w := range []*csv.Writer{c.parties, c.accounts, c.txs, c.labels} {
		w.Flush()
		if err := w.Error(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	for _, b := range c.bufs {
		if err := b.Flush(); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return nil
}

// decimal writes an amount with at most two decimals and no exponent.
func decimal(x float64) string {
	if x == float64(int64(x)) {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// JSONL writes the native JSON-lines format: one object per line, each with
// its "record" kind. Call Flush when done.
type JSONL struct {
	parties, accounts, txs, labels *json.Encoder
	bufs                           []*bufio.Writer
}

// NewJSONL returns an Output writing the four native JSON-lines files to w.
func NewJSONL(w Writers) *JSONL {
	j := &JSONL{}
	mk := func(dst io.Writer) *json.Encoder {
		b := bufio.NewWriterSize(dst, 256<<10)
		j.bufs = append(j.bufs, b)
		e := json.NewEncoder(b)
		e.SetEscapeHTML(false)
		return e
	}
	j.parties, j.accounts, j.txs, j.labels = mk(w.Parties), mk(w.Accounts), mk(w.Transactions), mk(w.Labels)
	return j
}

// Party implements Output.
func (j *JSONL) Party(p *model.Party) error {
	return j.parties.Encode(struct {
		Record string `json:"record"`
		*model.Party
	}{"party", p})
}

// Account implements Output.
func (j *JSONL) Account(a *model.Account) error {
	return j.accounts.Encode(struct {
		Record string `json:"record"`
		*model.Account
	}{"account", a})
}

// Transaction implements Output.
func (j *JSONL) Transaction(t *model.Transaction) error {
	return j.txs.Encode(struct {
		Record string `json:"record"`
		*model.Transaction
	}{"transaction", t})
}

// Label implements Output.
func (j *JSONL) Label(l model.Label) error {
	return j.labels.Encode(struct {
		Record string `json:"record"`
		model.Label
	}{"label", l})
}

// Flush writes everything buffered.
func (j *JSONL) Flush() error {
	for _, b := range j.bufs {
		if err := b.Flush(); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	return nil
}
