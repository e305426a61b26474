package detect

// idArena stores the transaction IDs of the retained edges in one ring of
// bytes, in edge order, so that the edge log holds no pointers and the
// garbage collector never scans it. An ID never wraps around the end of the
// ring: when it would, it starts at the ring's beginning instead.
type idArena struct {
	buf  []byte
	head uint64 // absolute position of the oldest retained byte
	next uint64 // absolute position where the next ID goes
}

func (a *idArena) init() { a.buf = make([]byte, 1<<16) }

// put stores id and returns its absolute position.
func (a *idArena) put(id string) uint64 {
	n := uint64(len(id))
	for {
		size := uint64(len(a.buf))
		pos := a.next
		if start := pos % size; start+n > size {
			pos += size - start // skip the ring's tail
		}
		if pos+n-a.head <= size {
			copy(a.buf[pos%size:], id)
			a.next = pos + n
			return pos
		}
		a.grow()
	}
}

// grow doubles the ring. Positions keep their meaning: an ID that did not
// cross a multiple of the old size does not cross one of the new size.
func (a *idArena) grow() {
	old := a.buf
	oldSize := uint64(len(old))
	a.buf = make([]byte, 2*oldSize)
	size := uint64(len(a.buf))
	for p := a.head; p < a.next; {
		// Copy the run up to the end of the old ring or of the data.
		o := p % oldSize
		run := min(oldSize-o, a.next-p)
		n := p % size
		run = min(run, size-n)
		copy(a.buf[n:n+run], old[o:o+run])
		p += run
	}
}

// get returns the bytes of the ID at pos with length n.
func (a *idArena) get(pos uint64, n uint32) []byte {
	start := pos % uint64(len(a.buf))
	return a.buf[start : start+uint64(n)]
}

// release forgets everything before pos.
func (a *idArena) release(pos uint64) { a.head = pos }
