package api

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/audit"
	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/report/schematest"
	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

func TestHealthAndDocs(t *testing.T) {
	f := newFixture(t)
	var h Health
	must(t, f.do("GET", "/healthz/live", "", nil), 200).json(t, &h)
	require.Equal(t, "ok", h.Status)
	must(t, f.do("GET", "/healthz/ready", "", nil), 200).json(t, &h)
	require.Equal(t, "ready", h.Status)
	docs := must(t, f.do("GET", "/docs", "", nil), 200)
	require.Contains(t, string(docs.body), "/openapi.yaml")
	must(t, f.do("GET", "/openapi.yaml", "", nil), 200)
}

func TestScreening(t *testing.T) {
	f := newFixture(t)
	ix, err := builtinIndex()
	require.NoError(t, err)
	var fto *screen.Entity
	for i, e := range ix.Entities() {
		if e.HasProgram(screen.ProgramFTO) && e.Type == screen.TypeOrganization {
			fto = &ix.Entities()[i]
			break
		}
	}
	require.NotNil(t, fto, "the built-in SDN list has FTO organisations")

	var one ScreenResponse
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"id": "cust-1", "name": fto.PrimaryName(), "type": "organization"}), 200).json(t, &one)
	require.Equal(t, "cust-1", one.ID)
	require.Equal(t, screen.DefaultThreshold, one.Threshold)
	require.NotEmpty(t, one.Lists)
	require.NotEmpty(t, one.Hits)
	require.Equal(t, fto.ID, one.Hits[0].Entity.ID, "the listed name finds its own entry first")
	require.Equal(t, model.SeverityCritical, one.Hits[0].Severity(), "an FTO hit is critical")
	require.NotEmpty(t, one.Hits[0].Explanation.Tokens, "every hit is explained")

	var none ScreenResponse
	must(t, f.do("POST", "/v1/screen", RoleSupervisor, map[string]any{"name": "Talavera Quispe Mendizabal"}), 200).json(t, &none)
	require.Empty(t, none.Hits)
	require.NotNil(t, none.Hits, "no hits is an empty list, not null")

	var batch ScreenBatchResponse
	must(t, f.do("POST", "/v1/screen/batch", RoleAnalyst, map[string]any{"parties": []map[string]any{
		{"id": "a", "name": fto.PrimaryName()},
		{"id": "b", "name": "Talavera Quispe Mendizabal", "birth_date": "1980-13-01"},
		{"id": "c", "name": "Talavera Quispe Mendizabal", "birth_date": "1980-02-03", "nationalities": []string{"PE"}},
	}}), 200).json(t, &batch)
	require.Len(t, batch.Results, 3)
	require.Equal(t, []string{"a", "b", "c"}, []string{batch.Results[0].ID, batch.Results[1].ID, batch.Results[2].ID})
	require.NotEmpty(t, batch.Results[0].Hits)
	require.Contains(t, batch.Results[1].Error, "birth_date", "a date that does not exist is that party's error")
	require.Empty(t, batch.Results[2].Error)
	require.Equal(t, 1, batch.WithHits)

	// The schema refuses what is malformed, as a problem naming the field.
	p := must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": ""}), 422).problem(t)
	require.Equal(t, ProblemInvalid, p.Type)
	require.Equal(t, "body.name", p.Errors[0].Location)
	p = must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "x", "type": "spaceship"}), 422).problem(t)
	require.Equal(t, "body.type", p.Errors[0].Location)
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "x", "threshold": 1.5}), 422)
	p = must(t, f.do("POST", "/v1/screen", RoleAnalyst, `{"name": `), 400).problem(t)
	require.Equal(t, ProblemBadRequest, p.Type)
	parties := make([]map[string]any, maxBatch+1)
	for i := range parties {
		parties[i] = map[string]any{"name": "x"}
	}
	must(t, f.do("POST", "/v1/screen/batch", RoleAnalyst, map[string]any{"parties": parties}), 422)

	var stats screen.IndexStats
	must(t, f.do("GET", "/v1/lists", RoleAnalyst, nil), 200).json(t, &stats)
	require.Equal(t, ix.Stats().Entities, stats.Entities)
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t, fixtureOptions{config: func(c *Config) { c.MaxBodyBytes = 4 << 10 }})
	big := `{"name": "` + strings.Repeat("a", 400) + `", "aliases": [` + strings.Repeat(`"`+strings.Repeat("b", 400)+`",`, 20) + `"c"]}`
	p := must(t, f.do("POST", "/v1/screen", RoleAnalyst, big), 413).problem(t)
	require.Equal(t, ProblemTooLarge, p.Type)
	// The batch endpoint takes eight times as much.
	must(t, f.do("POST", "/v1/screen/batch", RoleAnalyst, `{"parties": [`+strings.TrimSuffix(strings.Repeat(`{"name": "`+strings.Repeat("a", 400)+`"},`, 20), ",")+`]}`), 200)
}

func TestAlerts(t *testing.T) {
	f := newFixture(t)
	var all AlertList
	must(t, f.do("GET", "/v1/alerts?limit=10000", RoleAuditor, nil), 200).json(t, &all)
	require.NotEmpty(t, all.Alerts)
	require.Equal(t, all.Total, len(all.Alerts))
	for i := 1; i < len(all.Alerts); i++ {
		a, b := all.Alerts[i-1], all.Alerts[i]
		require.True(t, a.Severity.Rank() > b.Severity.Rank() || a.Severity == b.Severity && a.Score >= b.Score, "most severe, highest score first")
	}
	var page AlertList
	must(t, f.do("GET", "/v1/alerts?limit=2", RoleAnalyst, nil), 200).json(t, &page)
	require.Len(t, page.Alerts, min(2, all.Total))
	require.Equal(t, all.Total, page.Total)

	a := all.Alerts[0]
	var typ AlertList
	must(t, f.do("GET", "/v1/alerts?limit=10000&typology="+strings.ToLower(string(a.Typology)), RoleAnalyst, nil), 200).json(t, &typ)
	require.NotEmpty(t, typ.Alerts)
	for _, x := range typ.Alerts {
		require.Equal(t, a.Typology, x.Typology)
	}
	var byRule AlertList
	must(t, f.do("GET", "/v1/alerts?limit=10000&min_score=0.5&rule="+a.RuleID, RoleAnalyst, nil), 200).json(t, &byRule)
	for _, x := range byRule.Alerts {
		require.Equal(t, a.RuleID, x.RuleID)
		require.GreaterOrEqual(t, x.Score, 0.5)
	}

	var one AlertView
	must(t, f.do("GET", "/v1/alerts/"+a.ID, RoleSupervisor, nil), 200).json(t, &one)
	require.Equal(t, a.ID, one.ID)
	require.Empty(t, one.Case, "not triaged yet")
	p := must(t, f.do("GET", "/v1/alerts/no-such-alert", RoleAnalyst, nil), 404).problem(t)
	require.Equal(t, ProblemNotFound, p.Type)
	must(t, f.do("GET", "/v1/alerts?account=x&party=y", RoleAnalyst, nil), 422)
}

// TestCaseWorkedToSAR works a case end to end through the API: triage,
// assignment, review, note, attachment, RFI, escalation, a SAR and a goAML
// report downloaded and validated, closing as filed; then checks what the
// audit log holds and verifies it.
func TestCaseWorkedToSAR(t *testing.T) {
	f := newFixture(t)
	var tri cases.TriageResult
	must(t, f.do("POST", "/v1/cases/triage", RoleAnalyst, nil), 200).json(t, &tri)
	require.NotEmpty(t, tri.Opened)
	must(t, f.do("POST", "/v1/cases/triage", RoleAnalyst, nil), 200).json(t, &tri)
	require.Empty(t, tri.Opened, "triage is idempotent")
	require.Zero(t, tri.Added)

	var list CaseList
	must(t, f.do("GET", "/v1/cases?state=open&limit=10000", RoleAnalyst, nil), 200).json(t, &list)
	require.NotEmpty(t, list.Cases)
	var id string
	for _, c := range list.Cases {
		require.Equal(t, model.CaseOpen, c.State)
		if id == "" && len(c.Parties) == 1 {
			id = c.ID
			require.False(t, c.Deadlines.FileBy.IsZero(), "an open case has a SAR deadline")
		}
	}
	require.NotEmpty(t, id)

	var detail CaseDetail
	must(t, f.do("GET", "/v1/cases/"+id, RoleAuditor, nil), 200).json(t, &detail)
	require.Equal(t, id, detail.ID)
	require.Len(t, detail.AlertDetails, len(detail.Alerts))
	must(t, f.do("GET", "/v1/cases/C-999999", RoleAnalyst, nil), 404)

	var k CaseView
	must(t, f.do("POST", "/v1/cases/"+id+"/assign", RoleSupervisor, AssignRequest{Assignee: "test-analyst"}), 200).json(t, &k)
	require.Equal(t, "test-analyst", k.Assignee)

	// Closing as filed before anyone reviewed: the analyst lacks the
	// permission; the supervisor is refused by the case's state.
	p := must(t, f.do("POST", "/v1/cases/"+id+"/close", RoleAnalyst, CloseRequest{Disposition: model.DispositionSARFiled}), 403).problem(t)
	require.Contains(t, p.Detail, string(PermCasesFileSAR))
	p = must(t, f.do("POST", "/v1/cases/"+id+"/close", RoleSupervisor, CloseRequest{Disposition: model.DispositionSARFiled}), 409).problem(t)
	require.Equal(t, ProblemInvalidTransition, p.Type)

	must(t, f.do("POST", "/v1/cases/"+id+"/transition", RoleAnalyst, TransitionRequest{To: model.CaseInReview, Note: "reviewing"}), 200).json(t, &k)
	require.Equal(t, model.CaseInReview, k.State)
	must(t, f.do("POST", "/v1/cases/"+id+"/notes", RoleAnalyst, NoteRequest{Text: "cash at three branches in two days"}), 200).json(t, &k)
	require.Equal(t, "cash at three branches in two days", k.Notes[len(k.Notes)-1].Text)
	require.Equal(t, "test-analyst", k.Notes[len(k.Notes)-1].Author, "the key's name is the author")
	sum := strings.Repeat("ab", 32)
	must(t, f.do("POST", "/v1/cases/"+id+"/attachments", RoleAnalyst, AttachRequest{Ref: "dms://kyc/123", Name: "KYC file", SHA256: sum}), 200).json(t, &k)
	require.Equal(t, sum, k.Attachments[len(k.Attachments)-1].SHA256)
	must(t, f.do("POST", "/v1/cases/"+id+"/rfis", RoleAnalyst, RFIRequest{Outcome: model.RFIEvasive, Note: "no documents"}), 200).json(t, &k)
	require.Equal(t, model.RFIEvasive, k.RFIs[len(k.RFIs)-1].Outcome)
	must(t, f.do("POST", "/v1/cases/"+id+"/rfis", RoleAnalyst, map[string]any{"outcome": "maybe"}), 422)
	must(t, f.do("POST", "/v1/cases/"+id+"/notes", RoleAnalyst, map[string]any{"text": ""}), 422)
	must(t, f.do("POST", "/v1/cases/"+id+"/transition", RoleAnalyst, TransitionRequest{To: model.CaseEscalated, Note: "recommend filing"}), 200).json(t, &k)
	require.Equal(t, model.CaseEscalated, k.State)

	// The analyst may not download the SAR; the supervisor may.
	must(t, f.do("GET", "/v1/cases/"+id+"/sar", RoleAnalyst, nil), 403)
	sar := must(t, f.do("GET", "/v1/cases/"+id+"/sar?date=2025-04-21", RoleSupervisor, nil), 200)
	require.Equal(t, "application/xml", sar.header.Get("Content-Type"))
	require.Equal(t, `attachment; filename="sar-`+id+`.xml"`, sar.header.Get("Content-Disposition"))
	digest := sha256.Sum256(sar.body)
	require.Equal(t, "sha-256=:"+base64.StdEncoding.EncodeToString(digest[:])+":", sar.header.Get("Repr-Digest"))
	require.NoError(t, report.CheckSAR(bytes.NewReader(sar.body)))
	path := filepath.Join(t.TempDir(), "sar.xml")
	require.NoError(t, os.WriteFile(path, sar.body, 0o600))
	schematest.ValidateSARX(t, path)
	goaml := must(t, f.do("GET", "/v1/cases/"+id+"/goaml", RoleAuditor, nil), 200)
	require.NoError(t, report.CheckGoAML(bytes.NewReader(goaml.body)))
	must(t, f.do("GET", "/v1/cases/"+id+"/sar?date=2025-02-30", RoleSupervisor, nil), 422)

	must(t, f.do("POST", "/v1/cases/"+id+"/close", RoleSupervisor, CloseRequest{Disposition: model.DispositionSARFiled,
		Filed: "2025-04-21", BSAID: "31000123456789"}), 200).json(t, &k)
	require.Equal(t, model.CaseClosed, k.State)
	require.Equal(t, model.DispositionSARFiled, k.Disposition)
	require.Equal(t, "31000123456789", k.SAR.BSAID)
	p = must(t, f.do("POST", "/v1/cases/"+id+"/transition", RoleAnalyst, TransitionRequest{To: model.CaseInReview}), 409).problem(t)
	require.Equal(t, ProblemInvalidTransition, p.Type)
	must(t, f.do("POST", "/v1/cases/"+id+"/close", RoleAnalyst, CloseRequest{Disposition: model.DispositionSARNotRequired, Reason: "explained"}), 409)

	var closed CaseList
	must(t, f.do("GET", "/v1/cases?state=closed", RoleAuditor, nil), 200).json(t, &closed)
	require.Len(t, closed.Cases, 1)
	require.Equal(t, id, closed.Cases[0].ID)

	// The audit log: every request, by whom and from where, and the case's
	// changes and reads by the use case, with the same actor.
	var entries AuditEntries
	must(t, f.do("GET", "/v1/audit/entries?limit=10000", RoleAuditor, nil), 200).json(t, &entries)
	actions := map[string]int{}
	for _, e := range entries.Entries {
		actions[e.Action]++
		if strings.HasPrefix(e.Action, "api.") {
			require.Equal(t, KindRequest, e.Object.Kind)
			require.True(t, strings.HasPrefix(e.Origin, "api@127.0.0.1 (request "), e.Origin)
			require.Contains(t, e.Origin, e.Object.ID)
		}
		if e.Object.ID == id && e.Action == "case.close" {
			require.Equal(t, "test-supervisor", e.Actor)
			require.Contains(t, e.Origin, "api@127.0.0.1")
		}
	}
	for _, a := range []string{"api.triage", "api.get-case", "api.assign-case", "api.transition-case", "api.add-note",
		"api.record-rfi", "api.download-sar", "api.download-goaml", "api.close-case", "api.list-audit-entries"} {
		require.Positive(t, actions[a], "request %s is audited (have %v)", a, actions)
	}
	for _, a := range []string{"case.read", "case.close"} {
		require.Positive(t, actions[a], "use-case entry %s (have %v)", a, actions)
	}
	var denied bool
	for _, e := range entries.Entries {
		if e.Action == "api.close-case" && e.Actor == "test-analyst" && strings.Contains(e.Detail, "denied") {
			denied = true
		}
	}
	require.True(t, denied, "a denied request is audited with the decision")
	var onlyCase AuditEntries
	must(t, f.do("GET", "/v1/audit/entries?limit=10000&action=case.&case="+id, RoleAuditor, nil), 200).json(t, &onlyCase)
	require.NotEmpty(t, onlyCase.Entries)
	for _, e := range onlyCase.Entries {
		require.True(t, strings.HasPrefix(e.Action, "case."), e.Action)
	}

	var cp CheckpointResponse
	must(t, f.do("POST", "/v1/audit/checkpoints", RoleAuditor, nil), 200).json(t, &cp)
	require.Positive(t, cp.Size)
	require.Contains(t, cp.Text, audit.DefaultOrigin)
	var rep VerifyReport
	must(t, f.do("POST", "/v1/audit/verify", RoleAdmin, VerifyRequest{Checkpoints: []string{cp.Text}}), 200).json(t, &rep)
	require.True(t, rep.OK, "%v", rep.Problems)
	require.Empty(t, rep.Problems)
	require.Equal(t, 2, rep.Checkpoints, "the saved checkpoint and the one given")
	require.Greater(t, rep.Entries, cp.Size)
	p = must(t, f.do("POST", "/v1/audit/verify", RoleAuditor, VerifyRequest{Checkpoints: []string{"not a checkpoint"}}), 422).problem(t)
	require.Equal(t, ProblemInvalid, p.Type)
	must(t, f.do("POST", "/v1/audit/verify", RoleAuditor, nil), 200)
}

// TestAuditVerifyFindsTampering edits an entry in the database behind the
// server's back; verification through the API reports it by index.
func TestAuditVerifyFindsTampering(t *testing.T) {
	f := newFixture(t)
	must(t, f.do("POST", "/v1/cases/triage", RoleAnalyst, nil), 200)
	must(t, f.do("GET", "/v1/alerts", RoleAnalyst, nil), 200)
	db, ok := f.st.(interface{ Path() string })
	require.True(t, ok)
	conn := openRaw(t, db.Path())
	_, err := conn.Exec("DROP TRIGGER audit_log_no_update")
	require.NoError(t, err)
	_, err = conn.Exec(`UPDATE audit_log SET data = CAST(replace(CAST(data AS TEXT), '"test-analyst"', '"someone-else"') AS BLOB) WHERE idx = 1`)
	require.NoError(t, err)
	var rep VerifyReport
	must(t, f.do("POST", "/v1/audit/verify", RoleAuditor, nil), 200).json(t, &rep)
	require.False(t, rep.OK)
	require.NotEmpty(t, rep.Problems)
	require.Equal(t, int64(1), rep.Problems[0].Index)
	require.Nil(t, rep.Head)
}

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "Talavera Quispe"}), 200)
	must(t, f.do("GET", "/v1/cases", RoleAdmin, nil), 403)
	m := must(t, f.do("GET", "/metrics", RoleAdmin, nil), 200)
	require.True(t, strings.HasPrefix(m.header.Get("Content-Type"), "text/plain"), m.header.Get("Content-Type"))
	text := string(m.body)
	for _, want := range []string{
		`centinela_http_requests_total{method="POST",route="/v1/screen",status="200"} 1`,
		`centinela_http_requests_total{method="GET",route="/v1/cases",status="403"} 1`,
		`centinela_http_request_duration_seconds_bucket{method="POST",route="/v1/screen",status="200",le="10"} 1`,
		`centinela_screening_duration_seconds_count{endpoint="single"} 1`,
		`centinela_screening_parties_total{endpoint="single"} 1`,
		"centinela_api_audit_batch_size_count",
		"centinela_screening_list_entities",
		"go_goroutines",
	} {
		require.Contains(t, text, want)
	}
}

func TestReloadLists(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "internal.csv")
	require.NoError(t, os.WriteFile(list, []byte("id,name,type\nX-1,Comercializadora Talavera Quispe,organization\n"), 0o600))
	f := newFixture(t, fixtureOptions{config: func(c *Config) {
		c.ReloadLists = func() (*screen.Index, error) {
			ls, err := lists.Load("csv:" + list)
			if err != nil {
				return nil, err
			}
			return screen.NewIndex(ls)
		}
	}})
	var before ScreenResponse
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "Comercializadora Talavera Quispe"}), 200).json(t, &before)
	require.Empty(t, before.Hits)

	var res ListsReload
	must(t, f.do("POST", "/v1/lists/reload", RoleAdmin, nil), 200).json(t, &res)
	require.Equal(t, 1, res.After.Entities)
	var after ScreenResponse
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "Comercializadora Talavera Quispe"}), 200).json(t, &after)
	require.Len(t, after.Hits, 1, "the reloaded list is in service without a restart")

	// A list that fails to load leaves the one in service.
	require.NoError(t, os.WriteFile(list, []byte("no,header\n"), 0o600))
	p := must(t, f.do("POST", "/v1/lists/reload", RoleAdmin, nil), 500).problem(t)
	require.Equal(t, internalDetail, p.Detail)
	must(t, f.do("POST", "/v1/screen", RoleAnalyst, map[string]any{"name": "Comercializadora Talavera Quispe"}), 200).json(t, &after)
	require.Len(t, after.Hits, 1)

	var entries AuditEntries
	must(t, f.do("GET", "/v1/audit/entries?limit=10000&action=list.", RoleAuditor, nil), 200).json(t, &entries)
	require.Len(t, entries.Entries, 1)
	require.Equal(t, "test-admin", entries.Entries[0].Actor)
}

func TestUnknownRouteAndMethod(t *testing.T) {
	f := newFixture(t)
	r := must(t, f.do("GET", "/v1/nothing-here", RoleAnalyst, nil), 404)
	p := r.problem(t)
	require.Equal(t, ProblemNotFound, p.Type)
	require.Equal(t, "urn:uuid:"+r.header.Get("X-Request-ID"), p.Instance)
	r = must(t, f.do("DELETE", "/v1/screen", RoleAnalyst, nil), 405)
	require.Equal(t, ProblemMethodNotAllowed, r.problem(t).Type)
	require.Contains(t, r.header.Get("Allow"), "POST")
	must(t, f.do("GET", "/v1/nothing-here", "", nil), 404)
}

// openRaw opens the database file directly, behind the store's back.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}
