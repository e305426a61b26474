package detect

// pairTable counts the edges of each ordered account pair (u, v) inside one
// window. It is an open-addressing hash table with linear probing and
// backward-shift deletion, so it never holds tombstones and its size follows
// the number of distinct pairs in the window, not the history.
//
// Keys are u<<32 | v with u, v ≥ 1 (node 0 is "no account"), so the key 0
// marks an empty slot.
type pairTable struct {
	slots []pairEntry
	n     int
	shift uint // 64 - log2(len(slots))
}

// pairEntry is one slot: the pair's key, its edge count in the window and
// the novelty flags of the pair (see view).
type pairEntry struct {
	key   uint64
	count uint32
	flags uint32
}

const pairTableMinSize = 1 << 10

func pairKey(u, v node) uint64 { return uint64(u)<<32 | uint64(v) }

func (p *pairTable) init(size int) {
	n := pairTableMinSize
	for n < size {
		n <<= 1
	}
	p.slots = make([]pairEntry, n)
	p.n = 0
	p.shift = 64 - uint(log2(n))
}

func log2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// home returns the slot a key hashes to (Fibonacci hashing).
func (p *pairTable) home(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> p.shift)
}

// find returns the slot index holding key, or -1.
func (p *pairTable) find(key uint64) int {
	mask := len(p.slots) - 1
	for i := p.home(key); ; i = (i + 1) & mask {
		k := p.slots[i].key
		if k == key {
			return i
		}
		if k == 0 {
			return -1
		}
	}
}

// insert returns the entry for key, creating it with count 0 when absent;
// created reports whether it was absent.
func (p *pairTable) insert(key uint64) (e *pairEntry, created bool) {
	if p.slots == nil {
		p.init(0)
	}
	if (p.n+1)*2 > len(p.slots) { // load factor 1/2: short probes for absent keys
		p.grow()
	}
	mask := len(p.slots) - 1
	for i := p.home(key); ; i = (i + 1) & mask {
		s := &p.slots[i]
		if s.key == key {
			return s, false
		}
		if s.key == 0 {
			s.key = key
			p.n++
			return s, true
		}
	}
}

func (p *pairTable) grow() {
	old := p.slots
	p.init(len(old) * 2)
	mask := len(p.slots) - 1
	for _, s := range old {
		if s.key == 0 {
			continue
		}
		i := p.home(s.key)
		for p.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		p.slots[i] = s
		p.n++
	}
}

// removeAt deletes the entry in slot i and shifts the following entries of
// its probe run back, so that lookups never need tombstones.
func (p *pairTable) removeAt(i int) {
	mask := len(p.slots) - 1
	for {
		p.slots[i] = pairEntry{}
		j := i
		for {
			j = (j + 1) & mask
			k := p.slots[j].key
			if k == 0 {
				p.n--
				return
			}
			h := p.home(k)
			// The entry at j may move to i when its home slot is not in
			// the cyclic range (i, j].
			if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
				p.slots[i] = p.slots[j]
				i = j
				break
			}
		}
	}
}

// len returns the number of pairs in the table.
func (p *pairTable) len() int { return p.n }
