package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

// validRule is a complete rule file; tests break one part at a time. Its
// `when` is a literal block starting on line 22.
const validRule = `id: CASH-1
version: 2.1.0
title: Many cash deposits
description: Cash deposits, many of them (test rule, after FIN-2025-A003 p. 5).
typology: STRUCTURING
effective: 2025-09-01
requires: [kyc.declared_income]
on:
  direction: in
  channels: [cash_deposit]
params:
  min:
    default: 3
    reason: three is a pattern
  window:
    default: 48h
    reason: two days
aggregates:
  cash:
    window: params.window
    channels: [cash_deposit]
when: |
  cash.count >= params.min
    && cash.sum > kyc.declared_income / 12
score: 0.7
sar:
  - {type: 1, subtype: 114}
facts:
  - {name: deposits, value: cash.count, threshold: params.min}
explain: >
  {{cash.count}} deposits totalling {{money(cash.sum)}}
examples:
  - name: three deposits
    expect: fire
    party: {declared_income: 12000}
    transactions:
      - {timestamp: 2025-01-01T10:00:00Z, channel: cash_deposit, amount: 500}
      - {timestamp: 2025-01-01T11:00:00Z, channel: cash_deposit, amount: 500}
      - {timestamp: 2025-01-01T12:00:00Z, channel: cash_deposit, amount: 500}
`

func TestLoadValidRule(t *testing.T) {
	lib, err := loadOne(t, validRule)
	require.NoError(t, err)
	r := lib.Rule("CASH-1")
	require.NotNil(t, r)
	require.Equal(t, "2.1.0", r.Version)
	require.Equal(t, model.TypStructuring, r.Typology)
	require.Equal(t, model.NewDate(2025, 9, 1), r.Effective)
	require.Equal(t, []model.SARCode{{Type: 1, Subtype: 114}}, r.SAR)
	require.Equal(t, 48*time.Hour, r.Cooldown, "the cooldown defaults to the longest window")
	require.Equal(t, []rules.Param{
		{Name: "min", Value: 3.0, Text: "3", Reason: "three is a pattern"},
		{Name: "window", Value: 48 * time.Hour, Text: "48h", Reason: "two days"},
	}, r.Params)
	require.Len(t, r.Aggregates, 1)
	require.Equal(t, "over 48 hours, channels cash_deposit", r.Aggregates[0].Description)
	require.Len(t, r.Examples, 1)
	for _, res := range lib.Test() {
		require.True(t, res.Pass, res.Problem)
	}
}

func TestLoadReportsFileLineAndReason(t *testing.T) {
	for _, tc := range []struct {
		name      string
		old, new  string // replace old by new in validRule
		line, col int
		want      string
	}{
		{"unknown field", "typology: STRUCTURING", "typology: STRUCTURING\nseverity_x: high", 6, 1, `unknown field "severity_x"`},
		{"bad id", "id: CASH-1", "id: cash one", 1, 5, "want an upper-case ID"},
		{"missing explain", "explain: >\n  {{cash.count}} deposits totalling {{money(cash.sum)}}\n", "", 1, 1, `missing field "explain"`},
		{"unknown requirement", "requires: [kyc.declared_income]", "requires: [kyc.salary]", 7, 11, `unknown data field "kyc.salary"`},
		{"unknown channel", "channels: [cash_deposit]\nparams", "channels: [cash_deposits]\nparams", 10, 13, `unknown channel "cash_deposits"`},
		{"param without reason", "    reason: three is a pattern\n", "", 13, 5, "missing reason"},
		{"unknown parameter in when", "cash.count >= params.min\n", "cash.count >= params.minimum\n", 23, 17, `no parameter "minimum"`},
		{"unknown name in when, second line", "&& cash.sum > kyc", "&& cash.total > kyc", 24, 13, "has no field total"},
		{"when is not a condition", "cash.count >= params.min\n    && cash.sum > kyc.declared_income / 12", "cash.sum", 23, 0, "expected bool"},
		{"type error in a fact", "value: cash.count,", `value: cash.count + "x",`, 29, 0, "facts[0].value"},
		{"field read without its requirement", "requires: [kyc.declared_income]", "requires: [kyc]", 23, 0, `add "kyc.declared_income" to requires`},
		{"alert-only field in when", "cash.count >= params.min\n", "cash.max >= params.min\n", 23, 0, "known only when the rule fires"},
		{"unused aggregate", "aggregates:\n", "aggregates:\n  idle: {window: 7d}\n", 1, 0, `aggregate "idle" is declared but never read`},
		{"SAR subtype of another type", "{type: 1, subtype: 114}", "{type: 8, subtype: 114}", 27, 5, "belongs to type 1"},
		{"unknown SAR subtype", "{type: 1, subtype: 114}", "{type: 9, subtype: 999}", 27, 5, "unknown or unsupported SAR subtype 999"},
		{"window is not a duration", "default: 48h", "default: soon", 20, 13, "parameter params.window is not a duration"},
		{"bad window", "window: params.window", "window: 2 days", 20, 13, "aggregates.cash.window: want a positive duration"},
		{"explain hole does not compile", "{{cash.count}} deposits", "{{cash.cuont}} deposits", 31, 10, "has no field cuont"},
		{"explain hole not closed", "{{cash.count}} deposits", "{{cash.count deposits", 31, 0, `line 1: "{{" without "}}"`},
		{"bad example", "channel: cash_deposit, amount: 500}\n      - {timestamp: 2025-01-01T12", "channel: cash_desposit, amount: 500}\n      - {timestamp: 2025-01-01T12", 38, 9, `unknown channel "cash_desposit"`},
		{"example for another account", "channel: cash_deposit, amount: 500}\n      - {timestamp: 2025-01-01T12", "channel: wire, amount: 500}\n      - {timestamp: 2025-01-01T12", 38, 9, "does not involve the subject account"},
		{"yaml syntax", "score: 0.7", "score: [0.7", 25, 0, "YAML"},
		{"score out of range", "score: 0.7", "score: 7", 25, 0, "between 0 and 1"},
		{"let shadows an aggregate", "cash.count >= params.min\n", "let cash = 1; cash >= params.min\n", 23, 0, "name is taken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, validRule, tc.old)
			_, err := loadOne(t, strings.Replace(validRule, tc.old, tc.new, 1))
			require.ErrorIs(t, err, rules.ErrInvalidRule)
			require.ErrorContains(t, err, tc.want)
			var le *rules.LoadError
			require.True(t, errors.As(err, &le))
			require.Equal(t, "t.yaml", le.File)
			require.Equal(t, tc.line, le.Line, err.Error())
			if tc.col > 0 {
				require.Equal(t, tc.col, le.Column, err.Error())
			}
			require.True(t, strings.HasPrefix(err.Error(), "t.yaml:"), "errors start with file:line: %s", err)
		})
	}
}

func TestLoadErrorNamesPositionAndRule(t *testing.T) {
	_, err := loadOne(t, strings.Replace(validRule, "cash.count >= params.min\n", "cash.count >= params.minimum\n", 1))
	require.EqualError(t, err, `t.yaml:23:17: rule CASH-1: when: no parameter "minimum"`)
}

func TestLoadRejectsDuplicateIDsAcrossFiles(t *testing.T) {
	_, err := rules.Load(fstest.MapFS{
		"a.yaml": {Data: []byte(validRule)},
		"b.yaml": {Data: []byte(validRule)},
	})
	require.ErrorContains(t, err, "b.yaml:1: rule CASH-1: ID already used at a.yaml:1")
}

func TestLoadReportsEveryBrokenFile(t *testing.T) {
	_, err := rules.Load(fstest.MapFS{
		"a.yaml": {Data: []byte(strings.Replace(validRule, "score: 0.7", "score: 2", 1))},
		"b.yaml": {Data: []byte(strings.Replace(strings.Replace(validRule, "CASH-1", "CASH-2", 1), "typology:", "typologie:", 1))},
	})
	require.ErrorContains(t, err, "a.yaml:25")
	require.ErrorContains(t, err, "b.yaml:5")
}

func TestLoadNeedsRuleFiles(t *testing.T) {
	_, err := rules.Load(fstest.MapFS{"README.md": {Data: []byte("# rules")}})
	require.ErrorContains(t, err, "no rule files")
}

func TestLoadSeveralRulesPerFile(t *testing.T) {
	second := strings.Replace(validRule, "id: CASH-1", "id: CASH-2", 1)
	lib, err := loadOne(t, validRule+"---\n"+second)
	require.NoError(t, err)
	require.Len(t, lib.Rules(), 2)
	sel, err := lib.Select("CASH-2")
	require.NoError(t, err)
	require.Len(t, sel.Rules(), 1)
	_, err = lib.Select("CASH-9")
	require.Error(t, err)
}

func TestLoadDirNamesFilesByPath(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, writeFile(dir, "x.yaml", strings.Replace(validRule, "score: 0.7", "score: 2", 1)))
	_, err := rules.LoadDir(dir)
	require.ErrorContains(t, err, dir+"/x.yaml:25")
	_, err = rules.LoadDir(dir + "/missing")
	require.Error(t, err)
}

func writeFile(dir, name, text string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
}

func TestPresenceFlagAllowsOptionalData(t *testing.T) {
	optional := strings.Replace(validRule, "    && cash.sum > kyc.declared_income / 12",
		"    && (!kyc.has_expected_activity || cash.sum > kyc.expected_monthly_amount)", 1)
	_, err := loadOne(t, optional)
	require.NoError(t, err, "the presence flag guards the optional field")

	unguarded := strings.Replace(validRule, "    && cash.sum > kyc.declared_income / 12",
		"    && cash.sum > kyc.expected_monthly_amount", 1)
	_, err = loadOne(t, unguarded)
	require.ErrorContains(t, err, `add "kyc.expected_activity" to requires`)
}

func TestDirectoryKeepsOtherInstitutionsOut(t *testing.T) {
	dir := rules.NewDirectory([]model.Party{{ID: "P1"}}, []model.Account{
		{ID: "A1", Institution: "US-BANK", Owners: []string{"P1"}},
		{ID: "MX1", Institution: "MX-BANK", Owners: []string{"P1"}},
		{ID: "A2"},
	})
	dir.Institution = "US-BANK"
	for id, held := range map[string]bool{"A1": true, "MX1": false, "A2": true, "X9": false} {
		_, _, ok := dir.Lookup(id)
		require.Equal(t, held, ok, id)
	}
	a, p, _ := dir.Lookup("A1")
	require.Equal(t, "A1", a.ID)
	require.Equal(t, "P1", p.ID)
	a, p, ok := dir.Lookup("A2")
	require.True(t, ok)
	require.NotNil(t, a)
	require.Nil(t, p, "an account without a known owner")
}
