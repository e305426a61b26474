package rules

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/centinela-aml/centinela/internal/model"
)

// The network view: what the institution knows about a customer across
// customers. FIN-2025-A003's network detectors need it: counterfeit
// passports and phones reused across "unrelated" mules, a Mexican
// counterpart tied to a US broker by a phone and a device (mirror
// transfers), one employee onboarding many high-risk customers (insiders).
// A KYC that can answer implements NetworkKYC; Directory does, from the
// parties and accounts in memory.

// NetworkKYC is a KYC that also knows each party's links across customers.
type NetworkKYC interface {
	KYC
	// Network returns the party's links, or nil when it has none.
	Network(partyID string) *PartyNetwork
}

// LinkKind is a kind of identifier two parties share.
type LinkKind uint8

// Link kinds.
const (
	LinkPassport LinkKind = 1 << iota // the same passport number and issuing country
	LinkPhone                         // the same phone number, however written
	LinkDevice                        // the same device ID
	LinkAddress                       // the same street address and postal code
)

var linkNames = []string{"passport", "phone", "device", "address"}

// Names lists the kinds in k: "passport", "phone", "device", "address".
func (k LinkKind) Names() []string {
	var out []string
	for i, n := range linkNames {
		if k&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// Link is another party that shares identifiers with a party.
type Link struct {
	Party string
	Kinds LinkKind
	// Related marks a party of the same economic unit or household: a
	// co-owner of an account, an organisation and its owner, or (for
	// phones, devices and addresses, which households share) the same
	// family name.
	Related bool
	// Foreign marks a party of another institution (a correspondent bank's
	// customer), not a customer here.
	Foreign bool
	// Since is when both parties were customers (the later onboarding);
	// zero when unknown. A replay does not see a link before it exists.
	Since time.Time
}

// PartyNetwork is one party's links across customers, and, for an
// employee, the customers it onboarded.
type PartyNetwork struct {
	Links []Link
	// Onboarded are the onboarding dates of the customers the party
	// onboarded (it is an employee), sorted; Unexplained those of the
	// high-risk openings among them (highRiskOpening).
	Onboarded   []time.Time
	Unexplained []time.Time
}

// NetworkView is the subject owner's network as of the current
// transaction.
type NetworkView struct {
	// Available says the KYC knows the owner's network; an expression that
	// tests it may read the other fields without requiring "network".
	Available bool `expr:"available" presence:"network"`
	// Other customers presenting the same identifier who are neither
	// co-owners nor family (Link.Related); a passport number is never a
	// household's to share, so every other holder counts.
	SharedPassport int `expr:"shared_passport" requires:"network"`
	SharedPhone    int `expr:"shared_phone" requires:"network"`
	SharedDevice   int `expr:"shared_device" requires:"network"`
	SharedAddress  int `expr:"shared_address" requires:"network"`
	// SharedUnrelated counts the distinct customers sharing any identifier
	// unrelated; SharedWith names them and SharedKinds the identifiers
	// shared. SharedRelated counts the family and co-owners sharing one.
	SharedUnrelated int      `expr:"shared_unrelated" requires:"network"`
	SharedWith      []string `expr:"shared_with" requires:"network"`
	SharedKinds     []string `expr:"shared_kinds" requires:"network"`
	SharedRelated   int      `expr:"shared_related" requires:"network"`
	// LinkedForeign counts parties of other institutions sharing a
	// passport, phone or device with the owner; LinkedForeignWith names
	// them.
	LinkedForeign     int      `expr:"linked_foreign" requires:"network"`
	LinkedForeignWith []string `expr:"linked_foreign_with" requires:"network"`
	// Employee says the owner onboarded customers. OnboardedRecent counts
	// those onboarded within Options.OnboardingWindow before the
	// transaction; OnboardedUnexplained the high-risk openings among them:
	// persons of the occupations money-mule networks recruit (students,
	// homemakers, retirees, laborers, the unemployed — FIN-2025-A003 p. 9)
	// whose source of funds is undisclosed or unusual for the occupation.
	Employee             bool `expr:"employee" requires:"network"`
	OnboardedRecent      int  `expr:"onboarded_recent" requires:"network"`
	OnboardedUnexplained int  `expr:"onboarded_unexplained" requires:"network"`
}

// view fills v as of time t, looking back window for onboardings, and
// returns the next time the view changes (a link appears, an onboarding
// enters or leaves the window); the zero time when it never does.
func (n *PartyNetwork) view(t time.Time, window time.Duration, v *NetworkView) time.Time {
	*v = NetworkView{Available: true}
	if n == nil {
		return time.Time{}
	}
	var next time.Time
	soonest := func(c time.Time) {
		if c.After(t) && (next.IsZero() || c.Before(next)) {
			next = c
		}
	}
	var kinds LinkKind
	for i := range n.Links {
		l := &n.Links[i]
		if !l.Since.IsZero() && l.Since.After(t) {
			soonest(l.Since)
			continue
		}
		if l.Foreign {
			if l.Kinds&(LinkPassport|LinkPhone|LinkDevice) != 0 {
				v.LinkedForeign++
				v.LinkedForeignWith = append(v.LinkedForeignWith, l.Party)
			}
			continue
		}
		if l.Kinds&LinkPassport != 0 {
			v.SharedPassport++
		}
		if l.Related {
			v.SharedRelated++
			if l.Kinds&LinkPassport == 0 {
				continue
			}
		}
		if l.Kinds&LinkPhone != 0 {
			v.SharedPhone++
		}
		if l.Kinds&LinkDevice != 0 {
			v.SharedDevice++
		}
		if l.Kinds&LinkAddress != 0 {
			v.SharedAddress++
		}
		v.SharedUnrelated++
		v.SharedWith = append(v.SharedWith, l.Party)
		kinds |= l.Kinds
	}
	v.SharedKinds = kinds.Names()
	if len(n.Onboarded) > 0 {
		v.Employee = true
		v.OnboardedRecent = countBetween(n.Onboarded, t.Add(-window), t)
		v.OnboardedUnexplained = countBetween(n.Unexplained, t.Add(-window), t)
		for _, ts := range [][]time.Time{n.Onboarded, n.Unexplained} {
			if i := firstAfter(ts, t); i < len(ts) {
				soonest(ts[i]) // enters the window
			}
			if i := firstAfter(ts, t.Add(-window)); i < len(ts) {
				soonest(ts[i].Add(window).Add(time.Nanosecond)) // leaves it
			}
		}
	}
	return next
}

// countBetween counts the sorted times in (from, to].
func countBetween(ts []time.Time, from, to time.Time) int {
	return max(firstAfter(ts, to)-firstAfter(ts, from), 0)
}

// firstAfter returns the position of the first of the sorted times after t.
func firstAfter(ts []time.Time, t time.Time) int {
	i, _ := slices.BinarySearchFunc(ts, t, func(a, b time.Time) int {
		if a.After(b) {
			return 1
		}
		return -1 // times ≤ t sort before
	})
	return i
}

// networkIndex is a Directory's network, built on first use.
type networkIndex map[string]*PartyNetwork

// Network implements NetworkKYC. The index is built on the first call,
// from the directory's parties and accounts (with Institution as set at
// that time); it is safe for concurrent use.
func (d *Directory) Network(partyID string) *PartyNetwork {
	d.netOnce.Do(func() { d.net = buildNetwork(d) })
	return d.net[partyID]
}

// maxGroup caps the parties sharing one identifier that are linked pair by
// pair: a value shared by more (a placeholder phone, a branch address) says
// nothing about any one of them.
const maxGroup = 50

func buildNetwork(d *Directory) networkIndex {
	held := func(a *model.Account) bool {
		return d.Institution == "" || a.Institution == "" || a.Institution == d.Institution
	}
	customer := map[string]bool{} // party → a customer (true) or another institution's (false)
	related := map[[2]string]bool{}
	relate := func(a, b string) {
		if a > b {
			a, b = b, a
		}
		related[[2]string{a, b}] = true
	}
	for _, a := range d.accounts {
		for i, o := range a.Owners {
			if held(a) {
				customer[o] = true
			} else if _, ok := customer[o]; !ok {
				customer[o] = false
			}
			for _, o2 := range a.Owners[i+1:] {
				relate(o, o2)
			}
		}
	}
	for id, p := range d.parties {
		for _, o := range p.Owners {
			relate(id, o)
		}
	}

	// Identifier → parties.
	groups := map[string][]string{}
	add := func(kind LinkKind, key, party string) {
		if key == "" {
			return
		}
		k := string(rune('0'+kind)) + key
		if g := groups[k]; !slices.Contains(g, party) {
			groups[k] = append(g, party)
		}
	}
	ids := make([]string, 0, len(customer))
	for id := range customer {
		if d.parties[id] != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		p := d.parties[id]
		for _, doc := range p.Documents {
			if doc.Type == model.DocPassport {
				add(LinkPassport, strings.ToUpper(strings.Join(strings.Fields(doc.Number), ""))+"|"+doc.Country, id)
			}
		}
		for _, ph := range p.Phones {
			add(LinkPhone, phoneKey(ph), id)
		}
		for _, dev := range p.DeviceIDs {
			add(LinkDevice, strings.TrimSpace(dev), id)
		}
		if p.Address.Line != "" {
			add(LinkAddress, addressKey(p.Address), id)
		}
	}

	net := networkIndex{}
	links := map[[2]string]*Link{} // (party, other) → link
	for k, g := range groups {
		if len(g) < 2 || len(g) > maxGroup {
			continue
		}
		kind := LinkKind(k[0] - '0')
		for i, a := range g {
			for _, b := range g[i+1:] {
				pa, pb := d.parties[a], d.parties[b]
				if kind == LinkPassport && samePerson(pa, pb) {
					continue
				}
				lo, hi := a, b
				if lo > hi {
					lo, hi = hi, lo
				}
				rel := related[[2]string{lo, hi}] || (kind != LinkPassport && sameFamily(pa, pb))
				since := later(pa.Onboarded, pb.Onboarded)
				for _, pair := range [][2]string{{a, b}, {b, a}} {
					l := links[pair]
					if l == nil {
						l = &Link{Party: pair[1], Foreign: !customer[pair[1]], Since: since}
						links[pair] = l
					}
					l.Kinds |= kind
					l.Related = l.Related || rel
				}
			}
		}
	}
	for pair, l := range links {
		if !customer[pair[0]] {
			continue // only customers are subjects
		}
		n := net[pair[0]]
		if n == nil {
			n = &PartyNetwork{}
			net[pair[0]] = n
		}
		n.Links = append(n.Links, *l)
	}

	// Employees: the customers each onboarded.
	for _, id := range ids {
		p := d.parties[id]
		if !customer[id] || p.OnboardedBy == "" || p.Onboarded.IsZero() {
			continue
		}
		n := net[p.OnboardedBy]
		if n == nil {
			n = &PartyNetwork{}
			net[p.OnboardedBy] = n
		}
		n.Onboarded = append(n.Onboarded, p.Onboarded.Time)
		if highRiskOpening(p) {
			n.Unexplained = append(n.Unexplained, p.Onboarded.Time)
		}
	}

	// An organisation's network includes its owners': a company account
	// run by a broker is tied to the broker's counterpart abroad.
	for id, p := range d.parties {
		if p.Kind != model.Organization || len(p.Owners) == 0 || !customer[id] {
			continue
		}
		var merged []Link
		if n := net[id]; n != nil {
			merged = append(merged, n.Links...)
		}
		for _, o := range p.Owners {
			if on := net[o]; on != nil {
				for _, l := range on.Links {
					if l.Party != id && !slices.Contains(p.Owners, l.Party) &&
						!slices.ContainsFunc(merged, func(m Link) bool { return m.Party == l.Party }) {
						merged = append(merged, l)
					}
				}
			}
		}
		if len(merged) > 0 {
			n := net[id]
			if n == nil {
				n = &PartyNetwork{}
				net[id] = n
			}
			n.Links = merged
		}
	}
	for _, n := range net {
		slices.SortFunc(n.Links, func(a, b Link) int { return strings.Compare(a.Party, b.Party) })
		slices.SortFunc(n.Onboarded, time.Time.Compare)
		slices.SortFunc(n.Unexplained, time.Time.Compare)
	}
	return net
}

// highRiskOpening reports whether a customer's opening has the money-mule
// profile of FIN-2025-A003 (p. 9): a person of a low-income occupation
// whose declared source of funds does not explain money (undisclosed, or
// unusual for the occupation: a homemaker living on "gifts").
func highRiskOpening(p *model.Party) bool {
	return p.Kind == model.Person && model.ClassifyOccupation(p.Occupation).LowIncome() && sourceUnexplained(p)
}

// phoneKey normalises a phone number to its digits; a North American number
// written with its country code 1 keeps the ten national digits, so that
// "+1 626-281-4432", "(626) 281-4432" and "6262814432" are one phone.
func phoneKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) < 7 {
		return "" // not a phone number
	}
	return d
}

// addressKey normalises a street address with its postal code: letters
// and digits only, lower case.
func addressKey(a model.Address) string {
	norm := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	return norm(a.Line) + "|" + norm(a.PostalCode) + "|" + a.Country
}

// samePerson reports whether two records describe one person: the same
// primary name and birth date (a duplicate record, not a shared passport).
func samePerson(a, b *model.Party) bool {
	return strings.EqualFold(a.PrimaryName(), b.PrimaryName()) && a.BirthDate == b.BirthDate
}

// sameFamily reports whether two persons share a family name, as
// households that share a phone, a tablet or an address do.
func sameFamily(a, b *model.Party) bool {
	fa, fb := familyNames(a), familyNames(b)
	for _, x := range fa {
		if slices.Contains(fb, x) {
			return true
		}
	}
	return false
}

// familyNames returns the lower-case family names of a person's names
// (each word of a compound Spanish surname counts).
func familyNames(p *model.Party) []string {
	var out []string
	for _, n := range p.Names {
		for _, w := range strings.FieldsFunc(strings.ToLower(n.Family), func(r rune) bool { return r == ' ' || r == '-' }) {
			if len(w) >= 2 && !slices.Contains(surnameParticles, w) && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// surnameParticles are words of compound surnames that say nothing about
// the family ("María de la Cruz", "van der Berg").
var surnameParticles = []string{"de", "del", "la", "las", "los", "y", "e", "da", "do", "dos", "van", "von", "der", "den", "di"}

func later(a, b model.Date) time.Time {
	if a.IsZero() || b.IsZero() {
		return time.Time{}
	}
	if a.Time.After(b.Time) {
		return a.Time
	}
	return b.Time
}
