package detect

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestPairTableMatchesMap runs random inserts and deletes against a Go map;
// the table's backward-shift deletion must never lose or duplicate a key.
func TestPairTableMatchesMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p pairTable
		p.init(0)
		want := map[uint64]uint32{}
		keys := rapid.SliceOfN(rapid.Uint64Range(1, 1<<40), 1, 1500).Draw(t, "keys")
		for range rapid.IntRange(1, 6000).Draw(t, "ops") {
			k := rapid.SampledFrom(keys).Draw(t, "key")
			if rapid.Bool().Draw(t, "insert") {
				e, _ := p.insert(k)
				e.count++
				want[k]++
			} else if i := p.find(k); i >= 0 {
				p.removeAt(i)
				delete(want, k)
			} else {
				require.NotContains(t, want, k)
			}
		}
		require.Equal(t, len(want), p.len())
		for k, c := range want {
			i := p.find(k)
			require.GreaterOrEqual(t, i, 0, "key %d lost", k)
			require.Equal(t, c, p.slots[i].count)
		}
	})
}

// TestIDArenaAndSet stores IDs of random lengths, releases the oldest, and
// checks that every retained ID reads back and is found by the set.
func TestIDArenaAndSet(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var log edgeLog
		log.init()
		var arena idArena
		arena.init()
		var ids idSet
		ids.init(0)
		n := rapid.IntRange(1, 20000).Draw(t, "n")
		keep := rapid.IntRange(1, 5000).Draw(t, "keep")
		name := func(i int) string { return fmt.Sprintf("%d-%s", i, string(make([]byte, i%300))) }
		for i := range n {
			id := name(i)
			h := uint64(i * 7919)
			seq := log.push(edge{idPos: arena.put(id), idLen: uint32(len(id)), idHash: h, time: int64(i)})
			ids.add(h, seq)
			for log.len() > keep {
				old := log.at(log.head)
				ids.remove(old.idHash, log.head)
				log.head++
			}
			arena.release(log.at(log.head).idPos)
		}
		for s := log.head; s < log.next; s++ {
			e := log.at(s)
			i := int(e.time)
			require.Equal(t, name(i), string(arena.get(e.idPos, e.idLen)))
			require.Equal(t, s, ids.lookup(e.idHash, name(i), -1, &log, &arena))
		}
		require.Equal(t, log.len(), ids.n)
	})
}

func TestKnownSetRemembersWithinTwoGenerations(t *testing.T) {
	var k knownSet
	for i := range uint64(50) {
		k.add(fnv64(fmt.Sprint(i)), 10)
	}
	for i := range uint64(50) {
		require.True(t, k.has(fnv64(fmt.Sprint(i)), 11), "no false 'new' in the next generation")
	}
	require.False(t, k.has(fnv64("0"), 13), "forgotten after two generations")
}

func TestChance(t *testing.T) {
	// Without history and prior weight, the count is geometric-like and
	// the tail falls with k; more history at the same rate makes a given
	// fan less likely.
	prev := 1.0
	for k := 1; k < 40; k++ {
		p := chance(k, 4, 4) // one transaction per window
		require.LessOrEqual(t, p, prev)
		prev = p
	}
	require.Less(t, chance(8, 40, 40), chance(8, 4, 4))
	// A long history at one per window approaches Poisson(1):
	// P(X ≥ 5) = 1 − e^−1 (1 + 1 + 1/2 + 1/6 + 1/24) ≈ 0.00366.
	require.InDelta(t, 0.00366, chance(5, 1e6, 1e6), 2e-4)
	require.Equal(t, 1.0, chance(1, 10, 1))
	require.False(t, math.IsNaN(chance(1000, 0, 0)))
}
