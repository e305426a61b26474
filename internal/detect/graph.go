package detect

import (
	"iter"
)

// node is an account's dense number inside the engine. Node 0 means "no
// account": the missing side of a cash deposit or withdrawal.
type node = uint32

// edge is one accepted transaction in the edge log.
type edge struct {
	idPos        uint64 // the ID's position in the engine's idArena
	idHash       uint64
	time         int64   // Unix nanoseconds
	amount       float64 // paid by src, in currency
	received     float64 // credited to dst, in currencyRecv
	prevOut      uint64  // seq of src's previous out-edge, 0 for none
	prevIn       uint64  // seq of dst's previous in-edge, 0 for none
	srcIn        uint64  // seq of src's newest in-edge when this edge arrived
	dstOut       uint64  // seq of dst's newest out-edge when this edge arrived
	src, dst     node
	idLen        uint32
	currency     uint16
	currencyRecv uint16
	channel      uint8                  // index in model.Channels plus one; 0 when unknown
	novel        [maxNoveltyViews]uint8 // per novelty view: novelOut | novelIn flags, set at insertion
}

// edgeLog holds the retained edges in arrival order in a ring buffer whose
// size is a power of two. Edges are numbered by a sequence number that
// starts at 1 and never repeats; the edge with number s lives in slot
// s & (len(buf)-1). Because the stream is in time order, the log is sorted by
// time, so expiring the oldest edges is popping the head: amortised O(1).
type edgeLog struct {
	buf  []edge
	head uint64 // oldest retained seq
	next uint64 // seq of the next appended edge
}

func (l *edgeLog) init() {
	l.buf = make([]edge, 1<<12)
	l.head, l.next = 1, 1
}

// at returns the edge with sequence number seq, which must be retained.
func (l *edgeLog) at(seq uint64) *edge { return &l.buf[seq&uint64(len(l.buf)-1)] }

// retained reports whether seq names an edge still in the log.
func (l *edgeLog) retained(seq uint64) bool { return seq >= l.head && seq < l.next }

// len returns the number of retained edges.
func (l *edgeLog) len() int { return int(l.next - l.head) }

// push appends e and returns its sequence number.
func (l *edgeLog) push(e edge) uint64 {
	if l.len() == len(l.buf) {
		old := l.buf
		oldMask := uint64(len(old) - 1)
		l.buf = make([]edge, 2*len(old))
		mask := uint64(len(l.buf) - 1)
		for s := l.head; s < l.next; s++ {
			l.buf[s&mask] = old[s&oldMask]
		}
	}
	s := l.next
	l.buf[s&uint64(len(l.buf)-1)] = e
	l.next++
	return s
}

// nodeTable interns account keys to dense node numbers and holds the
// per-account state that does not depend on a window. Accounts idle for
// longer than the engine's retention are released and their numbers reused,
// so that the table's size follows the accounts active recently, not every
// account ever seen.
type nodeTable struct {
	index map[string]node
	name  []string
	st    []nodeState
	free  []node
}

// nodeState is what every insertion reads and writes about an account,
// together in one cache line: an insertion touches one line per account.
type nodeState struct {
	lastOut, lastIn uint64 // seq of the newest out- and in-edge, 0 for none
	// Times of the newest out- and in-edge, 0 for none.
	lastOutTime, lastInTime int64
	firstSeen, lastSeen     int64
	hash                    uint64 // FNV-1a of the key: stable across releases, used by known-counterparty sets
	// isNew says the account was new when first seen (NewAccountConfig).
	isNew bool
}

func (t *nodeTable) init() {
	t.index = make(map[string]node)
	// Node 0 is "no account".
	t.name = []string{""}
	t.st = []nodeState{{}}
}

// len returns the number of node slots, including node 0 and released ones.
func (t *nodeTable) len() int { return len(t.name) }

// live returns the number of accounts currently interned.
func (t *nodeTable) live() int { return len(t.index) }

// intern returns key's node. created reports that the key was new (its
// node may be a released one, whose per-node state the caller resets);
// grown that the table got a new slot (the caller grows its per-node
// arrays).
func (t *nodeTable) intern(key string, now int64) (n node, created, grown bool) {
	if n, ok := t.index[key]; ok {
		return n, false, false
	}
	created = true
	if k := len(t.free); k > 0 {
		n = t.free[k-1]
		t.free = t.free[:k-1]
	} else {
		n = node(len(t.name))
		t.name = extend(t.name, len(t.name)+1)
		t.st = extend(t.st, len(t.st)+1)
		grown = true
	}
	t.index[key] = n
	t.name[n] = key
	t.st[n] = nodeState{hash: fnv64(key), firstSeen: now, lastSeen: now}
	return n, created, grown
}

// release forgets node n; its number may be reused by a later intern.
func (t *nodeTable) release(n node) {
	delete(t.index, t.name[n])
	t.name[n] = ""
	t.st[n] = nodeState{}
	t.free = append(t.free, n)
}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// outEdges yields u's out-edges newest first: those with a sequence number
// at most asOf and a time after since.
//
// Every read of the graph names such a horizon, and since must be at least
// the time of edge asOf less the engine's retention. The log keeps every
// edge younger than the latest clock of the previous batch less the
// retention, so a read bounded this way sees the same edges whether or not
// older ones have been trimmed yet, that is, however the stream is cut into
// batches.
func (e *Engine) outEdges(u node, asOf uint64, since int64) iter.Seq2[uint64, *edge] {
	return e.outFrom(e.nodes.st[u].lastOut, asOf, since)
}

// outFrom is outEdges starting from a known edge of the list, start (an
// account's newest out-edge at some point): the lists of a transaction's
// own accounts as of its arrival start at the transaction itself (srcIn,
// dstOut), so reading them never skips later edges.
func (e *Engine) outFrom(start, asOf uint64, since int64) iter.Seq2[uint64, *edge] {
	return func(yield func(uint64, *edge) bool) {
		for s := start; e.log.retained(s); {
			ed := e.log.at(s)
			if ed.time <= since {
				return
			}
			if s <= asOf && !yield(s, ed) {
				return
			}
			s = ed.prevOut
		}
	}
}

// inEdges yields v's in-edges newest first: those with a sequence number at
// most asOf and a time after since (see outEdges).
func (e *Engine) inEdges(v node, asOf uint64, since int64) iter.Seq2[uint64, *edge] {
	return e.inFrom(e.nodes.st[v].lastIn, asOf, since)
}

// inFrom is inEdges starting from a known edge of the list (see outFrom).
func (e *Engine) inFrom(start, asOf uint64, since int64) iter.Seq2[uint64, *edge] {
	return func(yield func(uint64, *edge) bool) {
		for s := start; e.log.retained(s); {
			ed := e.log.at(s)
			if ed.time <= since {
				return
			}
			if s <= asOf && !yield(s, ed) {
				return
			}
			s = ed.prevIn
		}
	}
}

// horizon returns the oldest time a read as of edge seq may look back to
// (exclusive): the edge's time less the retention.
func (e *Engine) horizon(seq uint64) int64 { return e.log.at(seq).time - e.retention }

// txID returns the transaction ID of a retained edge.
func (e *Engine) txID(ed *edge) string { return string(e.arena.get(ed.idPos, ed.idLen)) }
