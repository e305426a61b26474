package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
)

// AuditCmd groups the audit log commands.
type AuditCmd struct {
	Verify     AuditVerifyCmd     `cmd:"" help:"Check the audit log: every edited, deleted, inserted or moved entry is reported with its index."`
	Checkpoint AuditCheckpointCmd `cmd:"" help:"Save and print the log's tree head (size and root hash), optionally signed, to keep outside the database."`
	Show       AuditShowCmd       `cmd:"" help:"List audit entries: who did what, when, from where."`
	Keygen     AuditKeygenCmd     `cmd:"" help:"Make a key pair to sign checkpoints with."`
}

// Help explains the audit commands.
func (AuditCmd) Help() string {
	return `Every action on a case, alert, rule, list or export, and every read of a
case, is appended to the audit log: who, what, when, from where, the state
before and after. Entries are hash-chained (each names the record hash of the
one before) and form a Merkle tree (golang.org/x/mod/sumdb/tlog, as in the Go
checksum database and Certificate Transparency).

"audit verify" recomputes the chain and the tree from the entries and reports
what does not match. A checkpoint kept outside the database also catches a log
rewritten end to end: give it to verify with --checkpoint. See docs/cases.md.

Examples:
  centinela audit show --db bank.db --limit 20
  centinela audit checkpoint --db bank.db --out checkpoint-2025-06-30.txt
  centinela audit verify --db bank.db --checkpoint checkpoint-2025-06-30.txt`
}

// AuditVerifyCmd verifies the log.
type AuditVerifyCmd struct {
	DB         string   `help:"Database." default:"centinela.db" type:"path"`
	Checkpoint []string `help:"A checkpoint file the log must still contain (repeatable)." type:"existingfile" placeholder:"FILE"`
	Key        string   `help:"Verifier key file: checkpoints must carry a valid signature by it." type:"existingfile"`
	JSON       bool     `help:"Print the report as JSON."`
}

// Run verifies the log; the exit status is 1 when something is wrong.
func (v *AuditVerifyCmd) Run(g *Globals) error {
	var vkey string
	if v.Key != "" {
		b, err := os.ReadFile(v.Key)
		if err != nil {
			return usageError(err)
		}
		vkey = strings.TrimSpace(string(b))
	}
	var trusted []audit.Checkpoint
	for _, p := range v.Checkpoint {
		b, err := os.ReadFile(p)
		if err != nil {
			return usageError(err)
		}
		c, err := audit.ReadCheckpoint(b, vkey)
		if err != nil {
			return usageError(fmt.Errorf("%s: %w", p, err))
		}
		trusted = append(trusted, c)
	}
	st, err := openExistingStore(g.ctx, v.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := audit.Verify(g.ctx, st, trusted...)
	if err != nil {
		return err
	}
	if v.JSON {
		out := struct {
			*audit.Report
			OK   bool   `json:"ok"`
			Head string `json:"head,omitempty"`
		}{Report: rep, OK: rep.OK()}
		if rep.OK() {
			out.Head = base64.StdEncoding.EncodeToString(rep.Head.Hash[:])
		}
		if out.Problems == nil {
			out.Problems = []audit.Problem{}
		}
		e := json.NewEncoder(g.stdout)
		e.SetIndent("", "  ")
		if err := e.Encode(out); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(g.stdout, p)
		}
		if rep.OK() {
			fmt.Fprintf(g.stdout, "audit log OK: %d entries, %d checkpoints checked; tree head %s\n", rep.Entries, rep.Checkpoints,
				base64.StdEncoding.EncodeToString(rep.Head.Hash[:]))
		}
	}
	if !rep.OK() {
		return fmt.Errorf("audit log: %d problems in %d entries", len(rep.Problems), rep.Entries)
	}
	return nil
}

// AuditCheckpointCmd saves and prints a checkpoint.
type AuditCheckpointCmd struct {
	DB   string `help:"Database." default:"centinela.db" type:"path"`
	Out  string `help:"File to write the checkpoint to (default: standard output)." type:"path"`
	Key  string `help:"Signing key file (from \"audit keygen\"): the checkpoint is signed." type:"existingfile"`
	User string `help:"Who is acting, as the audit log records it (default: $USER)." env:"USER"`
}

// Run takes the checkpoint.
func (c *AuditCheckpointCmd) Run(g *Globals) error {
	actor, err := actorOf(c.User)
	if err != nil {
		return err
	}
	var skey string
	if c.Key != "" {
		b, err := os.ReadFile(c.Key)
		if err != nil {
			return usageError(err)
		}
		skey = strings.TrimSpace(string(b))
	}
	st, err := openExistingStore(g.ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var text []byte
	err = st.CaseTx(g.ctx, func(tx store.CaseTx) error {
		cp, err := audit.Head(g.ctx, tx, audit.DefaultOrigin)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		cp.Time = now.Truncate(time.Second)
		text = []byte(cp.Text())
		if skey != "" {
			if text, err = cp.Sign(skey); err != nil {
				return usageError(err)
			}
		}
		if err := tx.SaveAuditCheckpoint(g.ctx, store.AuditCheckpoint{Size: cp.Size, Hash: cp.Hash, Time: cp.Time, Note: string(text)}); err != nil {
			return err
		}
		_, err = audit.Append(g.ctx, tx, now, audit.Event{Actor: actor.User, Origin: actor.Origin, Action: "audit.checkpoint",
			Object: audit.Object{Kind: audit.KindAudit, ID: fmt.Sprint(cp.Size)}, After: audit.JSON(map[string]any{
				"size": cp.Size, "hash": base64.StdEncoding.EncodeToString(cp.Hash[:]), "signed": skey != "", "file": c.Out})})
		return err
	})
	if err != nil {
		return err
	}
	if c.Out == "" {
		_, err = g.stdout.Write(text)
		return err
	}
	if err := os.WriteFile(c.Out, text, 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(g.stdout, "wrote %s\n", c.Out)
	return err
}

// AuditShowCmd lists entries.
type AuditShowCmd struct {
	DB    string `help:"Database." default:"centinela.db" type:"path"`
	From  int64  `help:"First entry index." default:"0"`
	Limit int    `help:"At most this many entries (0: all)." default:"100"`
	Case  string `help:"Only entries about this case (or its exports)."`
	Actor string `help:"Only entries by this user."`
	JSON  bool   `help:"Print entries as JSON lines."`
}

// Run lists the entries.
func (s *AuditShowCmd) Run(g *Globals) error {
	if s.From < 0 || s.Limit < 0 {
		return usageError(errors.New("--from and --limit must be ≥ 0"))
	}
	st, err := openExistingStore(g.ctx, s.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(g.stdout)
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	if !s.JSON {
		fmt.Fprintln(tw, "index\ttime\tactor\torigin\taction\tobject\tdetail")
	}
	n := 0
	for r, err := range st.AuditRecords(g.ctx, s.From) {
		if err != nil {
			return err
		}
		e, err := audit.Decode(r.Data)
		if err != nil {
			return fmt.Errorf("audit entry %d: %w (run \"centinela audit verify\")", r.Index, err)
		}
		if s.Actor != "" && e.Actor != s.Actor {
			continue
		}
		if s.Case != "" && e.Object.ID != s.Case && !strings.Contains(string(e.After), `"case":"`+s.Case+`"`) {
			continue
		}
		if s.JSON {
			if err := enc.Encode(e); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s %s\t%s\n", e.Index, e.Time.Format("2006-01-02 15:04:05"), e.Actor, e.Origin,
				e.Action, e.Object.Kind, e.Object.ID, shorten(e.Detail, 60))
		}
		n++
		if s.Limit > 0 && n == s.Limit {
			break
		}
	}
	if s.JSON {
		return nil
	}
	if n == 0 {
		_, err := fmt.Fprintln(g.stdout, "no entries")
		return err
	}
	return tw.Flush()
}

// AuditKeygenCmd makes a checkpoint signing key pair.
type AuditKeygenCmd struct {
	Name string `arg:"" help:"Key name, such as the signer's role: bsa-officer."`
	Out  string `help:"File name prefix: writes PREFIX.key (secret) and PREFIX.pub." required:"" type:"path"`
}

// Run writes the keys.
func (k *AuditKeygenCmd) Run(g *Globals) error {
	skey, vkey, err := audit.GenerateKey(k.Name)
	if err != nil {
		return usageError(err)
	}
	if err := os.WriteFile(k.Out+".key", []byte(skey+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(k.Out+".pub", []byte(vkey+"\n"), 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(g.stdout, "wrote %s.key (keep it secret) and %s.pub\n", k.Out, k.Out)
	return err
}
