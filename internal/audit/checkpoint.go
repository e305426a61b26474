package audit

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// DefaultOrigin names Centinela's audit log in checkpoints.
const DefaultOrigin = "centinela-audit-log"

// ErrCheckpoint is wrapped by every error about a checkpoint's text or
// signature.
var ErrCheckpoint = errors.New("invalid checkpoint")

// Checkpoint is a tree head of the audit log as given out: the log's name
// (Origin), the number of entries the tree covers and its root hash, and
// when it was taken.
//
// Its text is a transparency-log checkpoint in the layout of the C2SP
// tlog-checkpoint specification — origin line, decimal size, base64 root
// hash, then extension lines (here "time RFC3339") — and can be signed as a
// golang.org/x/mod/sumdb/note.
type Checkpoint struct {
	Origin string
	Size   int64
	Hash   tlog.Hash
	Time   time.Time // zero when the text does not say
}

// Text returns the checkpoint's text, ending in a newline.
func (c Checkpoint) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Hash[:]))
	if !c.Time.IsZero() {
		fmt.Fprintf(&b, "time %s\n", c.Time.UTC().Format(time.RFC3339Nano))
	}
	return b.String()
}

// ParseCheckpoint parses a checkpoint's text (without signatures).
func ParseCheckpoint(text []byte) (Checkpoint, error) {
	if len(text) == 0 || text[len(text)-1] != '\n' {
		return Checkpoint{}, fmt.Errorf("%w: the text must end with a newline", ErrCheckpoint)
	}
	lines := strings.Split(string(text[:len(text)-1]), "\n")
	if len(lines) < 3 {
		return Checkpoint{}, fmt.Errorf("%w: %d lines, want at least 3 (origin, size, root hash)", ErrCheckpoint, len(lines))
	}
	var c Checkpoint
	c.Origin = lines[0]
	if c.Origin == "" || strings.TrimSpace(c.Origin) != c.Origin {
		return Checkpoint{}, fmt.Errorf("%w: line 1: origin %q: want a name without surrounding spaces", ErrCheckpoint, c.Origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || lines[1] != strconv.FormatInt(size, 10) {
		return Checkpoint{}, fmt.Errorf("%w: line 2: size %q: want a whole number of entries", ErrCheckpoint, lines[1])
	}
	c.Size = size
	h, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(h) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("%w: line 3: root hash %q: want %d bytes in base64", ErrCheckpoint, lines[2], tlog.HashSize)
	}
	copy(c.Hash[:], h)
	for i, l := range lines[3:] {
		v, ok := strings.CutPrefix(l, "time ")
		if !ok {
			continue // another extension line: opaque, as the specification says
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return Checkpoint{}, fmt.Errorf("%w: line %d: time %q: want RFC 3339", ErrCheckpoint, i+4, v)
		}
		c.Time = t.UTC()
	}
	return c, nil
}

// GenerateKey returns a new signing key and its verifier key for name, in
// golang.org/x/mod/sumdb/note's encodings. Keep the signing key secret;
// give the verifier key to whoever checks checkpoints.
func GenerateKey(name string) (signer, verifier string, err error) {
	signer, verifier, err = note.GenerateKey(nil, name)
	if err != nil {
		return "", "", fmt.Errorf("audit: generate key %q: %w", name, err)
	}
	return signer, verifier, nil
}

// Sign returns the checkpoint's text signed with signerKey.
func (c Checkpoint) Sign(signerKey string) ([]byte, error) {
	s, err := note.NewSigner(strings.TrimSpace(signerKey))
	if err != nil {
		return nil, fmt.Errorf("audit: signing key: %w", err)
	}
	msg, err := note.Sign(&note.Note{Text: c.Text()}, s)
	if err != nil {
		return nil, fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	return msg, nil
}

// ReadCheckpoint reads a checkpoint as given out. With a verifier key, the
// checkpoint must carry a valid signature by that key. Without one, any
// signatures are ignored (the checkpoint is trusted as it is).
func ReadCheckpoint(msg []byte, verifierKey string) (Checkpoint, error) {
	if verifierKey == "" {
		text := msg
		if i := bytes.Index(msg, []byte("\n\n")); i >= 0 {
			text = msg[:i+1] // the signature block follows the blank line
		}
		return ParseCheckpoint(text)
	}
	v, err := note.NewVerifier(strings.TrimSpace(verifierKey))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%w: verifier key: %v", ErrCheckpoint, err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%w: signature: %v", ErrCheckpoint, err)
	}
	return ParseCheckpoint([]byte(n.Text))
}
