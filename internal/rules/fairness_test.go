package rules_test

import (
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/centinela-aml/centinela/internal/rules"
	"github.com/stretchr/testify/require"
)

// ruleWithWhen is a valid rule file whose condition is when.
func ruleWithWhen(when string) string {
	return fmt.Sprintf(`id: T-1
version: "1"
title: test rule
description: a rule for tests
typology: STRUCTURING
requires: [kyc]
params:
  min:
    default: 3
    reason: test
  high_risk:
    default: [CN, HK]
    reason: test
aggregates:
  cash: {window: 48h, direction: in, channels: [cash_deposit]}
when: %q
score: 0.5
sar: [{type: 1, subtype: 114}]
explain: "{{cash.count}} deposits"
examples:
  - name: one deposit
    expect: no_fire
    transactions: [{timestamp: 2025-01-01T00:00:00Z, channel: cash_deposit, amount: 1}]
`, when)
}

func loadOne(t *testing.T, text string) (*rules.Library, error) {
	t.Helper()
	return rules.Load(fstest.MapFS{"t.yaml": {Data: []byte(text)}})
}

func TestFairnessRejectsNationalityOnlyConditions(t *testing.T) {
	for _, when := range []string{
		`"CN" in kyc.nationalities`,
		`kyc.passport_country == "CN"`,
		`"CN" in kyc.citizenships`,
		`len(kyc.citizenships) > 1`,
		`kyc.nationalities[0] == "CN"`,
		`any(kyc.documents, .country == "CN")`,
		`any(kyc.documents, .type == "passport" && .country == "CN")`,
		`kyc.documents[0].country == "CN"`,
		`first(kyc.documents).country == "CN"`,
		`map(filter(kyc.documents, .type == "passport"), .country)[0] == "CN"`,
		`"CN" in map(kyc.documents, .country)`,
		`get(kyc.nationalities, 0) == "CN"`,
		`kyc.passport_country in params.high_risk`,
		`toJSON(kyc) contains "CN"`,
		// tautologies and constants
		`kyc.passport_country == "CN" || true`,
		`"CN" in kyc.nationalities and true`,
		`"CN" in kyc.nationalities && params.min > 2`,
		`"CN" in kyc.nationalities && 1 < 2`,
		// a disjunct without behaviour
		`"CN" in kyc.nationalities || cash.count >= params.min`,
		`cash.count >= 3 or kyc.passport_country == "HK"`,
		// hidden behind let, ternaries, if/else and negations
		`let cn = "CN" in kyc.nationalities; cn || cash.count > 3`,
		`let cn = "CN" in kyc.nationalities; let either = cn || cash.count > 3; either`,
		`"CN" in kyc.nationalities ? true : cash.count > 3`,
		`if "CN" in kyc.nationalities { true } else { cash.count > 3 }`,
		`!("CN" not in kyc.nationalities)`,
		`not (kyc.passport_country != "CN")`,
		// behaviour that cancels out
		`"CN" in kyc.nationalities && (cash.count > 5 || cash.count <= 5)`,
		`"CN" in kyc.nationalities && (cash.count > 5 || 5 >= cash.count)`,
		`"CN" in kyc.nationalities && (cash.sum < 100 || cash.sum >= 100)`,
		`"CN" in kyc.nationalities && !(cash.count > 5 && cash.count <= 5)`,
		`cash.count > 5 || cash.count <= 5 || "CN" in kyc.nationalities`,
	} {
		t.Run(when, func(t *testing.T) {
			_, err := loadOne(t, ruleWithWhen(when))
			require.Error(t, err)
			require.ErrorIs(t, err, rules.ErrNationalityOnly)
			require.ErrorIs(t, err, rules.ErrInvalidRule)
			var le *rules.LoadError
			require.True(t, errors.As(err, &le))
			require.Equal(t, "t.yaml", le.File)
			require.Equal(t, 16, le.Line, "the line of when:")
		})
	}
}

func TestFairnessAcceptsNationalityAsAWeight(t *testing.T) {
	for _, when := range []string{
		`cash.count >= params.min`,
		`"CN" in kyc.nationalities && cash.count >= params.min`,
		`kyc.passport_country == "CN" && (cash.count > 5 || cash.sum > 20000)`,
		`any(kyc.documents, .country == "CN") && cash.branches >= 3`,
		// identity-document evidence that is not the country (MM-2 style)
		`any(kyc.documents, .type == "visa" && .class == "F-1") && cash.count > 2`,
		`len(kyc.documents) > 1 && cash.count > 0 && any(kyc.documents, .issued.Year() < 2015)`,
		// nationality moves a threshold; behaviour still has to cross it
		`cash.count >= ("CN" in kyc.nationalities ? 2 : 3)`,
		// non-protected KYC alone is not a nationality test
		`kyc.kind == "person"`,
		// limitations, documented in docs/rules.md: the check does not know
		// what values fields take
		`"CN" in kyc.nationalities && tx.amount >= 0`,
		`"CN" in kyc.nationalities && cash.count + 1 > cash.count`,
		`"CN" in kyc.nationalities && (cash.count > 5 || cash.count < 7)`,
	} {
		t.Run(when, func(t *testing.T) {
			_, err := loadOne(t, ruleWithWhen(when))
			require.NoError(t, err)
		})
	}
}

func TestFairnessRejectsAlwaysTrueWithoutNationality(t *testing.T) {
	for _, when := range []string{
		`true`,
		`cash.count > 3 || cash.count <= 3`,
		`!(tx.amount > 1 && tx.amount <= 1)`,
		`params.min > 2`,
	} {
		t.Run(when, func(t *testing.T) {
			_, err := loadOne(t, ruleWithWhen(when))
			require.ErrorContains(t, err, "always true")
			require.NotErrorIs(t, err, rules.ErrNationalityOnly)
		})
	}
}

func TestFairnessRejectsEnvAccessAroundTheCheck(t *testing.T) {
	_, err := loadOne(t, ruleWithWhen(`$env.kyc.passport_country == "CN"`))
	require.ErrorContains(t, err, "not available to rules")
}
