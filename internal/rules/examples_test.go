package rules_test

import (
	"strings"
	"testing"

	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

// TestExamplesCatchWrongExpectations: rule tests fail when a rule does not
// do what its examples say, and say why.
func TestExamplesCatchWrongExpectations(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"must fire but does not", "amount: 500}\n      - {timestamp: 2025-01-01T12", "amount: 500}\n      - {timestamp: 2025-01-09T12", "expected an alert, got none"},
		{"must not fire but does", "expect: fire", "expect: no_fire", "expected no alert, got: CASH-1"},
		{"wrong alert count", "expect: fire", "expect: fire\n    alerts: 2", "expected 2 alerts, got 1"},
		{"wrong evidence", "expect: fire", "expect: fire\n    evidence: [T1, T2]", "expected evidence [T1 T2], got [T1 T2 T3]"},
		{"not evaluable but evaluated", "expect: fire", "expect: not_evaluable", "expected the rule to be reported not evaluable"},
		{"no-fire that is never evaluated", "expect: fire\n    party: {declared_income: 12000}", "expect: no_fire", "never evaluated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, validRule, tc.old)
			lib, err := loadOne(t, strings.Replace(validRule, tc.old, tc.new, 1))
			require.NoError(t, err)
			res := lib.Test()
			require.Len(t, res, 1)
			require.False(t, res[0].Pass)
			require.Contains(t, res[0].Problem, tc.want)
			require.Equal(t, "t.yaml", res[0].File)
			require.Equal(t, 33, res[0].Line)
		})
	}
}

func TestExampleForAnotherDirection(t *testing.T) {
	lib, err := loadOne(t, strings.Replace(validRule, "expect: fire", "expect: no_fire", 1)+
		"  - name: outgoing wires do not trigger the rule\n    expect: not_evaluable\n    transactions:\n      - {timestamp: 2025-01-01T10:00:00Z, channel: wire, direction: out, amount: 5}\n")
	require.NoError(t, err)
	res := lib.Test()
	require.Len(t, res, 2)
	require.False(t, res[1].Pass, "a transaction that does not trigger the rule is neither evaluated nor not evaluable")
	require.Equal(t, []rules.Expectation{rules.ExpectNoFire, rules.ExpectNotEvaluable}, []rules.Expectation{res[0].Expect, res[1].Expect})
}
