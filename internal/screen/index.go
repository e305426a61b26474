package screen

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/centinela-aml/centinela/internal/screen/translit"
)

// Index is an immutable, searchable set of list entities. Build it with
// NewIndex; it is safe for concurrent use.
type Index struct {
	tb       *translit.Tables
	entities []Entity
	names    []indexedName
	nameW    []float32        // total token weight of each name, to rank candidates
	df       map[string]int32 // entities whose names contain the token
	dfPerson map[string]int32 // of those, entities that are persons
	// syllables counts the given-name syllables of the lists' Chinese,
	// Korean and Vietnamese personal names, and syllableTotal their sum:
	// the model of how common a given-name syllable is (commonness.go).
	syllables     map[string]int32
	syllableTotal int
	nEnt          int
	logN          float64
	postings      map[uint64][]int32 // hash of a candidate key → name ids
	vocab         map[string]int32   // word token → id, for fuzzy look-up
	words         []string           // id → word token
	deletes       []deletion         // (hash of a word with one letter deleted, word id), sorted
	ids           map[string][]int32 // identifier key → entity ids
	lists         []ListInfo
	built         time.Time
	scratch       sync.Pool
}

// ListInfo describes one list in an index.
type ListInfo struct {
	Name     string `json:"name"`   // "ofac-sdn", "un", …
	Source   string `json:"source"` // file, folder or "embedded"
	Date     string `json:"date,omitempty"`
	Entities int    `json:"entities"`
}

type indexedName struct {
	entity  int32
	quality NameQuality
	full    string
	derived string // how the name was derived when not written in the list (e.g. from a telegraph code)
	sn      sname
	// bits is how rare the name is among people (commonness.go); 0 when
	// the entity is not a person.
	bits float32
}

// IndexStats summarises an index.
type IndexStats struct {
	Lists    []ListInfo `json:"lists"`
	Entities int        `json:"entities"`
	Names    int        `json:"names"`
	Keys     int        `json:"keys"`
}

// Stats returns the index's size.
func (ix *Index) Stats() IndexStats {
	return IndexStats{Lists: ix.lists, Entities: len(ix.entities), Names: len(ix.names), Keys: len(ix.postings)}
}

// Lists returns the lists in the index.
func (ix *Index) Lists() []ListInfo { return ix.lists }

// Entities returns the indexed entities; callers must not modify them.
func (ix *Index) Entities() []Entity { return ix.entities }

// ListSet is the entities of one list and where they came from.
type ListSet struct {
	Info     ListInfo
	Entities []Entity
}

// NewIndex indexes the entities of the given lists. Entity IDs must be
// unique within a list.
func NewIndex(sets ...ListSet) (*Index, error) {
	tb := translit.Default()
	ix := &Index{tb: tb, df: map[string]int32{}, dfPerson: map[string]int32{}, syllables: map[string]int32{},
		postings: map[uint64][]int32{}, ids: map[string][]int32{}, vocab: map[string]int32{}, built: time.Now()}
	seen := map[string]bool{}
	for _, s := range sets {
		info := s.Info
		info.Entities = len(s.Entities)
		ix.lists = append(ix.lists, info)
		for _, e := range s.Entities {
			key := e.List + "\x00" + e.ID
			if seen[key] {
				return nil, fmt.Errorf("list %s: entity %s appears twice", e.List, e.ID)
			}
			seen[key] = true
			ix.entities = append(ix.entities, e)
		}
	}
	// Normalise every name; count document frequencies per entity.
	type pending struct {
		entity  int32
		quality NameQuality
		full    string
		derived string
		n       normName
	}
	var all []pending
	for ei := range ix.entities {
		e := &ix.entities[ei]
		uniq := map[string]bool{}
		add := func(full string, q NameQuality, derived string) {
			n := normalizeName(tb, full, e.Type)
			if len(n.tokens) == 0 {
				return
			}
			all = append(all, pending{int32(ei), q, full, derived, n})
			for _, t := range n.tokens {
				uniq[t.text] = true
			}
		}
		for _, nm := range e.Names {
			add(nm.Full, nm.Quality, "")
		}
		if han := telegraphName(tb, e); han != "" {
			add(han, NameAlias, "Chinese Commercial Code "+idValue(e, IDChineseCode))
		}
		for t := range uniq {
			ix.df[t]++
			if e.Type == TypePerson {
				ix.dfPerson[t]++
			}
		}
		for _, id := range e.Identifiers {
			if k := id.Key(); len(k) >= 5 && id.Type != IDEmail && id.Type != IDWebsite && id.Type != IDPhone {
				ix.ids[string(idClass(id.Type))+":"+k] = append(ix.ids[string(idClass(id.Type))+":"+k], int32(ei))
			}
		}
	}
	ix.nEnt = len(ix.entities)

	ix.logN = math.Log(float64(ix.nEnt) + 1)
	for _, p := range all {
		if ix.entities[p.entity].Type == TypePerson && p.n.trad != tradNone {
			for _, t := range givenSyllables(p.n.tokens, p.n.trad, p.n.han()) {
				ix.syllables[t]++
				ix.syllableTotal++
			}
		}
	}
	ix.names = make([]indexedName, len(all))
	ix.nameW = make([]float32, len(all))
	strs := map[string]string{}
	for i, p := range all {
		ix.names[i] = indexedName{entity: p.entity, quality: p.quality, full: p.full, derived: p.derived, sn: toSName(tb, p.n, ix)}
		if ix.entities[p.entity].Type == TypePerson {
			ix.names[i].bits = float32(ix.nameBits(&ix.names[i].sn))
		}
		intern(ix.names[i].sn.toks, strs)
		all[i] = pending{} // let the normalised form go as soon as it is indexed
		for _, t := range ix.names[i].sn.toks {
			ix.nameW[i] += float32(t.w)
		}
		for _, t := range ix.names[i].sn.toks {
			for _, wk := range tokenWeightedKeys(tb, &t, ix.names[i].sn.chinese) {
				ps := ix.postings[wk.key]
				if len(ps) > 0 && ps[len(ps)-1] == int32(i) {
					continue
				}
				ix.postings[wk.key] = append(ps, int32(i))
			}
		}
		for _, t := range ix.names[i].sn.toks {
			if t.kind == kindWord && len(t.text) >= 3 && len(t.text) <= maxFuzzyLen {
				if _, ok := ix.vocab[t.text]; !ok {
					id := int32(len(ix.words))
					ix.vocab[t.text] = id
					ix.words = append(ix.words, t.text)
					for _, d := range deletions(t.text) {
						ix.deletes = append(ix.deletes, deletion{hashString(d), id})
					}
				}
			}
		}
	}
	slices.SortFunc(ix.deletes, func(a, b deletion) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return int(a.word - b.word)
	})
	for k, ps := range ix.postings {
		ix.postings[k] = slices.Clip(ps)
	}
	ix.scratch.New = func() any { return newScratch(len(ix.names)) }
	return ix, nil
}

// deletion is one entry of the one-deletion index.
type deletion struct {
	hash uint64
	word int32
}

// intern makes tokens that spell the same share one string.
func intern(toks []stok, strs map[string]string) {
	for i := range toks {
		t := &toks[i]
		if s, ok := strs[t.text]; ok {
			t.text = s
		} else {
			strs[t.text] = t.text
		}
		if s, ok := strs[t.skel]; ok {
			t.skel = s
		} else {
			strs[t.skel] = t.skel
		}
	}
}

// FNV-1a, 64 bits: candidate keys are stored by hash. Two keys with one
// hash only merge their candidates, which are all scored in full anyway.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// keyHash is the hash of a candidate key: a kind letter and a text.
func keyHash(kind byte, text string) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(kind)
	h *= fnvPrime
	h ^= ':'
	h *= fnvPrime
	for i := 0; i < len(text); i++ {
		h ^= uint64(text[i])
		h *= fnvPrime
	}
	return h
}

// deletedWords returns the ids of the words that have deletion hash h.
func (ix *Index) deletedWords(h uint64) []deletion {
	i, _ := slices.BinarySearchFunc(ix.deletes, h, func(d deletion, h uint64) int {
		switch {
		case d.hash < h:
			return -1
		case d.hash > h:
			return 1
		}
		return 0
	})
	j := i
	for j < len(ix.deletes) && ix.deletes[j].hash == h {
		j++
	}
	return ix.deletes[i:j]
}

// telegraphName rebuilds the Han name of an OFAC entry from its Chinese
// Commercial Codes ("Chinese Commercial Code 1728 4320" → 张磊), so that a
// customer onboarded in characters meets the entry.
func telegraphName(tb *translit.Tables, e *Entity) string {
	code := idValue(e, IDChineseCode)
	if code == "" {
		return ""
	}
	var b strings.Builder
	for _, c := range strings.Fields(code) {
		r, ok := tb.FromTelegraph(c)
		if !ok {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

func idValue(e *Entity, t IDType) string {
	for _, id := range e.Identifiers {
		if id.Type == t {
			return id.Value
		}
	}
	return ""
}

// idClass groups identifier types that are compared with each other.
func idClass(t IDType) IDType {
	switch t {
	case IDNationalID, IDCedula:
		return IDNationalID
	case IDTaxID, IDRFC:
		return IDTaxID
	}
	return t
}

// weight implements weigher: the rarity of a token among the list's
// entities, ln((N+1)/(df+0.5)) / ln(N+1) clamped to [0.05, 1], capped by
// the population prior of commonNames.
func (ix *Index) weight(text string) float64 {
	df := float64(ix.df[text])
	w := 1.0
	if ix.nEnt > 0 {
		w = math.Log((float64(ix.nEnt)+1)/(df+0.5)) / ix.logN
	}
	w = min(max(w, 0.05), 1)
	if c, ok := commonNames[text]; ok {
		w = min(w, c)
	}
	return w
}

// Key factors: how much sharing a key says about sharing the token.
const (
	keyExact   = 1.0
	keySinitic = 0.85
	keySkel    = 0.7
	keyFuzzy   = 0.6
)

type weightedKey struct {
	key    uint64
	factor float64
}

func tokenWeightedKeys(tb *translit.Tables, t *stok, chinese bool) []weightedKey {
	if t.kind == kindLegal || t.kind == kindParticle || t.kind == kindHonorific {
		return nil
	}
	keys := []weightedKey{{keyHash('t', t.text), keyExact}}
	if t.kind == kindNumber {
		return keys
	}
	if chinese && t.sinitic {
		for _, r := range tb.Readings(t.text) {
			keys = append(keys, weightedKey{keyHash('s', tb.Syllable(r.Syllable)), keySinitic})
		}
	}
	if len(t.skel) >= 2 && (len(t.text) >= 4 || arabicLike(t.script)) {
		keys = append(keys, weightedKey{keyHash('k', t.skel), keySkel})
	}
	return keys
}

// maxFuzzyLen is the longest word looked up with one-deletion keys
// (symmetric deletion: two words within one edit, or two edits of which
// one on each side, share a key).
const maxFuzzyLen = 14

// deletions returns the distinct strings made by deleting one letter.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue
		}
		out = append(out, w[:i]+w[i+1:])
	}
	return out
}

// fuzzyWords returns the listed words within two edits of w found through
// shared one-deletion keys, without w itself.
func (ix *Index) fuzzyWords(w string, out []int32) []int32 {
	if len(w) < 3 || len(w) > maxFuzzyLen {
		return out
	}
	add := func(id int32) {
		if ix.words[id] != w && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, d := range ix.deletedWords(hashString(w)) {
		add(d.word)
	}
	for _, del := range deletions(w) {
		if id, ok := ix.vocab[del]; ok {
			add(id)
		}
		for _, d := range ix.deletedWords(hashString(del)) {
			add(d.word)
		}
	}
	return out
}

type scratch struct {
	acc     []float32
	lastTok []int32
	touched []int32
	fuzzy   []int32
	heap    []cand
	stamp   int32
}

func newScratch(n int) *scratch {
	return &scratch{acc: make([]float32, n), lastTok: make([]int32, n)}
}

// maxCandidates is how many names, ranked by shared keys, are scored in
// full for one query name.
const maxCandidates = 48

// candidates returns the names that share the most key weight with q.
func (ix *Index) candidates(q *sname, sc *scratch) []int32 {
	for _, i := range sc.touched {
		sc.acc[i] = 0
	}
	sc.touched = sc.touched[:0]
	for ti := range q.toks {
		t := &q.toks[ti]
		sc.stamp++
		if sc.stamp == math.MaxInt32 {
			clear(sc.lastTok)
			sc.stamp = 1
		}
		keys := tokenWeightedKeys(ix.tb, t, q.chinese)
		if t.kind == kindWord {
			sc.fuzzy = ix.fuzzyWords(t.text, sc.fuzzy[:0])
			for _, id := range sc.fuzzy {
				keys = append(keys, weightedKey{keyHash('t', ix.words[id]), keyFuzzy})
			}
		}
		for _, wk := range keys {
			inc := float32(wk.factor * t.w)
			for _, ni := range ix.postings[wk.key] {
				if sc.lastTok[ni] == sc.stamp {
					continue
				}
				sc.lastTok[ni] = sc.stamp
				if sc.acc[ni] == 0 {
					sc.touched = append(sc.touched, ni)
				}
				sc.acc[ni] += inc
			}
		}
	}
	// Rank by the Dice estimate 2·shared / (query weight + name weight):
	// among names sharing the same words, the ones with fewer other words
	// come first.
	var qw float32
	for _, t := range q.toks {
		qw += float32(t.w)
	}
	rank := func(ni int32) float32 { return sc.acc[ni] / (qw + ix.nameW[ni]) }
	heap := sc.heap[:0]
	for _, ni := range sc.touched {
		r := rank(ni)
		if len(heap) < maxCandidates {
			heap = append(heap, cand{ni, r})
			for i := len(heap) - 1; i > 0; {
				p := (i - 1) / 2
				if !heap[i].less(heap[p]) {
					break
				}
				heap[i], heap[p] = heap[p], heap[i]
				i = p
			}
			continue
		}
		if !heap[0].less(cand{ni, r}) {
			continue
		}
		heap[0] = cand{ni, r}
		for i := 0; ; {
			l, rr, m := 2*i+1, 2*i+2, i
			if l < len(heap) && heap[l].less(heap[m]) {
				m = l
			}
			if rr < len(heap) && heap[rr].less(heap[m]) {
				m = rr
			}
			if m == i {
				break
			}
			heap[i], heap[m] = heap[m], heap[i]
			i = m
		}
	}
	sc.heap = heap
	out := make([]int32, len(heap))
	for i, c := range heap {
		out[i] = c.name
	}
	return out
}

// cand is a candidate name and its rank; less orders the heap's root as
// the worst kept candidate (lowest rank, then highest name id).
type cand struct {
	name int32
	rank float32
}

func (a cand) less(b cand) bool {
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.name > b.name
}
