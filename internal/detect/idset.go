package detect

// idSet remembers the transaction IDs of the edges retained in the edge log,
// so that a transaction seen twice within the retention horizon is counted
// once. It maps the ID's 64-bit hash to the edge's sequence number; a hash
// match is confirmed by comparing the ID stored in the edge log, so hash
// collisions never drop a transaction.
//
// Open addressing, linear probing, backward-shift deletion (as pairTable).
type idSet struct {
	slots []idSlot
	n     int
	shift uint
}

type idSlot struct {
	hash uint64
	seq  uint64 // 0 = empty
}

func (s *idSet) init(size int) {
	n := pairTableMinSize
	for n < size {
		n <<= 1
	}
	s.slots = make([]idSlot, n)
	s.n = 0
	s.shift = 64 - uint(log2(n))
}

func (s *idSet) home(h uint64) int { return int((h * 0x9E3779B97F4A7C15) >> s.shift) }

// lookup returns the sequence number of a retained edge with this ID (whose
// hash is h) and a time after since, or 0. Edges at or before since are
// ignored even while still in the log, so that what counts as a duplicate
// depends on timestamps only, never on when the log was last trimmed.
func (s *idSet) lookup(h uint64, id string, since int64, log *edgeLog, ids *idArena) uint64 {
	if s.slots == nil {
		return 0
	}
	mask := len(s.slots) - 1
	for i := s.home(h); ; i = (i + 1) & mask {
		sl := s.slots[i]
		if sl.seq == 0 {
			return 0
		}
		if e := log.at(sl.seq); sl.hash == h && e.time > since && int(e.idLen) == len(id) && string(ids.get(e.idPos, e.idLen)) == id {
			return sl.seq
		}
	}
}

// add records that the edge seq has an ID hashing to h.
func (s *idSet) add(h, seq uint64) {
	s.reserve()
	s.put(idSlot{hash: h, seq: seq})
}

// reserve makes room for one more entry (load factor at most 1/2).
func (s *idSet) reserve() {
	if s.slots == nil {
		s.init(0)
	}
	if (s.n+1)*2 > len(s.slots) {
		old := s.slots
		s.init(len(old) * 2)
		for _, sl := range old {
			if sl.seq != 0 {
				s.put(sl)
			}
		}
	}
}

// addUnlessPresent records that the edge seq, about to be appended to the
// log, has this ID (hashing to h), unless a retained edge with a time after
// since already has it; then it returns that edge's sequence number and
// records nothing. One probe sequence does both.
func (s *idSet) addUnlessPresent(h uint64, id string, since int64, seq uint64, log *edgeLog, ids *idArena) uint64 {
	s.reserve()
	mask := len(s.slots) - 1
	for i := s.home(h); ; i = (i + 1) & mask {
		sl := s.slots[i]
		if sl.seq == 0 {
			s.slots[i] = idSlot{hash: h, seq: seq}
			s.n++
			return 0
		}
		if sl.hash == h {
			if e := log.at(sl.seq); e.time > since && int(e.idLen) == len(id) && string(ids.get(e.idPos, e.idLen)) == id {
				return sl.seq
			}
		}
	}
}

func (s *idSet) put(sl idSlot) {
	mask := len(s.slots) - 1
	i := s.home(sl.hash)
	for s.slots[i].seq != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = sl
	s.n++
}

// remove forgets the edge seq whose ID hashes to h.
func (s *idSet) remove(h, seq uint64) {
	if s.slots == nil {
		return
	}
	mask := len(s.slots) - 1
	i := s.home(h)
	for {
		sl := s.slots[i]
		if sl.seq == 0 {
			return
		}
		if sl.seq == seq {
			break
		}
		i = (i + 1) & mask
	}
	for {
		s.slots[i] = idSlot{}
		j := i
		for {
			j = (j + 1) & mask
			sl := s.slots[j]
			if sl.seq == 0 {
				s.n--
				return
			}
			h := s.home(sl.hash)
			if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
				s.slots[i] = sl
				i = j
				break
			}
		}
	}
}
