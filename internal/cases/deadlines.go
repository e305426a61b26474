package cases

import (
	"time"

	"github.com/centinela-aml/centinela/internal/model"
)

// SAR timing rules, in calendar days.
const (
	// FileDays: a SAR is due no later than 30 calendar days after the
	// initial detection of facts that may constitute a basis for filing
	// (31 CFR 1020.320(b)(3)).
	FileDays = 30
	// FileDaysNoSubject: when no suspect is identified at detection,
	// filing may wait 30 more days to identify one, and never longer than
	// 60 days after detection (31 CFR 1020.320(b)(3)).
	FileDaysNoSubject = 60
	// ContinuingReviewDays and ContinuingFileDays: for continuing
	// activity, FinCEN's SAR FAQ has institutions review the activity 90
	// days after the prior SAR and file the continuing-activity SAR within
	// 120 days of it.
	ContinuingReviewDays = 90
	ContinuingFileDays   = 120
)

// Deadlines are a case's SAR deadlines on a given day. Dates are calendar
// dates in UTC; a deadline passes at the end of its day.
type Deadlines struct {
	// FileBy is the last day to file the SAR; zero for a closed case.
	FileBy model.Date `json:"file_by,omitzero"`
	// Rule says which rule set FileBy.
	Rule string `json:"rule,omitempty"`
	// DaysLeft counts the days from today to FileBy: 0 on the last day,
	// negative once overdue.
	DaysLeft int  `json:"days_left"`
	Overdue  bool `json:"overdue"`
	// ReviewBy is, for continuing activity, the day the review of the
	// activity since the prior SAR is due; ReviewOverdue is set while the
	// case still waits to be reviewed after that day.
	ReviewBy      model.Date `json:"review_by,omitzero"`
	ReviewOverdue bool       `json:"review_overdue,omitempty"`
}

// DeadlinesOf returns a case's deadlines as of now. An open case without a
// prior SAR must be filed on within FileDays of detection (FileDaysNoSubject
// when no subject was identified); a case that follows up a SAR is
// reviewed within ContinuingReviewDays and filed within ContinuingFileDays
// of that SAR. Closed cases have no deadline.
func DeadlinesOf(c model.Case, now time.Time) Deadlines {
	var d Deadlines
	if c.State == model.CaseClosed {
		return d
	}
	today := model.DateOf(now)
	switch {
	case c.PriorSAR != nil:
		prior := model.DateOf(c.PriorSAR.Filed)
		d.ReviewBy = addDays(prior, ContinuingReviewDays)
		d.FileBy = addDays(prior, ContinuingFileDays)
		d.Rule = "continuing activity: review 90 days and file within 120 days after the prior SAR (FinCEN SAR FAQ)"
		d.ReviewOverdue = c.State == model.CaseOpen && today.After(d.ReviewBy.Time)
	case c.SubjectUnknown:
		d.FileBy = addDays(model.DateOf(c.Detected), FileDaysNoSubject)
		d.Rule = "60 calendar days after initial detection, no subject identified (31 CFR 1020.320(b)(3))"
	default:
		d.FileBy = addDays(model.DateOf(c.Detected), FileDays)
		d.Rule = "30 calendar days after initial detection (31 CFR 1020.320(b)(3))"
	}
	d.DaysLeft = int(d.FileBy.Sub(today.Time).Hours() / 24)
	d.Overdue = d.DaysLeft < 0
	return d
}

func addDays(d model.Date, n int) model.Date { return model.Date{Time: d.AddDate(0, 0, n)} }
