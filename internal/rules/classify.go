package rules

import "github.com/centinela-aml/centinela/internal/model"

// payrollWords are memo words that mark a credit as wages or a pension:
// the "payroll" of FIN-2025-A003's MM-1 ("not from payroll"). ACH payroll
// credits carry the PPD entry description "PAYROLL" or "SALARY" by
// convention (Nacha operating rules); Mexican payroll is "nómina"; US
// Social Security benefits arrive as "SSA TREAS 310".
var payrollWords = []string{
	"payroll", "salary", "salario", "wages", "nomina", "nómina", "direct dep", "pension", "ssa treas", "social security",
}

// IsPayroll reports whether a credit looks like wages or a pension: not
// cash, and a memo that contains one of the payroll words (ASCII letters
// compared without case).
func IsPayroll(tx *model.Transaction) bool {
	if tx.Memo == "" || tx.Channel.IsCash() {
		return false
	}
	for _, w := range payrollWords {
		if containsFold(tx.Memo, w) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case word w, comparing
// ASCII letters without case and without allocating.
func containsFold(s, w string) bool {
	n := len(w)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}
