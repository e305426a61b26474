package synth

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/centinela-aml/centinela/internal/model"
)

// idMaker makes identifiers that are unique within the generated bank:
// record IDs, phones, e-mail addresses, document numbers. Uniqueness matters
// because a shared identifier is a planted red flag: two unrelated ordinary
// customers must never share one by accident.
type idMaker struct {
	r    *rng
	used map[string]struct{}
}

func newIDMaker(r *rng) *idMaker {
	return &idMaker{r: r, used: make(map[string]struct{}, 1<<14)}
}

// unique calls f until it returns a value not used before in namespace ns.
func (m *idMaker) unique(ns string, f func() string) string {
	for {
		v := f()
		k := ns + "\x00" + v
		if _, ok := m.used[k]; !ok {
			m.used[k] = struct{}{}
			return v
		}
	}
}

// uniqueName makes a unique name with f, which is told how many tries came
// before: after a few collisions f should distinguish its name, as company
// registries make people do, with qualify.
func (m *idMaker) uniqueName(ns string, f func(try int) string) string {
	for try := 0; ; try++ {
		v := f(try)
		k := ns + "\x00" + v
		if _, ok := m.used[k]; !ok {
			m.used[k] = struct{}{}
			return v
		}
	}
}

// qualifiers tell apart businesses whose names would collide.
var qualifiers = []string{"International", "Global", "Group", "Holdings", "United", "Premier", "Royal", "Pacific", "Western", "Eastern", "Continental", "Metro"}

// qualify returns "" for the first tries, then a qualifier, then a number.
func qualify(r *rng, try int) string {
	switch {
	case try < 12:
		return ""
	case try < 60:
		return pick(r, qualifiers) + " "
	}
	return fmt.Sprintf("%d ", 2+r.IntN(try))
}

// Record IDs. Customers, accounts and off-us accounts get random numbers,
// so that an ID says nothing about when or why its record was made.
func (m *idMaker) customerID() string {
	return m.unique("party", func() string { return "C" + m.r.digits(7) })
}
func (m *idMaker) employeeID() string {
	return m.unique("party", func() string { return "E" + m.r.digits(5) })
}
func (m *idMaker) corrPartyID(country string) string {
	return m.unique("party", func() string { return "K" + country + m.r.digits(6) })
}
func (m *idMaker) accountID() string {
	return m.unique("account", func() string { return "A" + m.r.digits(9) })
}
func (m *idMaker) corrAccountID(country string) string {
	return m.unique("account", func() string { return country + m.r.digits(12) })
}

// offUsID is the account ID of a party at another institution, as it
// appears in transactions.
func (m *idMaker) offUsID() string {
	return m.unique("account", func() string { return "X" + m.r.digits(10) })
}

// routingNumber returns a 9-digit ABA routing number with a valid check
// digit: 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
func (m *idMaker) routingNumber() string {
	return m.unique("rtn", func() string {
		d := make([]int, 9)
		d[0] = m.r.IntN(2) // 0x and 1x: Federal Reserve districts
		d[1] = 1 + m.r.IntN(9)
		for i := 2; i < 8; i++ {
			d[i] = m.r.IntN(10)
		}
		s := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + d[2] + d[5]
		d[8] = (10 - s%10) % 10
		var b strings.Builder
		for _, x := range d {
			b.WriteByte(byte('0' + x))
		}
		return b.String()
	})
}

// phoneUS returns a US number in area code area: "+1 626-281-4432".
func (m *idMaker) phoneUS(area string) string {
	return m.unique("phone", func() string {
		exch := m.r.intBetween(201, 989)
		if exch == 555 || exch%100 == 11 {
			exch = 556
		}
		return fmt.Sprintf("+1 %s-%03d-%s", area, exch, m.r.digits(4))
	})
}

// phoneMX returns a Mexican number: "+52 664 123 4567".
func (m *idMaker) phoneMX(area string) string {
	return m.unique("phone", func() string {
		n := 10 - len(area)
		d := m.r.digits(n)
		return "+52 " + area + " " + d[:n-4] + " " + d[n-4:]
	})
}

// phoneCN returns a Chinese mobile number: "+86 138 1234 5678".
func (m *idMaker) phoneCN() string {
	return m.unique("phone", func() string {
		pre := pick(m.r, []string{"138", "139", "135", "136", "186", "158", "159", "150"})
		return "+86 " + pre + " " + m.r.digits(4) + " " + m.r.digits(4)
	})
}

// email returns a unique address built from a name.
func (m *idMaker) email(given, family string, chinese bool) string {
	g := asciiLower(given)
	f := asciiLower(family)
	if g == "" {
		g = "user"
	}
	if f == "" {
		f = "mail"
	}
	domains := []string{"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com"}
	if chinese {
		domains = append(domains, "qq.com", "163.com", "126.com")
	}
	return m.unique("email", func() string {
		var local string
		switch m.r.IntN(5) {
		case 0:
			local = g + "." + f
		case 1:
			local = g[:1] + f
		case 2:
			local = g + f + m.r.digits(2)
		case 3:
			local = f + "." + g + m.r.digits(1)
		default:
			local = g + "_" + f + m.r.digits(3)
		}
		return local + "@" + pick(m.r, domains)
	})
}

// asciiLower keeps the ASCII letters of s, lower-cased, accents dropped.
func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range stripAccents(s) {
		if r < 128 && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// deviceID returns a random version-4 UUID, as mobile banking apps report.
func (m *idMaker) deviceID() string {
	return m.unique("device", func() string {
		h := m.r.hex(32)
		return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[m.r.IntN(4)]) + h[17:20] + "-" + h[20:]
	})
}

// ssn returns a Social Security number in a valid form: area 001–899 but
// not 666, group 01–99, serial 0001–9999.
func (m *idMaker) ssn() string {
	return m.unique("ssn", func() string {
		area := m.r.intBetween(1, 899)
		if area == 666 {
			area = 667
		}
		return fmt.Sprintf("%03d-%02d-%04d", area, m.r.intBetween(1, 99), m.r.intBetween(1, 9999))
	})
}

// itin returns an IRS Individual Taxpayer Identification Number: 9XX-YY-ZZZZ
// with YY in 50–65, 70–88, 90–92 or 94–99.
func (m *idMaker) itin() string {
	groups := []int{}
	for g := 50; g <= 99; g++ {
		if g <= 65 || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94 {
			groups = append(groups, g)
		}
	}
	return m.unique("ssn", func() string {
		return fmt.Sprintf("9%02d-%02d-%04d", m.r.IntN(100), pick(m.r, groups), m.r.intBetween(1, 9999))
	})
}

// driversLicense returns a licence number in the state's format.
func (m *idMaker) driversLicense(state string) string {
	return m.unique("dl"+state, func() string {
		switch state {
		case "CA":
			return m.r.letters(1) + m.r.digits(7)
		case "TX":
			return m.r.digits(8)
		case "IL":
			return m.r.letters(1) + m.r.digits(11)
		default: // NY, GA
			return m.r.digits(9)
		}
	})
}

// passportNumber returns a passport number in the issuing country's format.
func (m *idMaker) passportNumber(country string) string {
	return m.unique("passport", func() string {
		r := m.r
		switch country {
		case "US":
			return r.digits(9)
		case "MX":
			return pick(r, []string{"G", "N", "E"}) + r.digits(8)
		case "CN": // PRC e-passports: E + 8 digits, or E + letter + 7 digits
			if r.chance(0.6) {
				return "E" + r.digits(8)
			}
			return "E" + string(rune('A'+r.IntN(8))) + r.digits(7)
		case "HK":
			return pick(r, []string{"K", "H"}) + r.digits(8)
		case "TW":
			return r.digits(9)
		case "KR":
			return "M" + r.digits(8)
		case "IN":
			return r.letters(1) + r.digits(7)
		case "PH":
			return "P" + r.digits(7) + r.letters(1)
		case "VN":
			return r.letters(1) + r.digits(7)
		}
		return r.letters(2) + r.digits(7)
	})
}

// greenCard returns a permanent resident card number.
func (m *idMaker) greenCard() string {
	return m.unique("greencard", func() string {
		return pick(m.r, []string{"IOE", "MSC", "EAC", "WAC", "LIN", "SRC"}) + m.r.digits(10)
	})
}

// visaNumber returns a US visa foil number.
func (m *idMaker) visaNumber() string {
	return m.unique("visa", func() string { return m.r.digits(8) })
}

// curp returns a Mexican CURP (Clave Única de Registro de Población) built
// by RENAPO's rules from the name, birth date, sex and state of birth, with
// the check digit of RENAPO's algorithm (weights 18 … 2 over the alphabet
// 0–9 A–N Ñ O–Z, check = (10 − sum mod 10) mod 10).
func (m *idMaker) curp(pat, mat, given string, birth time.Time, sex byte, state string) string {
	first4, cons := curpLetters(pat, mat, given)
	s := "H"
	if sex == 'f' {
		s = "M"
	}
	base := first4 + birth.Format("060102") + s + state + cons
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return m.uniqueName("curp", func(try int) string {
		d := string(rune('0' + m.r.IntN(10)))
		switch {
		case try > 30: // namesakes born the same day: any differentiator
			d = string(alnum[m.r.IntN(len(alnum))])
		case birth.Year() >= 2000:
			d = string(rune('A' + m.r.IntN(26)))
		}
		v := base + d
		return v + string(rune('0'+curpCheck(v)))
	})
}

// rfc returns a Mexican RFC (Registro Federal de Contribuyentes) for a
// person: four letters, YYMMDD, a two-character homoclave and the SAT check
// character (weights 13 … 2 over 0–9 A–N & O–Z space Ñ; 11 − sum mod 11, 10
// written A, 11 written 0).
func (m *idMaker) rfc(pat, mat, given string, birth time.Time) string {
	first4, _ := curpLetters(pat, mat, given)
	const homo = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
	return m.unique("rfc", func() string {
		v := first4 + birth.Format("060102") + string(homo[m.r.IntN(len(homo))]) + string(homo[m.r.IntN(len(homo))])
		return v + string(rfcCheck(v))
	})
}

// curpCheck returns the CURP check digit of the first 17 characters of v.
func curpCheck(v string) int {
	const alphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
	sum := 0
	for i, r := range []rune(v)[:17] {
		sum += runeIndex(alphabet, r) * (18 - i)
	}
	return (10 - sum%10) % 10
}

// rfcCheck returns the RFC check character of v (12 characters for a
// person; a company's 11 are preceded by a space).
func rfcCheck(v string) byte {
	const alphabet = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
	rs := []rune(v)
	if len(rs) == 11 {
		rs = append([]rune{' '}, rs...)
	}
	sum := 0
	for i, r := range rs[:12] {
		sum += runeIndex(alphabet, r) * (13 - i)
	}
	rem := sum % 11
	switch {
	case rem == 0:
		return '0'
	case 11-rem == 10:
		return 'A'
	}
	return byte('0' + 11 - rem)
}

func runeIndex(s string, r rune) int {
	for i, c := range []rune(s) {
		if c == r {
			return i
		}
	}
	return 0
}

// curpLetters returns the four initial letters and the three internal
// consonants of a CURP. Accents are dropped, Ñ becomes X, the first given
// name is skipped when it is José or María and a second follows, and a
// four-letter word on RENAPO's list of inconvenient words gets X as its
// second letter.
func curpLetters(pat, mat, given string) (string, string) {
	up := func(s string) string {
		s = strings.ToUpper(s)
		s = strings.ReplaceAll(s, "Ñ", "X")
		return strings.ToUpper(stripAccents(s))
	}
	pat, mat = up(firstWord(pat)), up(firstWord(mat))
	gs := strings.Fields(up(given))
	g := ""
	if len(gs) > 0 {
		g = gs[0]
		if len(gs) > 1 && (g == "JOSE" || g == "J" || g == "J." || g == "MARIA" || g == "MA" || g == "MA." || g == "M" || g == "M.") {
			g = gs[1]
		}
	}
	letter := func(s string) byte {
		if s == "" {
			return 'X'
		}
		return s[0]
	}
	vowel := func(s string) byte {
		for i := 1; i < len(s); i++ {
			if strings.IndexByte("AEIOU", s[i]) >= 0 {
				return s[i]
			}
		}
		return 'X'
	}
	consonant := func(s string) byte {
		for i := 1; i < len(s); i++ {
			if s[i] >= 'A' && s[i] <= 'Z' && strings.IndexByte("AEIOU", s[i]) < 0 {
				return s[i]
			}
		}
		return 'X'
	}
	first := []byte{letter(pat), vowel(pat), letter(mat), letter(g)}
	if strings.Contains(inconvenientWords, " "+string(first)+" ") {
		first[1] = 'X'
	}
	return string(first), string([]byte{consonant(pat), consonant(mat), consonant(g)})
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// inconvenientWords are the four-letter words that RENAPO's CURP rules
// (Instructivo Normativo, annex 2) forbid as the first four letters, each
// between spaces.
const inconvenientWords = " BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO" +
	" COLA CULO FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI KOJO" +
	" KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA" +
	" PEDO PENE PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY" +
	" WUEI WUEY "

// address returns a street address in the branch's city.
func (m *idMaker) address(b *branch) model.Address {
	return model.Address{
		Line:       fmt.Sprintf("%d %s", m.r.intBetween(100, 19999), pick(m.r, streetNames)),
		City:       b.city,
		Region:     b.state,
		PostalCode: pick(m.r, b.zips),
		Country:    "US",
	}
}

// unitAddress returns an apartment address: students and young workers
// share buildings, so the line has a unit number.
func (m *idMaker) unitAddress(b *branch) model.Address {
	a := m.address(b)
	a.Line += fmt.Sprintf(" Apt %d", m.r.intBetween(1, 420))
	return a
}
