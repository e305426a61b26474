package model

import (
	"strings"

	"golang.org/x/text/currency"
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

// iso3166 holds the 249 officially assigned ISO 3166-1 alpha-2 codes (ISO
// 3166 Maintenance Agency, as of 2024) and "XK" (Kosovo, a user-assigned
// code that OFAC, the UN and the EU use). Reserved and withdrawn codes such
// as UK, EU, YU or SU are not countries.
const iso3166 = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW"

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (upper case). "XK" (Kosovo), used by OFAC and the UN, is accepted.
func ValidCountry(code string) bool {
	if len(code) != 2 || !upperASCII(code) {
		return false
	}
	i := strings.Index(iso3166, code)
	return i >= 0 && i%3 == 0
}

func upperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
