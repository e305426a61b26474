package report

import (
	"cmp"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"math"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

//go:embed templates/*
var templates embed.FS

// Counts are the sizes shown at the top of an alert report.
type Counts struct {
	Parties      int64 `json:"parties"`
	Accounts     int64 `json:"accounts"`
	Transactions int64 `json:"transactions"`
	Alerts       int64 `json:"alerts"`
}

// TypologyCount is the number of alerts (and distinct subjects) of one
// typology.
type TypologyCount struct {
	Typology model.Typology `json:"typology"`
	Alerts   int            `json:"alerts"`
	Subjects int            `json:"subjects"`
}

// AlertDetail is one alert with what a reader needs to check it: the
// subject's name and the evidence transactions.
type AlertDetail struct {
	Alert        model.Alert
	SubjectName  string
	Evidence     []model.Transaction // in time order; may be a prefix of the evidence
	MoreEvidence int                 // evidence transactions not listed
}

// EvidenceTotal returns the sum of the listed evidence amounts per currency,
// as "USD 182,400.00; MXN 1,000.00".
func (d AlertDetail) EvidenceTotal() string {
	sums := map[string]float64{}
	for _, t := range d.Evidence {
		sums[t.Currency] += t.Amount
	}
	cur := make([]string, 0, len(sums))
	for c := range sums {
		cur = append(cur, c)
	}
	slices.Sort(cur)
	parts := make([]string, len(cur))
	for i, c := range cur {
		parts[i] = c + " " + FormatAmount(sums[c])
	}
	return strings.Join(parts, "; ")
}

// TruthRow compares planted (labelled) cases of one typology with what was
// alerted: how many cases had at least one alert on their accounts, parties
// or transactions.
type TruthRow struct {
	Typology model.Typology `json:"typology"`
	Cases    int            `json:"cases"`
	Detected int            `json:"detected"`
}

// AlertReport is everything an alert report shows.
type AlertReport struct {
	Title     string
	Generated time.Time
	Database  string
	Counts    Counts
	Typology  []TypologyCount
	Alerts    []AlertDetail
	// Truth, when not empty, compares the alerts with the ground truth of a
	// generated bank (the demo knows which cases it planted).
	Truth []TruthRow
}

// SortAlerts orders alerts by severity, then score, both descending, then ID.
func SortAlerts(alerts []model.Alert) {
	slices.SortStableFunc(alerts, func(a, b model.Alert) int {
		if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// CountByTypology counts alerts and distinct subjects per typology, most
// alerts first.
func CountByTypology(alerts []model.Alert) []TypologyCount {
	idx := map[model.Typology]int{}
	subjects := map[model.Typology]map[model.Subject]bool{}
	var out []TypologyCount
	for _, a := range alerts {
		i, ok := idx[a.Typology]
		if !ok {
			i = len(out)
			idx[a.Typology] = i
			out = append(out, TypologyCount{Typology: a.Typology})
			subjects[a.Typology] = map[model.Subject]bool{}
		}
		out[i].Alerts++
		subjects[a.Typology][a.Subject] = true
	}
	for i := range out {
		out[i].Subjects = len(subjects[out[i].Typology])
	}
	slices.SortStableFunc(out, func(a, b TypologyCount) int {
		if c := cmp.Compare(b.Alerts, a.Alerts); c != 0 {
			return c
		}
		return cmp.Compare(a.Typology, b.Typology)
	})
	return out
}

// FormatAmount writes an amount with thousands separators and two decimals:
// 1234567.891 → "1,234,567.89".
func FormatAmount(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	s := fmt.Sprintf("%.2f", v)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}

var funcs = map[string]any{
	"amount": FormatAmount,
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"score": func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"pct": func(a, b int) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
	},
	"sar": func(codes []model.SARCode) string {
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = fmt.Sprintf("%d/%d", c.Type, c.Subtype)
		}
		return strings.Join(parts, ", ")
	},
	"counterparty": func(t model.Transaction) string {
		c := t.Counterparty
		if c.Name == "" && c.Country == "" {
			return ""
		}
		if c.Country == "" {
			return c.Name
		}
		return c.Name + " (" + c.Country + ")"
	},
	"md":  mdEscape,
	"add": func(a, b int) int { return a + b },
}

// mdEscape makes s safe inside a Markdown table cell.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// WriteHTML writes r as a self-contained HTML page.
func WriteHTML(w io.Writer, r AlertReport) error {
	t, err := htmltemplate.New("alerts.html.tmpl").Funcs(funcs).ParseFS(templates, "templates/alerts.html.tmpl")
	if err != nil {
		return fmt.Errorf("report: parse HTML template: %w", err)
	}
	if err := t.Execute(w, r); err != nil {
		return fmt.Errorf("report: write HTML: %w", err)
	}
	return nil
}

// WriteMarkdown writes r as Markdown (GitHub-flavoured tables).
func WriteMarkdown(w io.Writer, r AlertReport) error {
	t, err := texttemplate.New("alerts.md.tmpl").Funcs(funcs).ParseFS(templates, "templates/alerts.md.tmpl")
	if err != nil {
		return fmt.Errorf("report: parse Markdown template: %w", err)
	}
	if err := t.Execute(w, r); err != nil {
		return fmt.Errorf("report: write Markdown: %w", err)
	}
	return nil
}
