package detect

import (
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// AmountConfig parameterises the amount features.
type AmountConfig struct {
	// ReportingThreshold is the cash reporting threshold that structurers
	// stay below. Default 10,000: the U.S. Currency Transaction Report
	// threshold (31 CFR 1010.311); structuring to evade it is a crime under
	// 31 U.S.C. 5324.
	ReportingThreshold float64
	// ThresholdCurrency is the currency the threshold is in (default
	// "USD"). Amounts in other currencies never count as "just below":
	// the engine has no exchange rates.
	ThresholdCurrency string
	// BelowMargin is how far below the threshold "just below" reaches, as
	// a share of the threshold. Default 0.1: [9,000, 10,000) for $10,000.
	BelowMargin float64
}

type amountFeatures struct {
	cfg    AmountConfig
	lo, hi float64
}

func newAmountFeatures(cfg AmountConfig) *amountFeatures {
	return &amountFeatures{cfg: cfg, lo: cfg.ReportingThreshold * (1 - cfg.BelowMargin), hi: cfg.ReportingThreshold}
}

func (a *amountFeatures) specs() []FeatureSpec {
	return []FeatureSpec{
		{Name: "amount_log", Phrase: "the amount was %s", value: logMoney},
		{Name: "amount_round", Phrase: "the amount ends in %s zeros with no cents"},
		{Name: "amount_cents", Phrase: "the amount has %s cents"},
		{Name: "amount_just_below_threshold", Phrase: "the amount is just below the reporting threshold (%s)",
			whole: yesNo("the amount was just below the reporting threshold", "the amount was not just below the reporting threshold")},
		{Name: "currency_exchange", Phrase: "the payment changed currency (%s)",
			whole: yesNo("the payment changed currency", "the payment did not change currency")},
	}
}

func (a *amountFeatures) fromTx(tx *model.Transaction, dst []float32) {
	amt := tx.Amount
	dst[0] = float32(math.Log1p(amt))
	cents := int64(math.Round(amt * 100)) // exact: amounts are at most MaxAmount
	c := cents % 100
	dst[2] = float32(c)
	zeros := 0
	if c == 0 && cents > 0 {
		for whole := cents / 100; zeros < 9 && whole%10 == 0; whole /= 10 {
			zeros++
		}
	}
	dst[1] = float32(zeros)
	below := float32(0)
	if tx.Currency == a.cfg.ThresholdCurrency && amt >= a.lo && amt < a.hi {
		below = 1
	}
	dst[3] = below
	exch := float32(0)
	if tx.CurrencyReceived != "" && tx.CurrencyReceived != tx.Currency {
		exch = 1
	}
	dst[4] = exch
}
