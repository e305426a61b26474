package model

import (
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// BTC is the code research data sets use for bitcoin. It is not an ISO 4217
// code (ISO reserves "X" codes for such units) but is accepted everywhere a
// currency is.
const BTC = "BTC"

// ValidCurrency reports whether code is an ISO 4217 alpha-3 currency code
// (upper case) or BTC.
func ValidCurrency(code string) bool {
	if code == BTC {
		return true
	}
	if len(code) != 3 || !upperASCII(code) {
		return false
	}
	_, err := currency.ParseISO(code)
	return err == nil
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (upper case). "XK" (Kosovo), used by OFAC and the UN, is accepted.
func ValidCountry(code string) bool {
	if len(code) != 2 || !upperASCII(code) {
		return false
	}
	if code == "XK" {
		return true
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry()
}

func upperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
