package api

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// ErrKeys is wrapped by every error about a keys file.
var ErrKeys = errors.New("invalid API keys file")

// keyPrefix starts every API key, so that secret scanners and people can
// tell one when they see it.
const keyPrefix = "cnt_"

// keyBytes is the randomness of a key: 256 bits.
const keyBytes = 32

// Key is one API key as the keys file keeps it: a name (recorded as the
// actor in the audit log), its roles, and the SHA-256 of the secret. The
// secret itself is never stored.
type Key struct {
	Name  string
	Roles []Role
	Hash  [sha256.Size]byte
}

// Line returns the key as a line of a keys file: "NAME ROLE[,ROLE…] sha256:HEX".
func (k Key) Line() string {
	roles := make([]string, len(k.Roles))
	for i, r := range k.Roles {
		roles[i] = string(r)
	}
	return k.Name + " " + strings.Join(roles, ",") + " sha256:" + hex.EncodeToString(k.Hash[:])
}

// Keyring holds the API keys the server accepts. It is immutable and safe
// for concurrent use.
type Keyring struct {
	keys []Key
}

// NewKeyring returns a keyring of keys. Names and hashes must be unique.
func NewKeyring(keys ...Key) (*Keyring, error) {
	names := map[string]bool{}
	hashes := map[[sha256.Size]byte]bool{}
	for _, k := range keys {
		if err := validKeyName(k.Name); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrKeys, err)
		}
		if len(k.Roles) == 0 {
			return nil, fmt.Errorf("%w: key %q has no role", ErrKeys, k.Name)
		}
		if names[k.Name] {
			return nil, fmt.Errorf("%w: key name %q is used twice", ErrKeys, k.Name)
		}
		if hashes[k.Hash] {
			return nil, fmt.Errorf("%w: key %q has the same secret as another key", ErrKeys, k.Name)
		}
		names[k.Name], hashes[k.Hash] = true, true
	}
	return &Keyring{keys: slices.Clone(keys)}, nil
}

// Len returns the number of keys.
func (k *Keyring) Len() int { return len(k.keys) }

// Authenticate returns the principal whose key is secret. It hashes the
// secret and compares the hash with every stored hash in constant time, so
// that neither the secret nor which key it is near leaks through timing.
func (k *Keyring) Authenticate(secret string) (Principal, bool) {
	if k == nil || secret == "" {
		return Principal{}, false
	}
	sum := sha256.Sum256([]byte(secret))
	found := -1
	for i := range k.keys {
		if subtle.ConstantTimeCompare(sum[:], k.keys[i].Hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Principal{}, false
	}
	key := k.keys[found]
	return Principal{Name: key.Name, Roles: slices.Clone(key.Roles)}, true
}

// LoadKeys reads a keys file.
func LoadKeys(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeys, err)
	}
	defer f.Close()
	return ParseKeys(f, path)
}

// ParseKeys reads a keys file: one key a line, "NAME ROLE[,ROLE…] sha256:HEX",
// fields separated by spaces or tabs; blank lines and lines starting with
// "#" are ignored. file names the input in errors.
func ParseKeys(r io.Reader, file string) (*Keyring, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	var keys []Key
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k, col, err := parseKeyLine(text)
		if err != nil {
			return nil, fmt.Errorf("%w: %s line %d column %d: %w", ErrKeys, file, line, col, err)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s line %d: %w", ErrKeys, file, line+1, err)
	}
	kr, err := NewKeyring(keys...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return kr, nil
}

// parseKeyLine reads one key line, returning the column (1-based, in bytes)
// of a problem.
func parseKeyLine(text string) (Key, int, error) {
	fields, cols := fieldsAt(text)
	if len(fields) != 3 {
		return Key{}, 1, fmt.Errorf("%d fields, want 3: NAME ROLE[,ROLE…] sha256:HEX", len(fields))
	}
	col := func(i int) int { return cols[i] }
	var k Key
	if err := validKeyName(fields[0]); err != nil {
		return Key{}, col(0), err
	}
	k.Name = fields[0]
	for _, s := range strings.Split(fields[1], ",") {
		r, ok := ParseRole(s)
		if !ok {
			return Key{}, col(1), fmt.Errorf("role %q: want analyst, supervisor, auditor or admin", s)
		}
		if !slices.Contains(k.Roles, r) {
			k.Roles = append(k.Roles, r)
		}
	}
	hexSum, ok := strings.CutPrefix(fields[2], "sha256:")
	if !ok {
		return Key{}, col(2), fmt.Errorf("hash %q: want sha256: followed by 64 hex digits", shortText(fields[2]))
	}
	b, err := hex.DecodeString(hexSum)
	if err != nil || len(b) != sha256.Size {
		return Key{}, col(2) + len("sha256:"), fmt.Errorf("hash %q: want 64 hex digits", shortText(hexSum))
	}
	copy(k.Hash[:], b)
	return k, 0, nil
}

// fieldsAt splits text at spaces and tabs, returning each field with its
// 1-based column.
func fieldsAt(text string) (fields []string, cols []int) {
	start := -1
	for i := 0; i <= len(text); i++ {
		sep := i == len(text) || text[i] == ' ' || text[i] == '\t'
		switch {
		case sep && start >= 0:
			fields, cols = append(fields, text[start:i]), append(cols, start+1)
			start = -1
		case !sep && start < 0:
			start = i
		}
	}
	return fields, cols
}

// validKeyName accepts names of letters, digits and . _ @ - (a user name or
// an e-mail address), at most 100 bytes.
func validKeyName(name string) error {
	if name == "" || len(name) > 100 {
		return fmt.Errorf("key name %q: want 1 to 100 characters", shortText(name))
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._@-", c)) {
			return fmt.Errorf("key name %q: character %q not allowed (letters, digits, '.', '_', '@', '-')", shortText(name), c)
		}
	}
	return nil
}

func shortText(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// NewKey makes a key for name with roles: the secret to give its holder
// (shown once; only its hash is kept) and the Key to add to the keys file.
func NewKey(name string, roles ...Role) (secret string, key Key, err error) {
	if err := validKeyName(name); err != nil {
		return "", Key{}, err
	}
	if len(roles) == 0 {
		return "", Key{}, errors.New("a key needs at least one role")
	}
	for _, r := range roles {
		if _, ok := ParseRole(string(r)); !ok {
			return "", Key{}, fmt.Errorf("role %q: want analyst, supervisor, auditor or admin", r)
		}
	}
	b := make([]byte, keyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", Key{}, err
	}
	secret = keyPrefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, Key{Name: name, Roles: slices.Clone(roles), Hash: sha256.Sum256([]byte(secret))}, nil
}
