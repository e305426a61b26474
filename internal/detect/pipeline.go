package detect

import (
	"sync"
	"sync/atomic"
)

// The parallel parts of Observe run without barriers between them where the
// data allows: a barrier makes every core wait for the slowest goroutine,
// and on a shared machine a goroutine the operating system has descheduled
// for a few milliseconds then stalls all of them. Instead the batch is cut
// into chunks of consecutive transactions and each piece of work on a chunk
// is a task that any worker may run as soon as what it reads is ready:
//
//   - count(v, c): view v counts chunk c's edges in order and computes what
//     reads its counters right after each (fan, stats, channel and history
//     features, the fan miners). It needs count(v, c−1).
//   - search(c): the bounded searches of chunk c's transactions (feature
//     searches and the structural miners), as of each transaction. They read
//     the edge log, which phase 2 completed, the degrees every view recorded
//     for the chunk and the novelty flags the history view set on earlier
//     edges: they need count(v, c) of every view.
//   - score(c): the learned scorer over chunk c's finished rows. It needs
//     search(c).
//
// A chunk's tasks read only what earlier tasks of the same chunk, or earlier
// chunks, wrote; every task writes its own rows, its own view or its own
// chunk's lists, so the results are those of the sequential order whatever
// runs where.

// chunkFor returns the chunk length for a batch of n transactions: about 16
// chunks, so that two workers rarely wait for each other, but at least 32
// and at most 256 transactions, so that scheduling stays cheap.
func chunkFor(n int) int { return min(256, max(32, (n+15)/16)) }

// flowTask names one task of the dataflow.
type flowTask struct {
	kind  uint8 // taskCount, taskSearch, taskScore
	view  int
	chunk int
}

const (
	taskNone uint8 = iota
	taskCount
	taskSearch
	taskScore
)

// Task states per chunk.
const (
	waiting uint8 = iota
	running
	done
)

// dataflow schedules the tasks of one batch over the engine's workers.
type dataflow struct {
	mu     sync.Mutex
	wake   *sync.Cond
	chunks int
	search bool // search tasks exist
	score  bool // score tasks exist

	viewNext   []int  // per view: the next chunk to count
	viewBusy   []bool // per view: a count task is running
	counted    int    // chunks every view has counted
	searchSt   []uint8
	scoreSt    []uint8
	searchFrom int // no search task below this chunk is waiting
	scoreFrom  int
	left       int // tasks not finished
}

func (d *dataflow) reset(views, chunks int, search, score bool) {
	if d.wake == nil {
		d.wake = sync.NewCond(&d.mu)
	}
	d.chunks, d.search, d.score = chunks, search, score
	d.viewNext = grow(d.viewNext, views)
	d.viewBusy = grow(d.viewBusy, views)
	clear(d.viewNext)
	clear(d.viewBusy)
	d.counted, d.searchFrom, d.scoreFrom = 0, 0, 0
	d.searchSt = grow(d.searchSt, chunks)
	d.scoreSt = grow(d.scoreSt, chunks)
	clear(d.searchSt)
	clear(d.scoreSt)
	d.left = views * chunks
	if !search {
		for c := range d.searchSt {
			d.searchSt[c] = done
		}
	} else {
		d.left += chunks
	}
	if !score {
		for c := range d.scoreSt {
			d.scoreSt[c] = done
		}
	} else {
		d.left += chunks
	}
}

// next returns a ready task and marks it running, or taskNone when none is
// ready. The caller holds d.mu.
func (d *dataflow) next() flowTask {
	// Counting is the critical path: each view is a chain. The view
	// furthest behind goes first.
	best := -1
	for v, c := range d.viewNext {
		if c < d.chunks && !d.viewBusy[v] && (best < 0 || c < d.viewNext[best]) {
			best = v
		}
	}
	if best >= 0 {
		d.viewBusy[best] = true
		return flowTask{kind: taskCount, view: best, chunk: d.viewNext[best]}
	}
	if d.score {
		for c := d.scoreFrom; c < d.chunks; c++ {
			if d.scoreSt[c] == waiting && d.searchSt[c] == done {
				d.scoreSt[c] = running
				return flowTask{kind: taskScore, chunk: c}
			}
		}
	}
	if d.search {
		for c := d.searchFrom; c < d.counted; c++ {
			if d.searchSt[c] == waiting {
				d.searchSt[c] = running
				return flowTask{kind: taskSearch, chunk: c}
			}
		}
	}
	return flowTask{}
}

// finish records that t is done. The caller holds d.mu.
func (d *dataflow) finish(t flowTask) {
	d.left--
	switch t.kind {
	case taskCount:
		d.viewBusy[t.view] = false
		d.viewNext[t.view]++
		low := d.chunks
		for _, c := range d.viewNext {
			low = min(low, c)
		}
		d.counted = low
	case taskSearch:
		d.searchSt[t.chunk] = done
		for d.searchFrom < d.chunks && d.searchSt[d.searchFrom] != waiting {
			d.searchFrom++
		}
	case taskScore:
		d.scoreSt[t.chunk] = done
		for d.scoreFrom < d.chunks && d.scoreSt[d.scoreFrom] != waiting {
			d.scoreFrom++
		}
	}
}

// run executes every task with workers goroutines (the caller's among
// them), each calling do(task, worker).
func (d *dataflow) run(workers int, do func(t flowTask, worker int)) {
	work := func(w int) {
		d.mu.Lock()
		for d.left > 0 {
			t := d.next()
			if t.kind == taskNone {
				d.wake.Wait()
				continue
			}
			d.mu.Unlock()
			do(t, w)
			d.mu.Lock()
			d.finish(t)
			d.wake.Broadcast()
		}
		d.mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(w)
		}()
	}
	work(0)
	wg.Wait()
}

// parallel runs fn over [0, n) in chunks of chunkFor(n) transactions that
// the workers take in turn, so that a worker the system deschedules holds up
// one chunk, not a whole share of the batch. fn must not depend on which
// worker runs a chunk except through per-worker scratch.
func (e *Engine) parallel(n int, fn func(lo, hi, worker int)) {
	w := e.cfg.Workers
	if w <= 1 || n < minParallel {
		fn(0, n, 0)
		return
	}
	size := chunkFor(n)
	var nextChunk atomic.Int64
	work := func(k int) {
		for {
			lo := int(nextChunk.Add(1)-1) * size
			if lo >= n {
				return
			}
			fn(lo, min(n, lo+size), k)
		}
	}
	var wg sync.WaitGroup
	for k := 1; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(k)
		}()
	}
	work(0)
	wg.Wait()
}
