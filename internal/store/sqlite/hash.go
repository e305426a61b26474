package sqlite

import (
	"math"

	"github.com/centinela-aml/centinela/internal/model"
)

// contentHash is a 64-bit FNV-1a hash of a record's content, stored beside
// the record so that a rewritten record can be told apart from a duplicate
// without reading it back. 64 bits make a false "duplicate" among the
// records sharing one ID vanishingly unlikely (about 2^-64 per comparison).
type contentHash uint64

// FNV-1a parameters (Fowler, Noll, Vo; IETF draft-eastlake-fnv).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newHash() contentHash { return fnvOffset }

// str adds s, prefixed with its length so that ("ab","c") and ("a","bc")
// differ.
func (h contentHash) str(s string) contentHash {
	h = h.u64(uint64(len(s)))
	for i := 0; i < len(s); i++ {
		h ^= contentHash(s[i])
		h *= fnvPrime
	}
	return h
}

func (h contentHash) u64(v uint64) contentHash {
	for range 8 {
		h ^= contentHash(v & 0xff)
		h *= fnvPrime
		v >>= 8
	}
	return h
}

func (h contentHash) f64(f float64) contentHash { return h.u64(math.Float64bits(f)) }

func (h contentHash) bytes(b []byte) contentHash {
	h = h.u64(uint64(len(b)))
	for _, c := range b {
		h ^= contentHash(c)
		h *= fnvPrime
	}
	return h
}

// txHash hashes every field of t but its ID.
func txHash(t *model.Transaction) int64 {
	h := newHash().
		u64(uint64(t.Time.UnixNano())).
		str(t.Originator).
		str(t.Beneficiary).
		f64(t.Amount).
		str(t.Currency).
		f64(t.AmountReceived).
		str(t.CurrencyReceived).
		str(string(t.Channel)).
		str(t.Memo).
		str(t.Counterparty.Name).
		str(t.Counterparty.Country).
		str(string(t.Counterparty.Type)).
		str(t.Counterparty.NAICS).
		str(t.Counterparty.Bank).
		str(t.Counterparty.Account).
		str(t.Branch).
		str(t.MCC)
	return int64(h)
}
