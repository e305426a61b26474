package synth

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/centinela-aml/centinela/internal/model"
)

// community is the cultural background a person's names come from.
type community uint8

const (
	commAnglo     community = iota
	commHispanic            // Mexican and Central American
	commChineseCN           // mainland China: pinyin, simplified characters
	commChineseHK           // Hong Kong: Cantonese romanization, traditional characters
	commChineseTW           // Taiwan: Wade-Giles, traditional characters
	commChineseUS           // US-born Chinese American: English given name
	commOther               // the smaller communities of otherGroups
)

// chinese reports whether the community writes its names in Han characters.
func (c community) chinese() bool {
	return c == commChineseCN || c == commChineseHK || c == commChineseTW || c == commChineseUS
}

// personName is a generated name with the parts other generators need: the
// Mexican identifiers are built from the surnames, e-mail addresses from the
// ASCII given and family names, and relatives share the family name.
type personName struct {
	names    []model.Name // primary first
	given    string       // primary given name(s)
	family   string       // primary family name (compound for Hispanic names)
	paternal string       // Hispanic: first surname
	maternal string       // Hispanic: second surname (may be empty)
	sex      byte         // 'm' or 'f'
	comm     community
	han      *hanSurname // Chinese: the surname's entry
	hanGiven []hanSyllable
	other    *otherGroup // commOther: the group
	otherFam int         // commOther: index of the family name in the group
}

// primary returns the primary full name.
func (n *personName) primary() string { return n.names[0].Full }

// nameMaker draws names.
type nameMaker struct {
	r              *rng
	surnameWeights []float64
	otherWeights   []float64
	reserved       map[string]bool // normalised full names an ordinary person must not get
}

func newNameMaker(r *rng) *nameMaker {
	m := &nameMaker{r: r, reserved: reservedNames()}
	for _, s := range hanSurnames {
		m.surnameWeights = append(m.surnameWeights, s.weight)
	}
	for _, g := range otherGroups {
		m.otherWeights = append(m.otherWeights, g.weight)
	}
	return m
}

// person draws a name in community c for a person of sex sex. It never
// returns a name on the reserved list (the SDN names that the generator
// plants on purpose, and the SDN names its tables can produce by chance), so
// that a sanctions hit on an ordinary customer is a matcher's false positive,
// not a true name match left unlabelled.
func (m *nameMaker) person(c community, sex byte) personName {
	for {
		n := m.draw(c, sex)
		if !m.isReserved(&n) {
			return n
		}
	}
}

// ofGroup draws a name of the smaller community from country.
func (m *nameMaker) ofGroup(country string, sex byte) personName {
	for i := range otherGroups {
		if otherGroups[i].country == country {
			for {
				n := m.otherName(sex, &otherGroups[i], -1)
				if !m.isReserved(&n) {
					return n
				}
			}
		}
	}
	return m.person(commOther, sex)
}

func (m *nameMaker) isReserved(n *personName) bool {
	for _, nm := range n.names {
		if m.reserved[normalName(nm.Full)] {
			return true
		}
	}
	return false
}

func (m *nameMaker) draw(c community, sex byte) personName {
	switch c {
	case commHispanic:
		return m.hispanic(sex)
	case commChineseCN, commChineseHK, commChineseTW, commChineseUS:
		return m.chinese(c, sex, nil)
	case commOther:
		return m.otherName(sex, nil, -1)
	}
	return m.anglo(sex)
}

func (m *nameMaker) anglo(sex byte) personName {
	r := m.r
	given := pick(r, angloGiven[sex])
	family := pick(r, angloSurnames)
	full := given + " " + family
	if r.chance(0.3) {
		full = given + " " + string(rune('A'+r.IntN(26))) + ". " + family
	}
	n := personName{given: given, family: family, sex: sex, comm: commAnglo}
	n.names = []model.Name{{Full: full, Given: given, Family: family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
	if sex == 'f' && r.chance(0.12) {
		maiden := given + " " + pick(r, angloSurnames)
		n.names = append(n.names, model.Name{Full: maiden, Script: model.ScriptLatin, Kind: model.NameFormer})
	}
	return n
}

// hispanic draws a Mexican-style name: one or two given names, a paternal
// and a maternal surname, written in the ways US bank records carry them.
func (m *nameMaker) hispanic(sex byte) personName {
	r := m.r
	var given string
	switch {
	case r.chance(0.25):
		given = pick(r, hispanicCompoundGiven[sex])
	case r.chance(0.15):
		a, b := pick(r, hispanicGiven[sex]), pick(r, hispanicGiven[sex])
		if a == b {
			given = a
		} else {
			given = a + " " + b
		}
	default:
		given = pick(r, hispanicGiven[sex])
	}
	pat := pick(r, hispanicSurnames)
	mat := pick(r, hispanicSurnames)
	for mat == pat && r.chance(0.9) {
		mat = pick(r, hispanicSurnames)
	}
	n := personName{given: given, paternal: pat, maternal: mat, sex: sex, comm: commHispanic}
	full := given + " " + pat + " " + mat
	fullName := model.Name{Full: full, Given: given, Family: pat + " " + mat, Script: model.ScriptLatin}
	switch u := r.Float64(); {
	case u < 0.45: // the full name, as on a Mexican passport
		n.family = pat + " " + mat
		fullName.Kind = model.NamePrimary
		n.names = []model.Name{fullName}
	case u < 0.70: // only the paternal surname, as US forms often force
		n.family = pat
		n.names = []model.Name{{Full: given + " " + pat, Given: given, Family: pat, Script: model.ScriptLatin, Kind: model.NamePrimary}}
		if r.chance(0.6) {
			fullName.Kind = model.NameAlias
			n.names = append(n.names, fullName)
		}
	case u < 0.78: // hyphenated to keep both surnames in one field
		n.family = pat + "-" + mat
		n.names = []model.Name{{Full: given + " " + n.family, Given: given, Family: n.family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
	case u < 0.93: // accents lost by a system that keeps ASCII only
		n.family = stripAccents(pat + " " + mat)
		g := stripAccents(given)
		n.names = []model.Name{{Full: g + " " + n.family, Given: g, Family: n.family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
		n.given = g
	default:
		if sex == 'f' { // married: "de" + husband's surname, maiden name kept as former
			husband := pick(r, hispanicSurnames)
			n.family = pat + " de " + husband
			n.names = []model.Name{{Full: given + " " + n.family, Given: given, Family: n.family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
			fullName.Kind = model.NameFormer
			n.names = append(n.names, fullName)
		} else {
			n.family = pat + " " + mat
			fullName.Kind = model.NamePrimary
			n.names = []model.Name{fullName}
		}
	}
	return n
}

// chinese draws a Chinese name and writes it as a person of community c
// would be recorded: pinyin for the mainland, Cantonese for Hong Kong,
// Wade-Giles for Taiwan, an English given name for US-born customers.
func (m *nameMaker) chinese(c community, sex byte, s *hanSurname) personName {
	r := m.r
	if s == nil {
		s = &hanSurnames[r.weighted(m.surnameWeights)]
	}
	k := 2
	if r.chance(0.3) {
		k = 1
	}
	syl := make([]hanSyllable, 0, k)
	for len(syl) < k {
		g := pick(r, hanGiven)
		if g.sex != 'n' && g.sex != sex {
			continue
		}
		syl = append(syl, g)
	}
	n := personName{sex: sex, comm: c, han: s, hanGiven: syl}
	simp, trad := s.simp, s.trad
	for _, g := range syl {
		simp += g.simp
		trad += g.trad
	}
	latn := func(full, given, family string, kind model.NameKind) model.Name {
		return model.Name{Full: full, Given: given, Family: family, Script: model.ScriptLatin, Kind: kind}
	}
	hani := func(full string) model.Name {
		return model.Name{Full: full, Script: model.ScriptHan, Kind: model.NameAlias}
	}
	switch c {
	case commChineseCN:
		given := joinPinyin(syl)
		n.given, n.family = given, s.pinyin
		switch u := r.Float64(); {
		case u < 0.5:
			n.names = []model.Name{latn(given+" "+s.pinyin, given, s.pinyin, model.NamePrimary)}
		case u < 0.85:
			n.names = []model.Name{latn(s.pinyin+" "+given, given, s.pinyin, model.NamePrimary)}
		default: // an adopted English name, the legal name as an alias
			eng := pick(r, englishGivenHK[sex])
			n.given = eng
			n.names = []model.Name{latn(eng+" "+s.pinyin, eng, s.pinyin, model.NamePrimary),
				latn(s.pinyin+" "+given, given, s.pinyin, model.NameAlias)}
		}
		if r.chance(0.85) {
			n.names = append(n.names, hani(simp))
		}
	case commChineseHK:
		given := joinHyphen(syl, func(h hanSyllable) string { return h.canton })
		spaced := joinSpaced(syl, func(h hanSyllable) string { return h.canton })
		n.family = s.canton
		switch u := r.Float64(); {
		case u < 0.35: // "CHEUNG Wai Ming", family first as on an HKID
			n.given = spaced
			n.names = []model.Name{latn(s.canton+" "+spaced, spaced, s.canton, model.NamePrimary)}
		case u < 0.65: // "Kelvin Cheung Wai-ming"
			eng := pick(r, englishGivenHK[sex])
			n.given = eng
			n.names = []model.Name{latn(eng+" "+s.canton+" "+given, eng+" "+given, s.canton, model.NamePrimary)}
		default: // "Kelvin Cheung", the Chinese name as an alias
			eng := pick(r, englishGivenHK[sex])
			n.given = eng
			n.names = []model.Name{latn(eng+" "+s.canton, eng, s.canton, model.NamePrimary),
				latn(s.canton+" "+spaced, spaced, s.canton, model.NameAlias)}
		}
		if r.chance(0.8) {
			n.names = append(n.names, hani(trad))
		}
	case commChineseTW:
		given := joinHyphen(syl, func(h hanSyllable) string { return h.wade })
		n.given, n.family = given, s.wade
		if r.chance(0.5) {
			n.names = []model.Name{latn(given+" "+s.wade, given, s.wade, model.NamePrimary)}
		} else {
			n.names = []model.Name{latn(s.wade+" "+given, given, s.wade, model.NamePrimary)}
		}
		if r.chance(0.8) {
			n.names = append(n.names, hani(trad))
		}
	default: // US-born: English given name; older families keep Cantonese surnames
		fam := s.pinyin
		if r.chance(0.5) {
			fam = s.canton
		}
		eng := pick(r, angloGiven[sex])
		n.given, n.family = eng, fam
		n.names = []model.Name{latn(eng+" "+fam, eng, fam, model.NamePrimary)}
		if r.chance(0.2) {
			n.names = append(n.names, hani(trad))
		}
	}
	return n
}

func (m *nameMaker) otherName(sex byte, g *otherGroup, fi int) personName {
	r := m.r
	if g == nil {
		g = &otherGroups[r.weighted(m.otherWeights)]
	}
	givens, nativeGivens := g.givenM, g.nativeGivenM
	if sex == 'f' {
		givens, nativeGivens = g.givenF, g.nativeGivenF
	}
	gi := r.IntN(len(givens))
	if fi < 0 {
		fi = r.IntN(len(g.family))
	}
	given, family := givens[gi], g.family[fi]
	if g.country == "RU" && sex == 'f' {
		family += "a"
	}
	n := personName{given: given, family: family, sex: sex, comm: commOther, other: g, otherFam: fi}
	if g.country == "VN" { // Vietnamese middle names: Van for men, Thi for women
		mid := "Van"
		if sex == 'f' {
			mid = "Thi"
		}
		given = mid + " " + given
		n.given = given
	}
	n.names = []model.Name{{Full: given + " " + family, Given: given, Family: family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
	if len(g.nativeFamily) > 0 && r.chance(0.6) {
		ng, nf := nativeGivens[gi], g.nativeFamily[fi]
		switch g.country {
		case "RU":
			if sex == 'f' {
				nf += "а"
			}
			n.names = append(n.names, model.Name{Full: ng + " " + nf, Given: ng, Family: nf, Script: model.ScriptCyrillic, Kind: model.NameAlias})
		case "KR":
			n.names = append(n.names, model.Name{Full: nf + ng, Given: ng, Family: nf, Script: model.ScriptHangul, Kind: model.NameAlias})
		case "VN":
			mid := "Văn"
			if sex == 'f' {
				mid = "Thị"
			}
			n.names = append(n.names, model.Name{Full: nf + " " + mid + " " + ng, Given: mid + " " + ng, Family: nf, Script: model.ScriptLatin, Kind: model.NameAlias})
		}
	}
	return n
}

// relative draws a name for a relative of n: the same family name (a
// Hispanic child takes the paternal surname; a Hispanic or Chinese spouse
// keeps her own surnames), a new given name.
func (m *nameMaker) relative(n *personName, sex byte, spouse bool) personName {
	for range 20 {
		var d personName
		switch n.comm {
		case commHispanic:
			d = m.hispanic(sex)
			if !spouse {
				d.paternal = n.paternal
				d.family = n.paternal + " " + d.maternal
				d.names = []model.Name{{Full: d.given + " " + d.family, Given: d.given, Family: d.family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
			}
		case commChineseCN, commChineseHK, commChineseTW, commChineseUS:
			if spouse {
				d = m.chinese(n.comm, sex, nil)
			} else {
				d = m.chinese(n.comm, sex, n.han)
			}
		case commOther:
			d = m.otherName(sex, n.other, n.otherFam)
		default:
			d = m.anglo(sex)
			d.family = n.family
			full := d.given + " " + n.family
			d.names = []model.Name{{Full: full, Given: d.given, Family: n.family, Script: model.ScriptLatin, Kind: model.NamePrimary}}
		}
		if !m.isReserved(&d) {
			return d
		}
	}
	return m.person(n.comm, sex)
}

func joinPinyin(s []hanSyllable) string {
	var b strings.Builder
	for i, h := range s {
		if i == 0 {
			b.WriteString(strings.ToUpper(h.pinyin[:1]) + h.pinyin[1:])
		} else {
			b.WriteString(h.pinyin)
		}
	}
	return b.String()
}

func joinHyphen(s []hanSyllable, f func(hanSyllable) string) string {
	parts := make([]string, len(s))
	for i, h := range s {
		parts[i] = f(h)
	}
	out := strings.Join(parts, "-")
	return strings.ToUpper(out[:1]) + out[1:]
}

func joinSpaced(s []hanSyllable, f func(hanSyllable) string) string {
	parts := make([]string, len(s))
	for i, h := range s {
		p := f(h)
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, " ")
}

// stripAccents removes combining marks: "Hernández" → "Hernandez".
func stripAccents(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normalName folds a name for the reserved-name check: no accents, upper
// case, punctuation dropped, tokens sorted, so "GUO, Chunyan" and "Chunyan
// Guo" are the same.
func normalName(s string) string {
	s = strings.ToUpper(stripAccents(s))
	toks := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	slices.Sort(toks)
	return strings.Join(toks, " ")
}
