package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/store"
)

// AlertList is a page of alerts, most severe and highest scored first.
type AlertList struct {
	Total  int           `json:"total" doc:"Alerts the filters select; the list holds the first limit of them."`
	Alerts []model.Alert `json:"alerts"`
}

// AlertView is one alert and the case it is in.
type AlertView struct {
	model.Alert
	Case string `json:"case,omitempty" doc:"The case the alert was triaged into, if any."`
}

type alertsInput struct {
	Rule     []string `query:"rule" doc:"Only alerts of these rule IDs (comma-separated)."`
	Typology []string `query:"typology" doc:"Only alerts of these typologies (comma-separated), e.g. STRUCTURING."`
	Account  string   `query:"account" doc:"Only alerts about this account."`
	Party    string   `query:"party" doc:"Only alerts about this party."`
	MinScore float64  `query:"min_score" minimum:"0" maximum:"1" doc:"Only alerts scoring at least this."`
	Limit    int      `query:"limit" minimum:"1" maximum:"10000" default:"50" doc:"At most this many alerts."`
}
type alertsOutput struct{ Body AlertList }

type alertInput struct {
	ID string `path:"id" maxLength:"200" doc:"Alert ID."`
}
type alertOutput struct{ Body AlertView }

func (s *Server) registerAlerts() {
	register(s, huma.Operation{
		OperationID: "list-alerts", Method: http.MethodGet, Path: "/v1/alerts", Tags: []string{"Alerts"},
		Summary: "List alerts", Description: "Lists stored alerts, most severe and highest scored first, with their reasons, facts and evidence transaction IDs.",
		Errors: []int{http.StatusUnprocessableEntity},
	}, PermAlertsRead, s.listAlerts)
	register(s, huma.Operation{
		OperationID: "get-alert", Method: http.MethodGet, Path: "/v1/alerts/{id}", Tags: []string{"Alerts"},
		Summary: "Get an alert", Description: "Returns one alert and the case it is in.",
		Errors: []int{http.StatusNotFound},
	}, PermAlertsRead, s.getAlert)
}

func (s *Server) listAlerts(ctx context.Context, in *alertsInput) (*alertsOutput, error) {
	if in.Account != "" && in.Party != "" {
		return nil, fmt.Errorf("%w: give account or party, not both", ErrInvalidRequest)
	}
	f := store.AlertFilter{RuleIDs: nonEmpty(in.Rule), MinScore: in.MinScore}
	switch {
	case in.Account != "":
		f.Subject = &model.Subject{Kind: model.SubjectAccount, ID: in.Account}
	case in.Party != "":
		f.Subject = &model.Subject{Kind: model.SubjectParty, ID: in.Party}
	}
	alerts, err := s.cfg.Store.Alerts(ctx, f)
	if err != nil {
		return nil, err
	}
	if typs := nonEmpty(in.Typology); len(typs) > 0 {
		keep := alerts[:0]
		for _, a := range alerts {
			for _, t := range typs {
				if strings.EqualFold(string(a.Typology), t) {
					keep = append(keep, a)
					break
				}
			}
		}
		alerts = keep
	}
	report.SortAlerts(alerts)
	out := AlertList{Total: len(alerts), Alerts: alerts}
	if len(out.Alerts) > in.Limit {
		out.Alerts = out.Alerts[:in.Limit]
	}
	if out.Alerts == nil {
		out.Alerts = []model.Alert{}
	}
	return &alertsOutput{Body: out}, nil
}

func (s *Server) getAlert(ctx context.Context, in *alertInput) (*alertOutput, error) {
	alerts, err := s.cfg.Store.Alerts(ctx, store.AlertFilter{IDs: []string{in.ID}})
	if err != nil {
		return nil, err
	}
	if len(alerts) == 0 {
		return nil, fmt.Errorf("alert %q: %w", in.ID, store.ErrNotFound)
	}
	byAlert, err := s.cfg.Store.CasesOfAlerts(ctx, []string{in.ID})
	if err != nil {
		return nil, err
	}
	return &alertOutput{Body: AlertView{Alert: alerts[0], Case: byAlert[in.ID]}}, nil
}

// nonEmpty drops empty and blank values.
func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
