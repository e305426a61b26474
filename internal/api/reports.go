package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/cases"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
)

type reportInput struct {
	ID   string `path:"id" maxLength:"64" doc:"Case ID, e.g. C-000001."`
	Date string `query:"date" format:"date" doc:"Filing date, YYYY-MM-DD (default: today)."`
}

// xmlOutput is an XML file sent as a download.
type xmlOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	ReprDigest         string `header:"Repr-Digest" doc:"SHA-256 of the file (RFC 9530), as recorded in the audit log."`
	Body               []byte
}

func (s *Server) registerReports() {
	xmlResponse := func(what string) map[string]*huma.Response {
		return map[string]*huma.Response{"200": {
			Description: what,
			Content:     map[string]*huma.MediaType{"application/xml": {Schema: &huma.Schema{Type: "string"}}},
			Headers: map[string]*huma.Param{
				"Content-Disposition": {Schema: &huma.Schema{Type: "string"}, Description: "attachment; filename=…"},
				"Repr-Digest":         {Schema: &huma.Schema{Type: "string"}, Description: "SHA-256 of the file (RFC 9530), as recorded in the audit log."},
			},
		}}
	}
	errs := []int{http.StatusNotFound, http.StatusUnprocessableEntity}
	register(s, huma.Operation{
		OperationID: "download-sar", Method: http.MethodGet, Path: "/v1/cases/{id}/sar", Tags: []string{"Reports"},
		Summary: "Download the case's FinCEN SAR XML",
		Description: "Writes the case as a FinCEN SARX batch (EFilingBatchXML) with a narrative drafted from the evidence, checked with the rules the schema cannot express. " +
			"The export is recorded in the audit log with the file's SHA-256. Writing a SAR does not file it.",
		Responses: xmlResponse("The SAR batch file."), Errors: errs,
	}, PermReportsDownload, s.downloadSAR)
	register(s, huma.Operation{
		OperationID: "download-goaml", Method: http.MethodGet, Path: "/v1/cases/{id}/goaml", Tags: []string{"Reports"},
		Summary:     "Download the case's goAML report XML",
		Description: "Writes the case as a goAML " + report.GoAMLSchemaVersion + " suspicious transaction report (base variant). The export is recorded in the audit log with the file's SHA-256.",
		Responses:   xmlResponse("The goAML report."), Errors: errs,
	}, PermReportsDownload, s.downloadGoAML)
}

func (s *Server) downloadSAR(ctx context.Context, in *reportInput) (*xmlOutput, error) {
	return s.export(ctx, in, "fincen-sarx", "sar", func(buf *bytes.Buffer, sc report.SARCase, date time.Time) error {
		_, err := report.WriteSAR(buf, report.Filing{Filer: s.cfg.Filer, Date: date, Cases: []report.SARCase{sc}})
		return err
	})
}

func (s *Server) downloadGoAML(ctx context.Context, in *reportInput) (*xmlOutput, error) {
	return s.export(ctx, in, "goaml-"+report.GoAMLSchemaVersion, "goaml", func(buf *bytes.Buffer, sc report.SARCase, date time.Time) error {
		return report.WriteGoAML(buf, s.cfg.Filer, date, sc)
	})
}

// export writes a case as a file with write and records the export.
func (s *Server) export(ctx context.Context, in *reportInput, format, prefix string,
	write func(*bytes.Buffer, report.SARCase, time.Time) error) (*xmlOutput, error) {
	date := s.clock()
	if in.Date != "" {
		d, err := model.ParseDate(in.Date)
		if err != nil {
			return nil, fmt.Errorf("%w: date %q: want YYYY-MM-DD", ErrInvalidRequest, in.Date)
		}
		date = d.Time
	}
	actor := actorOf(ctx)
	sc, err := s.cases.SARCase(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := write(&buf, sc, date); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes())
	name := prefix + "-" + in.ID + ".xml"
	err = s.cases.RecordExport(ctx, actor, cases.Export{Case: in.ID, Format: format, File: "download:" + name,
		SHA256: hex.EncodeToString(sum[:]), Bytes: int64(buf.Len())})
	if err != nil {
		return nil, err
	}
	return &xmlOutput{
		ContentType:        "application/xml",
		ContentDisposition: fmt.Sprintf("attachment; filename=%q", name),
		ReprDigest:         "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":",
		Body:               buf.Bytes(),
	}, nil
}
