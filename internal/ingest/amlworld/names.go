package amlworld

import "github.com/centinela-aml/centinela/internal/model"

// currencies maps AMLworld's currency names to ISO 4217 codes (BTC for
// bitcoin). The names are those of the HI/LI data sets (Altman et al. 2023).
var currencies = map[string]string{
	"US Dollar":         "USD",
	"Euro":              "EUR",
	"Yuan":              "CNY",
	"Bitcoin":           model.BTC,
	"Brazil Real":       "BRL",
	"Mexican Peso":      "MXN",
	"Australian Dollar": "AUD",
	"Canadian Dollar":   "CAD",
	"Rupee":             "INR",
	"Yen":               "JPY",
	"UK Pound":          "GBP",
	"Swiss Franc":       "CHF",
	"Ruble":             "RUB",
	"Shekel":            "ILS",
	"Saudi Riyal":       "SAR",
}

// currencyNames is the inverse of currencies, for the Writer.
var currencyNames = invert(currencies)

const currencyList = "US Dollar, Euro, Yuan, Bitcoin, Brazil Real, Mexican Peso, Australian Dollar, Canadian Dollar, Rupee, Yen, UK Pound, Swiss Franc, Ruble, Shekel, Saudi Riyal"

// channels maps AMLworld's "Payment Format" values to channels.
var channels = map[string]model.Channel{
	"ACH":          model.ChannelACH,
	"Wire":         model.ChannelWire,
	"Cheque":       model.ChannelCheck,
	"Credit Card":  model.ChannelCard,
	"Cash":         model.ChannelCash,
	"Bitcoin":      model.ChannelCrypto,
	"Reinvestment": model.ChannelInternal,
}

const channelList = "ACH, Wire, Cheque, Credit Card, Cash, Bitcoin, Reinvestment"

// formatNames maps channels back to payment formats, for the Writer. Channels
// AMLworld has no word for take the nearest one.
var formatNames = map[model.Channel]string{
	model.ChannelACH:            "ACH",
	model.ChannelWire:           "Wire",
	model.ChannelCheck:          "Cheque",
	model.ChannelCashiersCheck:  "Cheque",
	model.ChannelCard:           "Credit Card",
	model.ChannelCash:           "Cash",
	model.ChannelCashDeposit:    "Cash",
	model.ChannelCashWithdrawal: "Cash",
	model.ChannelCrypto:         "Bitcoin",
	model.ChannelInternal:       "Reinvestment",
	model.ChannelP2P:            "ACH",
	model.ChannelTransfer:       "ACH",
}

func invert(m map[string]string) map[string]string {
	r := make(map[string]string, len(m))
	for k, v := range m {
		r[v] = k
	}
	return r
}
