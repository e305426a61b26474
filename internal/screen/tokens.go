package screen

// tokenKind says what role a token plays in a name, and so how much it
// weighs.
type tokenKind uint8

const (
	kindWord      tokenKind = iota // a name word
	kindNumber                     // contains digits: matches only exactly
	kindLegal                      // legal form or business line: Ltd, S.A., 有限公司
	kindParticle                   // de, del, al, bin, van …
	kindHonorific                  // Mr, Dr, Sheikh, Haji …
)

// legalForms maps spellings of legal forms (after dots are removed) to one
// canonical token, so that "Limited" meets "Ltd" and "OAO" meets "JSC".
// They stay in the name as low-weight tokens. Sources: the ISO 20275
// Entity Legal Forms code list for the abbreviations; Russian ОАО/ЗАО/ПАО/
// АО and ООО are joint-stock and limited-liability companies.
var legalForms = map[string]string{
	"ltd": "ltd", "limited": "ltd", "ltda": "ltd", "co": "co", "company": "co", "cia": "co", "compania": "co",
	"corp": "corp", "corporation": "corp", "inc": "inc", "incorporated": "inc",
	"llc": "llc", "ooo": "llc", "tov": "llc", "plc": "plc", "lp": "lp", "llp": "llp",
	"gmbh": "gmbh", "ag": "ag", "aktiengesellschaft": "ag", "kg": "kg",
	"sa": "sa", "sas": "sas", "sarl": "sarl", "srl": "srl", "spa": "spa", "sl": "sl",
	"cv": "cv", "sapi": "sapi", "sab": "sab", "rl": "rl", "sc": "sc", "spr": "spr",
	"bv": "bv", "nv": "nv", "oy": "oy", "ab": "ab", "as": "as", "asa": "asa", "aps": "aps",
	"jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc", "pjsc": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "ao": "jsc", "jscb": "jsc",
	"pty": "pty", "pte": "pte", "bhd": "bhd", "sdn": "sdn", "tbk": "tbk", "kk": "kk",
	"fze": "fze", "fzco": "fzco", "fzc": "fzc", "fzllc": "llc", "est": "est", "establishment": "est",
	"ano": "ano", "spzoo": "spzoo", "eirl": "eirl", "sac": "sac", "saa": "saa", "ca": "ca", "scs": "scs",
	"trading": "trading", "group": "group", "holding": "holding", "holdings": "holding",
	// Words of multi-word legal forms, when they do not stand in their phrase
	// (a reordered "PETROENGINEERING LIABILITY COMPANY LIMITED").
	"liability": "liability", "joint": "joint", "stock": "stock", "partnership": "partnership",
	"sociedad": "sociedad", "anonima": "anonima", "limitada": "limitada", "responsabilidad": "responsabilidad",
	"aktsionernoe": "jsc", "obshchestvo": "obshchestvo", "tovarystvo": "tovarystvo",
	"enterprises": "enterprises", "enterprise": "enterprises",
}

// longLegalWords are the legal-form words long enough to be recognised
// with a typo ("LIMITDE", "COMPANNY", "HOLDRNGS").
var longLegalWords = []string{
	"limited", "company", "corporation", "incorporated", "trading", "holding", "holdings",
	"liability", "partnership", "aktiengesellschaft", "establishment", "group", "enterprises",
	"stock", "joint",
}

// legalPhrases are multi-word legal forms, replaced by one canonical token.
var legalPhrases = []struct {
	words []string
	canon string
}{
	{[]string{"public", "joint", "stock", "company"}, "jsc"},
	{[]string{"open", "joint", "stock", "company"}, "jsc"},
	{[]string{"closed", "joint", "stock", "company"}, "jsc"},
	{[]string{"joint", "stock", "company"}, "jsc"},
	{[]string{"limited", "liability", "company"}, "llc"},
	{[]string{"limited", "liability", "partnership"}, "llp"},
	{[]string{"public", "limited", "company"}, "plc"},
	{[]string{"limited", "partnership"}, "lp"},
	{[]string{"sociedad", "anonima"}, "sa"},
	{[]string{"societe", "anonyme"}, "sa"},
	{[]string{"sociedad", "de", "responsabilidad", "limitada"}, "srl"},
	{[]string{"s", "de", "rl"}, "srl"},
	{[]string{"societa", "per", "azioni"}, "spa"},
	{[]string{"sp", "z", "oo"}, "spzoo"}, // Polish spółka z o.o.
	{[]string{"gesellschaft", "mit", "beschrankter", "haftung"}, "gmbh"},
}

// particles are name particles of Spanish, Portuguese, Arabic, Dutch,
// German, French and Italian names, with the spelling they are compared
// in: "ben" and "ibn" are "bin", "el" is "al".
var particles = map[string]string{
	"de": "de", "del": "del", "la": "la", "las": "las", "los": "los", "y": "y",
	"da": "da", "do": "do", "dos": "dos", "das": "das", "di": "di", "du": "du",
	"van": "van", "von": "von", "der": "der", "den": "den", "le": "le", "e": "e",
	"al": "al", "el": "al", "bin": "bin", "ben": "bin", "ibn": "bin", "bint": "bint",
	"abu": "abu", "abou": "abu", "bou": "abu", "ould": "ould",
	"of": "of", "the": "the", "for": "for",
}

// honorifics are titles that are not part of the name proper.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true,
	"sheikh": true, "shaikh": true, "sheik": true, "shaykh": true, "haji": true, "hajji": true, "hadji": true, "alhaj": true, "alhaji": true,
	"mullah": true, "mulla": true, "maulvi": true, "maulavi": true, "mawlawi": true, "molvi": true, "qari": true,
	"general": true, "gen": true, "col": true, "colonel": true, "capt": true, "captain": true, "lt": true,
	"major": true, "admiral": true, "brigadier": true, "president": true, "minister": true,
	"don": true, "dona": true, "sr": true, "sra": true, "senor": true, "senora": true, "lic": true, "ing": true,
	"imam": true, "prince": true, "princess": true, "hon": true, "rev": true, "mme": true, "mlle": true, "herr": true, "frau": true,
}
