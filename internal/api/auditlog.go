package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/store"
)

// VerifyRequest gives checkpoints kept outside the database that the log
// must still contain.
type VerifyRequest struct {
	Checkpoints []string `json:"checkpoints,omitempty" maxItems:"100" doc:"Checkpoint texts, as \"centinela audit checkpoint\" or the checkpoint operation gave them out."`
	VerifierKey string   `json:"verifier_key,omitempty" maxLength:"500" doc:"When set, every checkpoint must carry a valid signature by this key."`
}

// TreeHead is the audit log's Merkle tree head: entries covered and root
// hash (base64).
type TreeHead struct {
	Size int64  `json:"size"`
	Hash string `json:"hash"`
}

// VerifyReport is what verification found.
type VerifyReport struct {
	OK          bool            `json:"ok"`
	Entries     int64           `json:"entries"`
	Checkpoints int             `json:"checkpoints" doc:"Checkpoints compared with the log: those saved in the database and those given."`
	Problems    []audit.Problem `json:"problems" doc:"Every edited, deleted, inserted or moved entry, with its index."`
	Head        *TreeHead       `json:"head,omitempty" doc:"The tree head recomputed from the entries, when the log is intact."`
}

// CheckpointResponse is a checkpoint taken and saved.
type CheckpointResponse struct {
	TreeHead
	Time   time.Time `json:"time"`
	Signed bool      `json:"signed"`
	Text   string    `json:"text" doc:"The checkpoint as text (C2SP tlog-checkpoint layout, signed when the server has a key): keep it outside the database and give it to verify later."`
}

// AuditEntry is one entry of the audit log.
type AuditEntry struct {
	Index  int64        `json:"index"`
	Time   time.Time    `json:"time"`
	Actor  string       `json:"actor"`
	Origin string       `json:"origin,omitempty"`
	Action string       `json:"action"`
	Object audit.Object `json:"object"`
	Before any          `json:"before,omitempty" doc:"The object's state before the action, when it changed something."`
	After  any          `json:"after,omitempty" doc:"The object's state after the action."`
	Detail string       `json:"detail,omitempty"`
	Prev   string       `json:"prev" doc:"Record hash (hex) of the entry before: the hash chain."`
}

// AuditEntries is a page of the audit log.
type AuditEntries struct {
	Entries []AuditEntry `json:"entries"`
	Next    int64        `json:"next" doc:"The index to ask for the next page from; the log's size when this page reached its end."`
}

type verifyInput struct {
	Body *VerifyRequest `required:"false"`
}
type verifyOutput struct{ Body VerifyReport }
type checkpointOutput struct{ Body CheckpointResponse }
type entriesInput struct {
	From   int64  `query:"from" minimum:"0" doc:"First entry index."`
	Limit  int    `query:"limit" minimum:"1" maximum:"10000" default:"100" doc:"At most this many entries."`
	Case   string `query:"case" doc:"Only entries about this case (or its exports)."`
	Actor  string `query:"actor" doc:"Only entries by this user."`
	Action string `query:"action" doc:"Only entries whose action starts with this, e.g. case. or api."`
}
type entriesOutput struct{ Body AuditEntries }

func (s *Server) registerAudit() {
	tags := []string{"Audit log"}
	register(s, huma.Operation{
		OperationID: "verify-audit", Method: http.MethodPost, Path: "/v1/audit/verify", Tags: tags,
		Summary: "Verify the audit log",
		Description: "Reads the whole log back and reports every entry that was edited, deleted, inserted or moved, and every checkpoint " +
			"(saved or given) that the log no longer extends. A log with problems is still a 200 with ok false.",
		Errors: []int{http.StatusUnprocessableEntity},
	}, PermAuditVerify, s.verifyAudit)
	register(s, huma.Operation{
		OperationID: "checkpoint-audit", Method: http.MethodPost, Path: "/v1/audit/checkpoints", Tags: tags,
		Summary: "Checkpoint the audit log", Description: "Saves the log's current tree head and returns it as a checkpoint to keep outside the database.",
	}, PermAuditCheckpoint, s.checkpointAudit)
	register(s, huma.Operation{
		OperationID: "list-audit-entries", Method: http.MethodGet, Path: "/v1/audit/entries", Tags: tags,
		Summary: "Read audit entries", Description: "Lists entries of the audit log from an index on: who did what, when, from where.",
		Errors: []int{http.StatusUnprocessableEntity},
	}, PermAuditRead, s.auditEntries)
}

func (s *Server) verifyAudit(ctx context.Context, in *verifyInput) (*verifyOutput, error) {
	var trusted []audit.Checkpoint
	if in.Body != nil {
		for i, text := range in.Body.Checkpoints {
			c, err := audit.ReadCheckpoint([]byte(text), in.Body.VerifierKey)
			if err != nil {
				return nil, fmt.Errorf("checkpoint %d: %w", i+1, err)
			}
			trusted = append(trusted, c)
		}
	}
	rep, err := audit.Verify(ctx, s.cfg.Store, trusted...)
	if err != nil {
		return nil, err
	}
	out := VerifyReport{OK: rep.OK(), Entries: rep.Entries, Checkpoints: rep.Checkpoints, Problems: rep.Problems}
	if out.Problems == nil {
		out.Problems = []audit.Problem{}
	}
	if rep.OK() {
		out.Head = &TreeHead{Size: rep.Head.Size, Hash: base64.StdEncoding.EncodeToString(rep.Head.Hash[:])}
	}
	return &verifyOutput{Body: out}, nil
}

func (s *Server) checkpointAudit(ctx context.Context, _ *struct{}) (*checkpointOutput, error) {
	actor := actorOf(ctx)
	var out CheckpointResponse
	err := s.cfg.Store.CaseTx(ctx, func(tx store.CaseTx) error {
		cp, err := audit.Head(ctx, tx, audit.DefaultOrigin)
		if err != nil {
			return err
		}
		now := s.clock().UTC()
		cp.Time = now.Truncate(time.Second)
		text := []byte(cp.Text())
		if s.cfg.CheckpointKey != "" {
			if text, err = cp.Sign(s.cfg.CheckpointKey); err != nil {
				return err
			}
		}
		if err := tx.SaveAuditCheckpoint(ctx, store.AuditCheckpoint{Size: cp.Size, Hash: cp.Hash, Time: cp.Time, Note: string(text)}); err != nil {
			return err
		}
		hash := base64.StdEncoding.EncodeToString(cp.Hash[:])
		out = CheckpointResponse{TreeHead: TreeHead{Size: cp.Size, Hash: hash}, Time: cp.Time, Signed: s.cfg.CheckpointKey != "", Text: string(text)}
		_, err = audit.Append(ctx, tx, now, audit.Event{Actor: actor.User, Origin: actor.Origin, Action: "audit.checkpoint",
			Object: audit.Object{Kind: audit.KindAudit, ID: strconv.FormatInt(cp.Size, 10)},
			After:  audit.JSON(map[string]any{"size": cp.Size, "hash": hash, "signed": out.Signed})})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &checkpointOutput{Body: out}, nil
}

func (s *Server) auditEntries(ctx context.Context, in *entriesInput) (*entriesOutput, error) {
	out := AuditEntries{Entries: []AuditEntry{}, Next: in.From}
	for r, err := range s.cfg.Store.AuditRecords(ctx, in.From) {
		if err != nil {
			return nil, err
		}
		out.Next = r.Index + 1
		e, err := audit.Decode(r.Data)
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w (verify the log)", r.Index, err)
		}
		if in.Actor != "" && e.Actor != in.Actor || in.Action != "" && !strings.HasPrefix(e.Action, in.Action) {
			continue
		}
		if in.Case != "" && e.Object.ID != in.Case && !strings.Contains(string(e.After), `"case":"`+in.Case+`"`) {
			continue
		}
		out.Entries = append(out.Entries, entryView(e))
		if len(out.Entries) == in.Limit {
			break
		}
	}
	return &entriesOutput{Body: out}, nil
}

func entryView(e audit.Entry) AuditEntry {
	v := AuditEntry{Index: e.Index, Time: e.Time, Actor: e.Actor, Origin: e.Origin, Action: e.Action, Object: e.Object,
		Detail: e.Detail, Prev: e.Prev}
	if len(e.Before) > 0 {
		v.Before = json.RawMessage(e.Before)
	}
	if len(e.After) > 0 {
		v.After = json.RawMessage(e.After)
	}
	return v
}
