package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
)

func sampleCheckpoint() audit.Checkpoint {
	c := audit.Checkpoint{Origin: audit.DefaultOrigin, Size: 1234, Time: time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)}
	for i := range c.Hash {
		c.Hash[i] = byte(i * 7)
	}
	return c
}

func TestCheckpointText(t *testing.T) {
	c := sampleCheckpoint()
	require.Equal(t, "centinela-audit-log\n1234\nAAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=\ntime 2025-07-01T12:00:00Z\n", c.Text())
	got, err := audit.ParseCheckpoint([]byte(c.Text()))
	require.NoError(t, err)
	require.Equal(t, c, got)

	// Unknown extension lines are kept out of the way, as the checkpoint format says.
	got, err = audit.ParseCheckpoint([]byte("log\n0\n" + strings.Repeat("A", 43) + "=\nhost example\n"))
	require.NoError(t, err)
	require.Equal(t, audit.Checkpoint{Origin: "log", Size: 0}, got)
}

func TestParseCheckpointErrors(t *testing.T) {
	hash := strings.Repeat("A", 43) + "="
	for _, tc := range []struct {
		name, text, want string
	}{
		{"empty", "", "must end with a newline"},
		{"no final newline", "log\n1\n" + hash, "must end with a newline"},
		{"two lines", "log\n1\n", "2 lines, want at least 3"},
		{"blank origin", "\n1\n" + hash + "\n", "line 1: origin"},
		{"size not a number", "log\nten\n" + hash + "\n", `line 2: size "ten"`},
		{"negative size", "log\n-1\n" + hash + "\n", `line 2: size "-1"`},
		{"size with a plus", "log\n+1\n" + hash + "\n", `line 2: size "+1"`},
		{"short hash", "log\n1\nAAAA\n", "line 3: root hash"},
		{"hash not base64", "log\n1\n" + strings.Repeat("!", 44) + "\n", "line 3: root hash"},
		{"bad time", "log\n1\n" + hash + "\ntime yesterday\n", `line 4: time "yesterday"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audit.ParseCheckpoint([]byte(tc.text))
			require.ErrorIs(t, err, audit.ErrCheckpoint)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSignedCheckpoint(t *testing.T) {
	skey, vkey, err := audit.GenerateKey("bsa-officer")
	require.NoError(t, err)
	c := sampleCheckpoint()
	msg, err := c.Sign(skey)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(msg), c.Text()+"\n— bsa-officer "), "the text, a blank line, the signature")

	got, err := audit.ReadCheckpoint(msg, vkey)
	require.NoError(t, err)
	require.Equal(t, c, got)
	got, err = audit.ReadCheckpoint(msg, "")
	require.NoError(t, err, "without a key the signature is not checked")
	require.Equal(t, c, got)

	_, otherKey, err := audit.GenerateKey("bsa-officer")
	require.NoError(t, err)
	_, err = audit.ReadCheckpoint(msg, otherKey)
	require.ErrorIs(t, err, audit.ErrCheckpoint, "signed by another key")

	forged := strings.Replace(string(msg), "1234", "1233", 1)
	_, err = audit.ReadCheckpoint([]byte(forged), vkey)
	require.ErrorIs(t, err, audit.ErrCheckpoint, "the text was changed after signing")

	_, err = audit.ReadCheckpoint([]byte(c.Text()), vkey)
	require.ErrorIs(t, err, audit.ErrCheckpoint, "a key is given, so a signature is required")
}

func FuzzParseCheckpoint(f *testing.F) {
	f.Add([]byte(sampleCheckpoint().Text()))
	f.Add([]byte("log\n0\n" + strings.Repeat("A", 43) + "=\n"))
	f.Add([]byte("log\n99999999999999999999\nAA==\n"))
	f.Add([]byte("log\n1\n" + strings.Repeat("A", 43) + "=\ntime 2025-01-02T03:04:05.5+02:00\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := audit.ParseCheckpoint(text)
		if err != nil {
			return
		}
		// What parses prints back to a text that parses to the same checkpoint.
		again, err := audit.ParseCheckpoint([]byte(c.Text()))
		if err != nil {
			t.Fatalf("%q parsed, its text %q does not: %v", text, c.Text(), err)
		}
		if again != c {
			t.Fatalf("round trip: %+v became %+v", c, again)
		}
	})
}
