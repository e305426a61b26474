package screen

import "testing"

// BenchmarkCompareNames scores one pair of names of the kinds screening
// sees most: Hispanic persons, Chinese names across scripts, companies.
func BenchmarkCompareNames(b *testing.B) {
	ix := smallIndex(b)
	pairs := [][2]string{
		{"Jorgé Luis LLANOS GÁZIA", "LLANOS GAZIA, Jorge Luis"},
		{"张伟", "Cheung Wai"},
		{"LIMITED LIABILITY COMPANY KVAZAR", "KVAZAR LLC"},
		{"Abd al-Malik Muhammad Yusuf Uthman ABD AL-SALAM", "ABD AL-SALAM, Abd al-Malik Muhammad Yusuf Uthman"},
	}
	for b.Loop() {
		for _, p := range pairs {
			ix.CompareNames(p[0], p[1], "")
		}
	}
}
