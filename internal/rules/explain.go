package rules

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"
)

// template is a rule's explanation: text with {{ expression }} holes that
// render the values of the firing.
type template struct {
	parts []templatePart
	deps  []string
}

type templatePart struct {
	text    string
	program *vm.Program // nil for literal text
}

// splitTemplate cuts a template into literal text and expressions, and
// reports the line (1-based) on which each expression starts.
func splitTemplate(s string) (texts []string, exprs []string, lines []int, err error) {
	line := 1
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			if strings.Contains(s, "}}") {
				return nil, nil, nil, errors.New(`"}}" without "{{"`)
			}
			texts = append(texts, s)
			return texts, exprs, lines, nil
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			return nil, nil, nil, fmt.Errorf(`line %d: "{{" without "}}"`, line+strings.Count(s[:i], "\n"))
		}
		texts = append(texts, s[:i])
		line += strings.Count(s[:i+2], "\n")
		e := s[i+2 : i+2+j]
		if strings.Contains(e, "{{") {
			return nil, nil, nil, fmt.Errorf(`line %d: "{{" without "}}"`, line)
		}
		exprs = append(exprs, e)
		lines = append(lines, line)
		line += strings.Count(e, "\n") + strings.Count(s[i+2+j:i+4+j], "\n")
		s = s[i+4+j:]
	}
}

// render runs the template against the environment.
func (t *template) render(m *vm.VM, envValue any) (string, error) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.program == nil {
			b.WriteString(p.text)
			continue
		}
		v, err := m.Run(p.program, envValue)
		if err != nil {
			return "", err
		}
		b.WriteString(formatValue(v))
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}

// formatValue renders a value for people: amounts without noise, times in
// UTC, durations in hours or days, lists joined.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case float64:
		return formatNumber(v)
	case int:
		return formatNumber(float64(v))
	case time.Duration:
		return formatDuration(v)
	case time.Time:
		return formatTime(v)
	case []string:
		return formatList(v)
	}
	return fmt.Sprint(v)
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case float32:
		return float64(v)
	case time.Duration:
		return float64(v)
	}
	rv := reflect.ValueOf(v)
	if rv.CanFloat() {
		return rv.Float()
	}
	if rv.CanInt() {
		return float64(rv.Int())
	}
	return math.NaN()
}

// formatNumber renders 3, 1,250, 0.85 or 12.5.
func formatNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return groupThousands(strconv.FormatInt(int64(f), 10))
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	whole, frac, _ := strings.Cut(s, ".")
	if frac != "" {
		return groupThousands(whole) + "." + frac
	}
	return groupThousands(whole)
}

// formatMoney renders $9,500 or $9,512.30 (amounts in major units).
func formatMoney(f float64) string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	if f == math.Trunc(f) && f < 1e15 {
		return sign + "$" + groupThousands(strconv.FormatInt(int64(f), 10))
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(f, 'f', 2, 64), ".")
	return sign + "$" + groupThousands(whole) + "." + frac
}

func groupThousands(digits string) string {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatPercent renders a ratio as 85% (or 2.5% below 10%).
func formatPercent(f float64) string {
	p := f * 100
	if math.Abs(p) < 10 && p != math.Trunc(p) {
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

// formatDuration renders 48 hours, 7 days, 90 days, or Go's form for odd
// durations.
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d%time.Hour == 0 && d < 3*day:
		return plural(int(d/time.Hour), "hour")
	case d%day == 0:
		return plural(int(d/day), "day")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown time"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func formatList(v any) string {
	switch v := v.(type) {
	case []string:
		return strings.Join(v, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = formatValue(x)
		}
		return strings.Join(parts, ", ")
	}
	return formatValue(v)
}
