package api

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/screen"
)

// maxBatch is the most parties one batch screening request takes.
const maxBatch = 1000

// ScreenParty is a party to screen: its names and, when known, the fields
// that confirm or refute a name hit.
type ScreenParty struct {
	ID            string            `json:"id,omitempty" maxLength:"200" doc:"Your reference for the party, echoed in the result."`
	Name          string            `json:"name" minLength:"1" maxLength:"500" doc:"The party's name as you hold it, in any script." example:"Joaquin Guzman Loera"`
	Aliases       []string          `json:"aliases,omitempty" maxItems:"50" doc:"Other names: aliases, former names, names in other scripts."`
	Type          string            `json:"type,omitempty" enum:"person,organization,vessel,aircraft" doc:"What the party is; omitted when unknown."`
	BirthDate     string            `json:"birth_date,omitempty" pattern:"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" doc:"YYYY, YYYY-MM or YYYY-MM-DD."`
	Nationalities []string          `json:"nationalities,omitempty" maxItems:"10" doc:"Countries, as names or ISO 3166 codes."`
	Identifiers   []PartyIdentifier `json:"identifiers,omitempty" maxItems:"20" doc:"Identity documents and numbers."`
}

// PartyIdentifier is an identity document or number of a party.
type PartyIdentifier struct {
	Type    string `json:"type" enum:"passport,national_id,tax_id,rfc,curp,folio_mercantil,cedula,chinese_commercial_code,crypto_address,registration,imo,swift_bic,email,phone,website,other"`
	Value   string `json:"value" minLength:"1" maxLength:"200"`
	Country string `json:"country,omitempty" maxLength:"100" doc:"Issuing country."`
}

// ScreenOptions tune a screening request.
type ScreenOptions struct {
	Threshold float64 `json:"threshold,omitempty" minimum:"0" maximum:"1" doc:"Report hits scoring at least this; 0 or omitted: the default threshold (0.80)."`
	Limit     int     `json:"limit,omitempty" minimum:"0" maximum:"100" doc:"At most this many hits per party; 0 or omitted: 10."`
}

// ScreenRequest screens one party.
type ScreenRequest struct {
	ScreenParty
	ScreenOptions
}

// ScreenBatchRequest screens several parties.
type ScreenBatchRequest struct {
	Parties []ScreenParty `json:"parties" minItems:"1" maxItems:"1000"`
	ScreenOptions
}

// ScreenResult is what screening one party found: the hits at or above the
// threshold, best first, each with its explanation.
type ScreenResult struct {
	ID    string       `json:"id,omitempty"`
	Name  string       `json:"name"`
	Hits  []screen.Hit `json:"hits"`
	Error string       `json:"error,omitempty" doc:"Why the party could not be screened (batch only)."`
}

// ScreenResponse answers a single screening request.
type ScreenResponse struct {
	Threshold float64           `json:"threshold"`
	Lists     []screen.ListInfo `json:"lists" doc:"The lists screened against, with their dates."`
	ScreenResult
}

// ScreenBatchResponse answers a batch: one result per party, in order.
type ScreenBatchResponse struct {
	Threshold float64           `json:"threshold"`
	Lists     []screen.ListInfo `json:"lists"`
	WithHits  int               `json:"parties_with_hits"`
	Results   []ScreenResult    `json:"results"`
}

type screenInput struct{ Body ScreenRequest }
type screenOutput struct{ Body ScreenResponse }
type screenBatchInput struct{ Body ScreenBatchRequest }
type screenBatchOutput struct{ Body ScreenBatchResponse }

func (s *Server) registerScreening() {
	register(s, huma.Operation{
		OperationID: "screen", Method: http.MethodPost, Path: "/v1/screen", Tags: []string{"Screening"},
		Summary:     "Screen a party",
		Description: "Screens one party's names (with birth date, nationalities and identifiers when given) against the lists in service; every hit comes with its explanation.",
		Errors:      []int{http.StatusUnprocessableEntity},
	}, PermScreen, s.screenOne)
	register(s, huma.Operation{
		OperationID: "screen-batch", Method: http.MethodPost, Path: "/v1/screen/batch", Tags: []string{"Screening"},
		Summary:      "Screen parties in a batch",
		Description:  fmt.Sprintf("Screens up to %d parties; one result per party, in order. A party that cannot be screened has an error and no hits; the others are screened.", maxBatch),
		MaxBodyBytes: 8 * s.cfg.MaxBodyBytes,
		Errors:       []int{http.StatusUnprocessableEntity},
	}, PermScreen, s.screenBatch)
}

func (s *Server) screenOne(ctx context.Context, in *screenInput) (*screenOutput, error) {
	q, err := queryOf(in.Body.ScreenParty, in.Body.ScreenOptions)
	if err != nil {
		return nil, err
	}
	ix := s.cfg.Screener.Index()
	start := time.Now()
	hits := ix.Match(q)
	s.metrics.screening.WithLabelValues("single").Observe(time.Since(start).Seconds())
	s.metrics.screened.WithLabelValues("single").Inc()
	if hits == nil {
		hits = []screen.Hit{}
	}
	return &screenOutput{Body: ScreenResponse{Threshold: thresholdOf(q), Lists: ix.Lists(),
		ScreenResult: ScreenResult{ID: in.Body.ID, Name: in.Body.Name, Hits: hits}}}, nil
}

func (s *Server) screenBatch(ctx context.Context, in *screenBatchInput) (*screenBatchOutput, error) {
	ix := s.cfg.Screener.Index() // one index for the whole batch, even across a reload
	parties := in.Body.Parties
	results := make([]ScreenResult, len(parties))
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(parties)) {
		wg.Go(func() {
			for i := range next {
				p := parties[i]
				results[i] = ScreenResult{ID: p.ID, Name: p.Name, Hits: []screen.Hit{}}
				q, err := queryOf(p, in.Body.ScreenOptions)
				if err != nil {
					results[i].Error = err.Error()
					continue
				}
				if hits := ix.Match(q); hits != nil {
					results[i].Hits = hits
				}
			}
		})
	}
	for i := range parties {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.metrics.screening.WithLabelValues("batch").Observe(time.Since(start).Seconds())
	s.metrics.screened.WithLabelValues("batch").Add(float64(len(parties)))
	out := ScreenBatchResponse{Threshold: thresholdOf(screen.Query{Threshold: in.Body.Threshold}), Lists: ix.Lists(), Results: results}
	for _, r := range results {
		if len(r.Hits) > 0 {
			out.WithHits++
		}
	}
	return &screenBatchOutput{Body: out}, nil
}

// queryOf builds the screening query of a party.
func queryOf(p ScreenParty, o ScreenOptions) (screen.Query, error) {
	q := screen.Query{Names: append([]string{p.Name}, p.Aliases...), Type: screen.EntityType(p.Type),
		Nationalities: p.Nationalities, Threshold: o.Threshold, Limit: o.Limit}
	if p.BirthDate != "" {
		d, err := screen.ParsePartialDate(p.BirthDate)
		if err != nil {
			return q, fmt.Errorf("%w: birth_date %q: %w", ErrInvalidRequest, p.BirthDate, err)
		}
		q.BirthDate = d
	}
	for _, id := range p.Identifiers {
		q.Identifiers = append(q.Identifiers, screen.ValidateIdentifier(screen.Identifier{Type: screen.IDType(id.Type),
			Value: id.Value, Country: id.Country}))
	}
	return q, nil
}

func thresholdOf(q screen.Query) float64 {
	if q.Threshold > 0 {
		return q.Threshold
	}
	return screen.DefaultThreshold
}
