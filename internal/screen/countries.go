package screen

import "strings"

// countryNames maps ISO 3166-1 alpha-2 codes to the country names and
// demonyms the lists write (OFAC remarks "citizen Mexico", "nationality
// Iran"; UN "Democratic People's Republic of Korea"). Countries not here
// are compared by their normalised names.
var countryNames = map[string][]string{
	"AF": {"afghanistan", "afghan"}, "AL": {"albania"}, "DZ": {"algeria"}, "AR": {"argentina"},
	"AM": {"armenia"}, "AU": {"australia"}, "AT": {"austria"}, "AZ": {"azerbaijan"},
	"BH": {"bahrain"}, "BD": {"bangladesh"}, "BY": {"belarus"}, "BE": {"belgium"}, "BZ": {"belize"},
	"BO": {"bolivia"}, "BA": {"bosnia and herzegovina"}, "BR": {"brazil"}, "BG": {"bulgaria"},
	"MM": {"burma", "myanmar"}, "KH": {"cambodia"}, "CA": {"canada"}, "CL": {"chile"},
	"CN": {"china", "chinese", "peoples republic of china"}, "CO": {"colombia"}, "CR": {"costa rica"},
	"CD": {"democratic republic of the congo", "congo democratic republic of the"}, "CG": {"congo", "republic of the congo"},
	"HR": {"croatia"}, "CU": {"cuba"}, "CY": {"cyprus"}, "CZ": {"czech republic", "czechia"},
	"DO": {"dominican republic"}, "EC": {"ecuador"}, "EG": {"egypt"}, "SV": {"el salvador"},
	"ER": {"eritrea"}, "EE": {"estonia"}, "ET": {"ethiopia"}, "FR": {"france"}, "GE": {"georgia"},
	"DE": {"germany"}, "GH": {"ghana"}, "GR": {"greece"}, "GT": {"guatemala"}, "HT": {"haiti"},
	"HN": {"honduras"}, "HK": {"hong kong", "hong kong sar"}, "HU": {"hungary"}, "IN": {"india"},
	"ID": {"indonesia"}, "IR": {"iran", "iran islamic republic of"}, "IQ": {"iraq"}, "IE": {"ireland"},
	"IL": {"israel"}, "IT": {"italy"}, "JM": {"jamaica"}, "JP": {"japan"}, "JO": {"jordan"},
	"KZ": {"kazakhstan"}, "KE": {"kenya"}, "KP": {"north korea", "korea north", "democratic peoples republic of korea"},
	"KR": {"south korea", "korea south", "republic of korea"}, "KW": {"kuwait"}, "KG": {"kyrgyzstan"},
	"LA": {"laos"}, "LV": {"latvia"}, "LB": {"lebanon"}, "LY": {"libya"}, "LT": {"lithuania"},
	"MO": {"macau", "macao"}, "MY": {"malaysia"}, "ML": {"mali"}, "MT": {"malta"}, "MX": {"mexico", "mexican"},
	"MD": {"moldova"}, "MN": {"mongolia"}, "MA": {"morocco"}, "NL": {"netherlands"}, "NI": {"nicaragua"},
	"NG": {"nigeria"}, "MK": {"north macedonia", "macedonia"}, "NO": {"norway"}, "OM": {"oman"},
	"PK": {"pakistan"}, "PS": {"palestinian", "west bank", "gaza", "state of palestine"}, "PA": {"panama"},
	"PY": {"paraguay"}, "PE": {"peru"}, "PH": {"philippines"}, "PL": {"poland"}, "PT": {"portugal"},
	"QA": {"qatar"}, "RO": {"romania"}, "RU": {"russia", "russian federation"}, "SA": {"saudi arabia"},
	"RS": {"serbia"}, "SG": {"singapore"}, "SK": {"slovakia"}, "SI": {"slovenia"}, "SO": {"somalia"},
	"ZA": {"south africa"}, "SS": {"south sudan"}, "ES": {"spain"}, "LK": {"sri lanka"}, "SD": {"sudan"},
	"SE": {"sweden"}, "CH": {"switzerland"}, "SY": {"syria", "syrian arab republic"}, "TW": {"taiwan"},
	"TJ": {"tajikistan"}, "TZ": {"tanzania"}, "TH": {"thailand"}, "TN": {"tunisia"}, "TR": {"turkey", "turkiye"},
	"TM": {"turkmenistan"}, "UG": {"uganda"}, "UA": {"ukraine"}, "AE": {"united arab emirates", "uae"},
	"GB": {"united kingdom", "uk", "great britain"}, "US": {"united states", "usa", "united states of america"},
	"UY": {"uruguay"}, "UZ": {"uzbekistan"}, "VE": {"venezuela", "venezuela bolivarian republic of"},
	"VN": {"vietnam", "viet nam"}, "YE": {"yemen"}, "ZW": {"zimbabwe"}, "CF": {"central african republic"},
	"LR": {"liberia"}, "SL": {"sierra leone"}, "CI": {"cote divoire", "ivory coast"}, "NE": {"niger"},
}

var countryByName = func() map[string]string {
	m := map[string]string{}
	for code, names := range countryNames {
		m[strings.ToLower(code)] = code
		for _, n := range names {
			m[n] = code
		}
	}
	return m
}()

// countryKey returns the ISO code of a country name or code when known,
// else its normalised name.
func countryKey(s string) string {
	n := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r == ' ':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		case r == ',' || r == '-' || r == '(' || r == ')':
			return ' '
		}
		return -1
	}, s)), " ")
	if c, ok := countryByName[n]; ok {
		return c
	}
	return n
}

func sameCountry(a, b string) bool {
	ka, kb := countryKey(a), countryKey(b)
	return ka != "" && ka == kb
}

// chinaSAR reports whether one country is China and the other Hong Kong,
// Macau or Taiwan: lists often give the nationality of a person from
// these places as China, so the pair neither agrees nor differs.
func chinaSAR(a, b string) bool {
	ka, kb := countryKey(a), countryKey(b)
	sar := func(k string) bool { return k == "HK" || k == "MO" || k == "TW" }
	return (ka == "CN" && sar(kb)) || (kb == "CN" && sar(ka))
}
