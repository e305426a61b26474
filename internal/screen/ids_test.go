package screen

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The check characters below were computed by hand with the SAT and
// RENAPO algorithms (see ids.go); the values are identifiers printed in
// OFAC's SDN list.
func TestRFCCheck(t *testing.T) {
	tests := []struct {
		in                  string
		ok, hasCheck, valid bool
	}{
		{"DIB-771110-HQ1", true, true, true},  // company: 3 letters, homoclave HQ1
		{"DIB-771110-HQ2", true, true, false}, // wrong check character
		{"AUAM-530929", true, false, true},    // person, no homoclave: nothing to check
		{"AUAM530929", true, false, true},
		{"AUA-5309", false, false, false},
		{"1234-530929", false, false, false},
	}
	for _, tt := range tests {
		ok, has, valid := RFCCheck(tt.in)
		require.Equal(t, [3]bool{tt.ok, tt.hasCheck, tt.valid}, [3]bool{ok, has, valid}, tt.in)
	}
}

func TestCURPCheck(t *testing.T) {
	tests := []struct {
		in        string
		ok, valid bool
	}{
		{"GAMR501027HSLXDG00", true, true},
		{"GAMR501027HSLXDG01", true, false},
		{"GAMR501027HSLXDG0", false, false},
		{"GAMR5O1027HSLXDG00", false, false}, // letter O in the date
	}
	for _, tt := range tests {
		ok, valid := CURPCheck(tt.in)
		require.Equal(t, [2]bool{tt.ok, tt.valid}, [2]bool{ok, valid}, tt.in)
	}
}

func TestIDKeyIgnoresPunctuationButKeepsCryptoCase(t *testing.T) {
	require.Equal(t, "DIB771110HQ1", IDKey(IDRFC, "dib-771110 hq1"))
	require.Equal(t, "1Kuf2Rd8", IDKey(IDCrypto, "1Kuf2Rd8"))
}

func TestParsePartialDate(t *testing.T) {
	d, err := ParsePartialDate("1976-01")
	require.NoError(t, err)
	require.Equal(t, PartialDate{Year: 1976, Month: 1}, d)
	for _, bad := range []string{"76", "1976-13", "1976-1-3", "1976-01-00", "x"} {
		_, err := ParsePartialDate(bad)
		require.Error(t, err, bad)
	}
}
