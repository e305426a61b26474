package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
)

// narrativeBudget is what DraftNarrative aims at: the schema's 17,000
// characters less room lost to cutting the text into blocks at word
// boundaries.
const narrativeBudget = NarrativeLimit - 400

// maxNarrativeAlerts is the number of alerts the narrative explains one by
// one; the rest are counted.
const maxNarrativeAlerts = 25

// typologyWhy says, for each typology, why the activity is suspicious.
var typologyWhy = map[model.Typology]string{
	model.TypStructuring:       "cash kept below the $10,000 Currency Transaction Report threshold (31 CFR 1010.311), which is how structuring to evade the report looks (31 U.S.C. 5324)",
	model.TypSmurfing:          "cash paid into one account at several branches within hours, each deposit below the CTR threshold, as FIN-2025-A003 describes money-mule networks placing cartel cash",
	model.TypFunnel:            "cash deposited by many people in many places and taken out elsewhere, the pattern of a funnel account",
	model.TypPassThrough:       "money received and sent on within days, to new recipients or abroad, with no apparent purpose",
	model.TypUnexplainedWealth: "money coming in far beyond what the customer's declared occupation and income explain",
	model.TypRealEstate:        "funds moved to real-estate escrow or title companies by cashier's check or wire, by a customer whose income does not explain them",
	model.TypTBML:              "payments that look like trade-based money laundering: goods bought, or card balances paid, with money from unrelated senders",
	model.TypMirror:            "deposits in the United States matched by payments abroad, as in the mirror transactions of an informal value transfer system",
	model.TypInsider:           "one employee opening many high-risk accounts",
	model.TypSharedIdentifier:  "one identity document, phone or device shared by several customers",
	model.TypSanctions:         "a party that matches a sanctions or watch list",
	model.TypModelScore:        "activity that a statistical model scored as highly unusual for the account",
	model.TypFanIn:             "a burst of payments into the account from many new counterparties",
	model.TypFanOut:            "a burst of payments out of the account to many new counterparties",
	model.TypCycle:             "money that returns to where it started through a chain of accounts",
	model.TypScatterGather:     "money spread over several accounts and gathered again",
	model.TypGatherScatter:     "money gathered from several accounts and spread out again",
	model.TypStack:             "money layered through several rows of accounts",
	model.TypBipartite:         "many-to-many payments between two groups of accounts",
}

// DraftNarrative drafts a SAR narrative from a case's evidence: who the
// subjects are, what happened, when, where, why it is suspicious and how
// it was found, with amounts and dates. When an advisory rule raised an
// alert, its key term opens the first sentence (FIN-2025-A003 asks for
// "CMLN-2025-A003" in the narrative). The draft stays within the SAR's
// 17,000 characters: the transaction listing is cut first.
func DraftNarrative(f Filer, c SARCase, filed time.Time) string {
	facts := activityFacts(c)
	var head []string
	head = append(head, summaryParagraph(f, c, facts))
	if p := subjectsParagraph(c); p != "" {
		head = append(head, p)
	}
	if p := activityParagraph(facts); p != "" {
		head = append(head, p)
	}
	head = append(head, whyParagraph(c))
	head = append(head, howParagraph(c))
	tail := closingParagraph(f, c)

	text := strings.Join(head, "\n\n")
	budget := narrativeBudget - utf8.RuneCountInString(text) - utf8.RuneCountInString(tail) - 4
	if list := transactionList(c, facts, budget); list != "" {
		text += "\n\n" + list
	}
	text += "\n\n" + tail
	if utf8.RuneCountInString(text) > narrativeBudget {
		text = string([]rune(text)[:narrativeBudget-1]) + "…"
	}
	return text
}

// facts are the figures of a SAR's activity.
type facts struct {
	from, to     time.Time
	usd          float64 // total in US dollars
	usdCount     int
	other        map[string]float64 // amounts in other currencies
	ours         map[string]bool    // the subjects' accounts
	groups       map[string]*txGroup
	branches     map[string]int
	transactions []model.Transaction // in time order
}

type txGroup struct {
	noun      string // what is counted, singular
	rest      string // what follows the counted noun
	count     int
	usd       float64
	from, to  time.Time
	countries map[string]int
	parties   map[string]bool
}

// activityFacts sums the evidence: dates, amounts, channels, branches and
// counterparties, seen from the subjects' accounts.
func activityFacts(c SARCase) facts {
	fs := facts{other: map[string]float64{}, ours: map[string]bool{}, groups: map[string]*txGroup{}, branches: map[string]int{}}
	for _, id := range c.Case.Accounts {
		fs.ours[id] = true
	}
	for _, s := range c.Subjects {
		for _, a := range s.Accounts {
			fs.ours[a.ID] = true
		}
	}
	fs.transactions = slices.Clone(c.Transactions)
	slices.SortFunc(fs.transactions, func(a, b model.Transaction) int {
		return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.ID, b.ID))
	})
	for _, t := range fs.transactions {
		if fs.from.IsZero() || t.Time.Before(fs.from) {
			fs.from = t.Time
		}
		if t.Time.After(fs.to) {
			fs.to = t.Time
		}
		usd, ok := usdAmount(t)
		if ok {
			fs.usd += usd
			fs.usdCount++
		} else {
			fs.other[t.Currency] += t.Amount
		}
		if t.Branch != "" {
			fs.branches[t.Branch]++
		}
		dir := "moved"
		switch {
		case fs.ours[t.Beneficiary] && !fs.ours[t.Originator]:
			dir = "in"
		case fs.ours[t.Originator] && !fs.ours[t.Beneficiary]:
			dir = "out"
		}
		key := dir + " " + string(t.Channel)
		g := fs.groups[key]
		if g == nil {
			noun, rest := groupLabel(dir, t.Channel)
			g = &txGroup{noun: noun, rest: rest, from: t.Time, countries: map[string]int{}, parties: map[string]bool{}}
			fs.groups[key] = g
		}
		g.count++
		g.usd += usd
		g.to = t.Time
		if t.Counterparty.Country != "" {
			g.countries[t.Counterparty.Country]++
		}
		if cp := cmp.Or(t.Counterparty.Name, t.Counterparty.Account); cp != "" {
			g.parties[cp] = true
		}
	}
	if fs.from.IsZero() {
		for _, a := range c.Alerts {
			if !a.WindowStart.IsZero() && (fs.from.IsZero() || a.WindowStart.Before(fs.from)) {
				fs.from = a.WindowStart
			}
			if a.WindowEnd.After(fs.to) {
				fs.to = a.WindowEnd
			}
		}
	}
	return fs
}

// usdAmount returns a transaction's amount in US dollars, when one of its
// sides is in dollars.
func usdAmount(t model.Transaction) (float64, bool) {
	if t.Currency == "USD" {
		return t.Amount, true
	}
	if amt, cur := t.Received(); cur == "USD" {
		return amt, true
	}
	return 0, false
}

// groupLabel names a kind of transaction, seen from the subjects'
// accounts, as a noun to count and what follows it.
func groupLabel(dir string, ch model.Channel) (noun, rest string) {
	name := strings.ReplaceAll(string(ch), "_", " ")
	switch ch {
	case model.ChannelCashDeposit, model.ChannelCashWithdrawal:
		return name, ""
	case model.ChannelCashiersCheck:
		name = "cashier's check"
	case model.ChannelACH, model.ChannelP2P:
		name = strings.ToUpper(name)
	}
	switch dir {
	case "in":
		return "incoming " + name + " payment", ""
	case "out":
		return "outgoing " + name + " payment", ""
	}
	return name + " payment", " between the subjects' accounts"
}

func summaryParagraph(f Filer, c SARCase, fs facts) string {
	var b strings.Builder
	if terms := keyTerms(c.Alerts); len(terms) > 0 {
		b.WriteString(strings.Join(terms, ", ") + ": ")
	}
	fmt.Fprintf(&b, "%s is filing this suspicious activity report about %s", f.Institution.Name, who(c))
	var what []string
	for _, code := range sarCodes(c.Alerts) {
		if d := rules.SARDescription(code.Subtype); d != "" {
			what = append(what, strings.ToLower(d[:1])+d[1:])
		}
	}
	if len(what) > 0 {
		fmt.Fprintf(&b, " for activity classed as %s", joinWords(what))
	}
	if !fs.from.IsZero() {
		if day(fs.from) == day(fs.to) || fs.to.IsZero() {
			fmt.Fprintf(&b, " on %s", day(fs.from))
		} else {
			fmt.Fprintf(&b, " between %s and %s", day(fs.from), day(fs.to))
		}
	}
	if n := len(fs.transactions); n > 0 {
		fmt.Fprintf(&b, ": %s totalling $%s", plural(n, "transaction"), FormatAmount(fs.usd))
	}
	b.WriteString(".")
	var advisories []string
	for _, a := range c.Alerts {
		for _, adv := range a.Advisories {
			if !slices.Contains(advisories, adv) {
				advisories = append(advisories, adv)
			}
		}
	}
	if len(advisories) > 0 {
		fmt.Fprintf(&b, " The activity matches red flags of FinCEN advisory %s.", joinWords(advisories))
	}
	return b.String()
}

// who names the subjects for the first sentence.
func who(c SARCase) string {
	if len(c.Subjects) == 0 {
		if len(c.Case.Accounts) > 0 {
			return "an unidentified person using account " + joinWords(c.Case.Accounts)
		}
		return "an unidentified subject"
	}
	var names []string
	for i, s := range c.Subjects {
		if i == 3 {
			names = append(names, plural(len(c.Subjects)-3, "other subject"))
			break
		}
		role := "customer"
		if s.Party.Kind == model.Organization {
			role = "business customer"
		}
		names = append(names, fmt.Sprintf("%s (%s %s)", cmp.Or(s.Party.PrimaryName(), "name unknown"), role, s.Party.ID))
	}
	return joinWords(names)
}

func subjectsParagraph(c SARCase) string {
	var parts []string
	for _, s := range c.Subjects {
		p := s.Party
		var d []string
		var aka []string
		for _, n := range p.Names[min(1, len(p.Names)):] {
			aka = append(aka, n.Full)
		}
		line := cmp.Or(p.PrimaryName(), p.ID)
		if len(aka) > 0 {
			line += " (also known as " + strings.Join(aka, "; ") + ")"
		}
		if !p.BirthDate.IsZero() {
			d = append(d, "born "+p.BirthDate.String())
		}
		if !p.Incorporated.IsZero() {
			d = append(d, "incorporated "+p.Incorporated.String())
		}
		if len(p.Nationalities) > 0 {
			d = append(d, "nationality "+strings.Join(p.Nationalities, ", "))
		}
		if p.Occupation != "" {
			occ := "occupation: " + p.Occupation
			if p.DeclaredIncome != nil {
				occ += fmt.Sprintf(", declared annual income $%s", FormatAmount(*p.DeclaredIncome))
			}
			d = append(d, occ)
		}
		if p.NAICS != "" {
			d = append(d, "NAICS "+p.NAICS)
		}
		for _, doc := range p.Documents {
			s := strings.ReplaceAll(string(doc.Type), "_", " ")
			if doc.Type == model.DocVisa && doc.Class != "" {
				s += " " + doc.Class
			}
			s += " " + doc.Number
			if doc.Country != "" {
				s += " issued by " + doc.Country
			}
			if !doc.Issued.IsZero() {
				s += " on " + doc.Issued.String()
			}
			d = append(d, s)
		}
		if p.SourceOfFunds != "" {
			d = append(d, "declared source of funds: "+p.SourceOfFunds)
		}
		if !p.Address.IsZero() {
			d = append(d, "address: "+p.Address.String())
		}
		if !p.Onboarded.IsZero() {
			d = append(d, "customer since "+p.Onboarded.String())
		}
		var accts []string
		for _, a := range s.Accounts {
			x := a.ID
			var what []string
			if a.Type != "" {
				what = append(what, string(a.Type))
			}
			if !a.Opened.IsZero() {
				what = append(what, "opened "+a.Opened.String())
			}
			if !a.Closed.IsZero() {
				what = append(what, "closed "+a.Closed.String())
			}
			if a.Institution != "" {
				what = append(what, "at "+a.Institution)
			}
			if len(what) > 0 {
				x += " (" + strings.Join(what, ", ") + ")"
			}
			accts = append(accts, x)
		}
		if len(accts) > 0 {
			d = append(d, "accounts: "+strings.Join(accts, "; "))
		}
		if len(d) > 0 {
			line += ": " + strings.Join(d, "; ")
		}
		parts = append(parts, line+".")
	}
	if len(parts) == 0 {
		return ""
	}
	return "Subjects. " + strings.Join(parts, " ")
}

func activityParagraph(fs facts) string {
	if len(fs.groups) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(fs.groups))
	var parts []string
	for _, k := range keys {
		g := fs.groups[k]
		s := plural(g.count, g.noun) + g.rest
		if g.usd > 0 {
			s += fmt.Sprintf(" totalling $%s", FormatAmount(g.usd))
		}
		if day(g.from) == day(g.to) {
			s += " on " + day(g.from)
		} else {
			s += fmt.Sprintf(" from %s to %s", day(g.from), day(g.to))
		}
		if n := len(g.parties); n > 0 {
			s += fmt.Sprintf(", with %s", plural(n, "counterparty"))
		}
		if len(g.countries) > 0 {
			s += " (" + countryList(g.countries) + ")"
		}
		parts = append(parts, s)
	}
	text := "Activity. " + upperFirst(strings.Join(parts, "; ")) + "."
	if len(fs.branches) > 0 {
		var bs []string
		for _, id := range slices.Sorted(maps.Keys(fs.branches)) {
			bs = append(bs, fmt.Sprintf("%s (%d)", id, fs.branches[id]))
		}
		text += " Branches involved: " + strings.Join(bs, ", ") + "."
	}
	if len(fs.other) > 0 {
		var os []string
		for _, cur := range slices.Sorted(maps.Keys(fs.other)) {
			os = append(os, cur+" "+FormatAmount(fs.other[cur]))
		}
		text += " Amounts in other currencies, not included in the dollar total: " + strings.Join(os, ", ") + "."
	}
	return text
}

func whyParagraph(c SARCase) string {
	alerts := slices.Clone(c.Alerts)
	slices.SortFunc(alerts, func(a, b model.Alert) int {
		return cmp.Or(a.WindowStart.Compare(b.WindowStart), strings.Compare(a.ID, b.ID))
	})
	var b strings.Builder
	b.WriteString("Why the activity is suspicious.")
	for i, a := range alerts {
		if i == maxNarrativeAlerts {
			fmt.Fprintf(&b, " %s of the same kinds are in the case file.", plural(len(alerts)-i, "further alert"))
			break
		}
		reason := alertReason(a)
		if !strings.HasPrefix(reason, a.RuleID) || a.RuleID == "" {
			fmt.Fprintf(&b, " %s", cmp.Or(a.RuleID, string(a.Source)))
		} else {
			fmt.Fprintf(&b, " %s", a.RuleID)
			reason = strings.TrimSpace(strings.TrimPrefix(reason, a.RuleID))
		}
		if why := typologyWhy[a.Typology]; why != "" {
			fmt.Fprintf(&b, " (%s)", why)
		}
		if !a.WindowStart.IsZero() {
			if day(a.WindowStart) == day(a.WindowEnd) || a.WindowEnd.IsZero() {
				fmt.Fprintf(&b, ", on %s", day(a.WindowStart))
			} else {
				fmt.Fprintf(&b, ", %s to %s", day(a.WindowStart), day(a.WindowEnd))
			}
		}
		if reason != "" {
			fmt.Fprintf(&b, ": %s.", reason)
		} else {
			b.WriteString(".")
		}
	}
	return b.String()
}

// alertReason is an alert's reason for the narrative: without the
// window and transaction list some engines append (the narrative lists
// the transactions itself) and without a final full stop.
func alertReason(a model.Alert) string {
	r := strings.TrimSpace(a.Reason)
	if i := strings.Index(r, ". Window "); i > 0 {
		r = r[:i]
	}
	return strings.TrimSuffix(r, ".")
}

func howParagraph(c SARCase) string {
	var b strings.Builder
	fmt.Fprintf(&b, "How it was found. Transaction monitoring raised %s", plural(len(c.Case.Alerts), "alert"))
	if !c.Case.Detected.IsZero() {
		fmt.Fprintf(&b, ", the first on %s", day(c.Case.Detected))
	}
	fmt.Fprintf(&b, "; they were reviewed in case %s.", c.Case.ID)
	names := map[string]string{}
	for _, s := range c.Subjects {
		names[s.Party.ID] = s.Party.PrimaryName()
	}
	for _, r := range c.Case.RFIs {
		fmt.Fprintf(&b, " On %s the bank asked %s about the activity; %s", day(r.Time), cmp.Or(names[r.Party], r.Party), rfiWords(r.Outcome))
		if r.Note != "" {
			fmt.Fprintf(&b, " (%s)", strings.TrimSuffix(r.Note, "."))
		}
		b.WriteString(".")
	}
	if p := c.Case.PriorSAR; p != nil {
		fmt.Fprintf(&b, " This report continues the SAR filed on %s", day(p.Filed))
		if p.BSAID != "" {
			fmt.Fprintf(&b, " (BSA ID %s)", p.BSAID)
		}
		b.WriteString(": the activity has continued since.")
	}
	return b.String()
}

func rfiWords(o model.RFIOutcome) string {
	switch o {
	case model.RFIRefused:
		return "the customer refused to explain the source of the funds"
	case model.RFIEvasive:
		return "the customer's answer was evasive and did not explain the source of the funds"
	case model.RFILoanRepayment:
		return "the customer said the money was the repayment of a loan"
	case model.RFIAnswered:
		return "the customer answered"
	}
	return "outcome " + string(o)
}

// transactionList lists the evidence, one transaction per line, within
// budget characters.
func transactionList(c SARCase, fs facts, budget int) string {
	if len(fs.transactions) == 0 || budget < 200 {
		return ""
	}
	head := "Transactions (UTC)."
	lines := []string{head}
	used := utf8.RuneCountInString(head)
	for i, t := range fs.transactions {
		l := transactionLine(t, fs.ours)
		more := fmt.Sprintf("%d more transactions are listed in case %s.", len(fs.transactions)-i, c.Case.ID)
		if used+utf8.RuneCountInString(l)+1+utf8.RuneCountInString(more)+1 > budget {
			lines = append(lines, more)
			break
		}
		lines = append(lines, l)
		used += utf8.RuneCountInString(l) + 1
	}
	return strings.Join(lines, "\n")
}

func transactionLine(t model.Transaction, ours map[string]bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s %s %s", t.Time.UTC().Format("2006-01-02 15:04"), t.ID,
		strings.ReplaceAll(string(t.Channel), "_", " "), t.Currency, FormatAmount(t.Amount))
	if t.Originator != "" {
		fmt.Fprintf(&b, " from %s", t.Originator)
	}
	if t.Beneficiary != "" {
		fmt.Fprintf(&b, " to %s", t.Beneficiary)
	}
	cp := t.Counterparty
	if name := cmp.Or(cp.Name, cp.Account); name != "" {
		side := "counterparty"
		if ours[t.Beneficiary] {
			side = "from"
		} else if ours[t.Originator] {
			side = "to"
		}
		fmt.Fprintf(&b, ", %s %s", side, name)
		var at []string
		if cp.Country != "" {
			at = append(at, cp.Country)
		}
		if cp.Bank != "" {
			at = append(at, "bank "+cp.Bank)
		}
		if len(at) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(at, ", "))
		}
	}
	if t.Branch != "" {
		fmt.Fprintf(&b, ", branch %s", t.Branch)
	}
	if t.Memo != "" {
		fmt.Fprintf(&b, ", memo %q", t.Memo)
	}
	return b.String()
}

func closingParagraph(f Filer, c SARCase) string {
	s := fmt.Sprintf("Supporting documentation is kept with case %s and retained for five years from the filing date (31 CFR 1020.320(d)). Contact: %s", c.Case.ID, f.ContactOffice.Name)
	if f.ContactOffice.Phone != "" {
		s += ", " + f.ContactOffice.Phone
	}
	return s + "."
}

// splitNarrative cuts text into the SAR's narrative blocks: at most
// narrativeBlock characters each, cut at a line break or a space where
// possible.
func splitNarrative(text string) []string {
	var out []string
	r := []rune(text)
	for len(r) > 0 && len(out) < 5 {
		if len(r) <= narrativeBlock {
			out = append(out, string(r))
			break
		}
		cut := narrativeBlock
		for i := narrativeBlock; i > narrativeBlock-400; i-- {
			if r[i] == '\n' || r[i] == ' ' {
				cut = i
				break
			}
		}
		out = append(out, string(r[:cut]))
		r = r[cut:]
		for len(r) > 0 && (r[0] == '\n' || r[0] == ' ') {
			r = r[1:]
		}
	}
	return out
}

func countryList(m map[string]int) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b)) })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func day(t time.Time) string { return t.UTC().Format(model.DateLayout) }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// joinWords joins "a", "a and b", "a, b and c".
func joinWords(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
