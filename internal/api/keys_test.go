package api

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const hashA = "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
const hashB = "sha256:" + "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

func TestParseKeys(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Principal // names and roles, in order
		err        string
	}{
		{name: "empty", text: "", want: nil},
		{name: "comments and blanks", text: "# keys\n\n  # more\n", want: nil},
		{name: "one key", text: "ana analyst " + hashA + "\n", want: []Principal{{Name: "ana", Roles: []Role{RoleAnalyst}}}},
		{name: "tabs, several roles, repeats dropped", text: "bsa.officer@bank.example\tsupervisor,ANALYST,supervisor\t" + hashA,
			want: []Principal{{Name: "bsa.officer@bank.example", Roles: []Role{RoleSupervisor, RoleAnalyst}}}},
		{name: "two keys", text: "a analyst " + hashA + "\nb admin " + hashB,
			want: []Principal{{Name: "a", Roles: []Role{RoleAnalyst}}, {Name: "b", Roles: []Role{RoleAdmin}}}},
		{name: "too few fields", text: "# c\nana analyst\n", err: "keys.txt line 2 column 1: 2 fields, want 3"},
		{name: "unknown role", text: "ana analyst,boss " + hashA, err: `line 1 column 5: role "boss"`},
		{name: "hash without prefix", text: "ana analyst 0123", err: "line 1 column 13: hash \"0123\": want sha256:"},
		{name: "short hash", text: "ana  analyst  sha256:abcd", err: "line 1 column 22: hash \"abcd\": want 64 hex digits"},
		{name: "bad name", text: "ana/b analyst " + hashA, err: `line 1 column 1: key name "ana/b": character '/' not allowed`},
		{name: "name twice", text: "ana analyst " + hashA + "\nana admin " + hashB, err: `key name "ana" is used twice`},
		{name: "secret twice", text: "ana analyst " + hashA + "\nbea admin " + hashA, err: `key "bea" has the same secret as another key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, err := ParseKeys(strings.NewReader(tt.text), "keys.txt")
			if tt.err != "" {
				require.ErrorIs(t, err, ErrKeys)
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			var got []Principal
			for _, k := range kr.keys {
				got = append(got, Principal{Name: k.Name, Roles: k.Roles})
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestKeysAuthenticate(t *testing.T) {
	secret, key, err := NewKey("ana", RoleAnalyst, RoleAuditor)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(secret, "cnt_"))
	require.Len(t, secret, len("cnt_")+43, "256 bits, base64url")
	other, key2, err := NewKey("bea", RoleAdmin)
	require.NoError(t, err)
	require.NotEqual(t, secret, other)

	// The keys file holds the hash only, and reads back the same.
	text := key.Line() + "\n" + key2.Line() + "\n"
	require.NotContains(t, text, secret)
	kr, err := ParseKeys(strings.NewReader(text), "keys.txt")
	require.NoError(t, err)
	require.Equal(t, 2, kr.Len())

	p, ok := kr.Authenticate(secret)
	require.True(t, ok)
	require.Equal(t, Principal{Name: "ana", Roles: []Role{RoleAnalyst, RoleAuditor}}, p)
	p, ok = kr.Authenticate(other)
	require.True(t, ok)
	require.Equal(t, "bea", p.Name)
	for _, wrong := range []string{"", secret + "x", secret[:len(secret)-1], strings.ToUpper(secret), "Bearer " + secret} {
		_, ok := kr.Authenticate(wrong)
		require.False(t, ok, "%q", wrong)
	}
	_, ok = (*Keyring)(nil).Authenticate(secret)
	require.False(t, ok)

	_, _, err = NewKey("ana b", RoleAnalyst)
	require.Error(t, err)
	_, _, err = NewKey("ana")
	require.Error(t, err)
	_, _, err = NewKey("ana", Role("root"))
	require.Error(t, err)
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer cnt_abc", "cnt_abc", true},
		{"bearer  cnt_abc ", "cnt_abc", true},
		{"Basic dXNlcjpwYXNz", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"cnt_abc", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		token, ok := bearerToken(tt.header)
		require.Equal(t, tt.ok, ok, tt.header)
		require.Equal(t, tt.token, token, tt.header)
	}
}

// FuzzParseKeys: any input either is refused with ErrKeys or gives keys
// whose lines read back to the same keys.
func FuzzParseKeys(f *testing.F) {
	_, k, err := NewKey("ana", RoleAnalyst, RoleSupervisor)
	require.NoError(f, err)
	f.Add("# Centinela API keys: NAME ROLE[,ROLE…] sha256:HEX (see docs/api.md)\n" + k.Line() + "\n")
	f.Add("ana analyst " + hashA + "\nbea admin,auditor " + hashB + "\n")
	f.Add("ana analyst sha256:zz\n")
	f.Add("\t\t\n#\nx y z\n")
	f.Fuzz(func(t *testing.T, text string) {
		kr, err := ParseKeys(strings.NewReader(text), "fuzz.txt")
		if err != nil {
			require.ErrorIs(t, err, ErrKeys)
			return
		}
		var lines []string
		for _, k := range kr.keys {
			lines = append(lines, k.Line())
		}
		again, err := ParseKeys(strings.NewReader(strings.Join(lines, "\n")), "again.txt")
		require.NoError(t, err)
		require.Equal(t, kr.keys, again.keys)
	})
}
