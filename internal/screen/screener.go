package screen

import (
	"fmt"
	"sync/atomic"
)

// Screener holds the current index and swaps in a new one atomically:
// queries running during a reload finish on the index they started with,
// and a list that fails to load leaves the current index in place.
type Screener struct {
	cur atomic.Pointer[Index]
}

// NewScreener returns a screener serving ix.
func NewScreener(ix *Index) *Screener {
	s := &Screener{}
	s.cur.Store(ix)
	return s
}

// Index returns the index in service.
func (s *Screener) Index() *Index { return s.cur.Load() }

// Match screens q against the index in service.
func (s *Screener) Match(q Query) []Hit { return s.cur.Load().Match(q) }

// Reload builds a new index with build and swaps it in. When build fails
// the index in service is kept and the error returned.
func (s *Screener) Reload(build func() (*Index, error)) error {
	ix, err := build()
	if err != nil {
		return fmt.Errorf("reload lists: %w", err)
	}
	if ix == nil {
		return fmt.Errorf("reload lists: no index built")
	}
	s.cur.Store(ix)
	return nil
}
