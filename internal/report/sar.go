package report

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/model"
)

// FinCENNamespace is the target namespace of FinCEN's BSA batch schemas.
// Centinela writes it as the default namespace, which is equivalent to the
// "fc2:" prefix of FinCEN's examples.
const FinCENNamespace = "www.fincen.gov/base"

// Narrative limits of the SARX schema: up to five ActivityNarrativeText
// blocks of 4,000 characters, the fifth covering characters 16,001–17,000
// (ValidateActivityNarrativeSequenceNumber).
const (
	narrativeBlock = 4000
	NarrativeLimit = 17000
)

// ErrSAR is wrapped by the errors about a SAR that cannot be built or that
// fails Centinela's checks.
var ErrSAR = errors.New("invalid SAR")

// SARSubject is a subject of a SAR: a party and its accounts involved in
// the activity.
type SARSubject struct {
	Party    model.Party
	Accounts []model.Account
}

// SARCase is what one SAR is drafted from: the case, its subjects (none
// when no subject could be identified), its alerts and their evidence
// transactions.
type SARCase struct {
	Case         model.Case
	Subjects     []SARSubject
	Alerts       []model.Alert
	Transactions []model.Transaction
}

// Filing is one SAR batch: who files, on which date, and one SAR per case.
type Filing struct {
	Filer Filer
	Date  time.Time
	Cases []SARCase
}

// SARActivity is what one SAR of a batch says, in brief.
type SARActivity struct {
	Case      string          `json:"case"`
	Note      string          `json:"note,omitempty"` // FilingInstitutionNotetoFinCEN
	Codes     []model.SARCode `json:"codes"`
	Total     int64           `json:"total_usd"` // whole dollars
	From      string          `json:"from"`      // YYYYMMDD
	To        string          `json:"to,omitempty"`
	Subjects  int             `json:"subjects"`
	Narrative string          `json:"narrative"`
}

// SARSummary is what WriteSAR wrote.
type SARSummary struct {
	Activities  []SARActivity `json:"activities"`
	Subjects    int           `json:"subjects"`
	TotalAmount int64         `json:"total_usd"`
}

// AdvisoryKeyTerm returns the key term FinCEN asks filers to put in the
// note to FinCEN (SAR field 2) and the narrative of a SAR about an
// advisory's activity. FIN-2025-A003 (p. 11): "CMLN-2025-A003".
func AdvisoryKeyTerm(advisory string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(advisory)) {
	case "FIN-2025-A003":
		return "CMLN-2025-A003", true
	}
	return "", false
}

// WriteSAR writes f as a FinCEN SARX batch (EFilingBatchXML, form type
// SARX), one Activity per case. The counts and totals of the batch and
// every SeqNum are computed; the file is checked with CheckSAR before a
// byte is written to w.
func WriteSAR(w io.Writer, f Filing) (SARSummary, error) {
	b, sum, err := buildSAR(f)
	if err != nil {
		return SARSummary{}, err
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(b); err != nil {
		return SARSummary{}, fmt.Errorf("sar: encode: %w", err)
	}
	buf.WriteByte('\n')
	if err := CheckSAR(bytes.NewReader(buf.Bytes())); err != nil {
		return SARSummary{}, err
	}
	_, err = w.Write(buf.Bytes())
	return sum, err
}

// The SARX batch, as encoding/xml writes it. Field order is the schema's
// sequence order; optional elements are omitted when empty.
type (
	xBatch struct {
		XMLName                 xml.Name     `xml:"www.fincen.gov/base EFilingBatchXML"`
		TotalAmount             int64        `xml:"TotalAmount,attr"`
		PartyCount              int          `xml:"PartyCount,attr"`
		ActivityCount           int          `xml:"ActivityCount,attr"`
		ActivityAttachmentCount int          `xml:"ActivityAttachmentCount,attr"`
		AttachmentCount         int          `xml:"AttachmentCount,attr"`
		FormTypeCode            string       `xml:"FormTypeCode"`
		Activity                []*xActivity `xml:"Activity"`
	}
	xActivity struct {
		SeqNum                        int64                `xml:"SeqNum,attr"`
		FilingDateText                string               `xml:"FilingDateText"`
		FilingInstitutionNotetoFinCEN string               `xml:"FilingInstitutionNotetoFinCEN,omitempty"`
		ActivityAssociation           xActivityAssociation `xml:"ActivityAssociation"`
		Party                         []*xParty            `xml:"Party"`
		SuspiciousActivity            xSuspiciousActivity  `xml:"SuspiciousActivity"`
		ActivityNarrativeInformation  []*xNarrative        `xml:"ActivityNarrativeInformation"`
	}
	xActivityAssociation struct {
		SeqNum                            int64  `xml:"SeqNum,attr"`
		ContinuingActivityReportIndicator string `xml:"ContinuingActivityReportIndicator,omitempty"`
		InitialReportIndicator            string `xml:"InitialReportIndicator,omitempty"`
	}
	xParty struct {
		SeqNum                                            int64                     `xml:"SeqNum,attr"`
		ActivityPartyTypeCode                             string                    `xml:"ActivityPartyTypeCode"`
		AllCriticalSubjectInformationUnavailableIndicator string                    `xml:"AllCriticalSubjectInformationUnavailableIndicator,omitempty"`
		BirthDateUnknownIndicator                         string                    `xml:"BirthDateUnknownIndicator,omitempty"`
		IndividualBirthDateText                           string                    `xml:"IndividualBirthDateText,omitempty"`
		NoBranchActivityInvolvedIndicator                 string                    `xml:"NoBranchActivityInvolvedIndicator,omitempty"`
		NoKnownAccountInvolvedIndicator                   string                    `xml:"NoKnownAccountInvolvedIndicator,omitempty"`
		PartyAsEntityOrganizationIndicator                string                    `xml:"PartyAsEntityOrganizationIndicator,omitempty"`
		PrimaryRegulatorTypeCode                          string                    `xml:"PrimaryRegulatorTypeCode,omitempty"`
		UnknownGenderIndicator                            string                    `xml:"UnknownGenderIndicator,omitempty"`
		PartyName                                         []*xPartyName             `xml:"PartyName"`
		Address                                           []*xAddress               `xml:"Address"`
		PhoneNumber                                       []*xPhone                 `xml:"PhoneNumber"`
		PartyIdentification                               []*xPartyIdentification   `xml:"PartyIdentification"`
		OrganizationClassificationTypeSubtype             []*xOrgClass              `xml:"OrganizationClassificationTypeSubtype"`
		PartyOccupationBusiness                           *xOccupation              `xml:"PartyOccupationBusiness"`
		ElectronicAddress                                 []*xElectronicAddress     `xml:"ElectronicAddress"`
		PartyAssociation                                  []*xPartyAssociation      `xml:"PartyAssociation"`
		PartyAccountAssociation                           *xPartyAccountAssociation `xml:"PartyAccountAssociation"`
	}
	xPartyName struct {
		SeqNum                      int64  `xml:"SeqNum,attr"`
		PartyNameTypeCode           string `xml:"PartyNameTypeCode"`
		RawEntityIndividualLastName string `xml:"RawEntityIndividualLastName,omitempty"`
		RawIndividualFirstName      string `xml:"RawIndividualFirstName,omitempty"`
		RawPartyFullName            string `xml:"RawPartyFullName,omitempty"`
	}
	xAddress struct {
		SeqNum                        int64  `xml:"SeqNum,attr"`
		CityUnknownIndicator          string `xml:"CityUnknownIndicator,omitempty"`
		CountryCodeUnknownIndicator   string `xml:"CountryCodeUnknownIndicator,omitempty"`
		RawCityText                   string `xml:"RawCityText,omitempty"`
		RawCountryCodeText            string `xml:"RawCountryCodeText,omitempty"`
		RawStateCodeText              string `xml:"RawStateCodeText,omitempty"`
		RawStreetAddress1Text         string `xml:"RawStreetAddress1Text,omitempty"`
		RawZIPCode                    string `xml:"RawZIPCode,omitempty"`
		StateCodeUnknownIndicator     string `xml:"StateCodeUnknownIndicator,omitempty"`
		StreetAddressUnknownIndicator string `xml:"StreetAddressUnknownIndicator,omitempty"`
		ZIPCodeUnknownIndicator       string `xml:"ZIPCodeUnknownIndicator,omitempty"`
	}
	xPhone struct {
		SeqNum                   int64  `xml:"SeqNum,attr"`
		PhoneNumberExtensionText string `xml:"PhoneNumberExtensionText,omitempty"`
		PhoneNumberText          string `xml:"PhoneNumberText,omitempty"`
	}
	xPartyIdentification struct {
		SeqNum                           int64  `xml:"SeqNum,attr"`
		OtherIssuerCountryText           string `xml:"OtherIssuerCountryText,omitempty"`
		OtherPartyIdentificationTypeText string `xml:"OtherPartyIdentificationTypeText,omitempty"`
		PartyIdentificationNumberText    string `xml:"PartyIdentificationNumberText,omitempty"`
		PartyIdentificationTypeCode      string `xml:"PartyIdentificationTypeCode,omitempty"`
		TINUnknownIndicator              string `xml:"TINUnknownIndicator,omitempty"`
	}
	xOrgClass struct {
		SeqNum                    int64  `xml:"SeqNum,attr"`
		OrganizationTypeID        int    `xml:"OrganizationTypeID"`
		OtherOrganizationTypeText string `xml:"OtherOrganizationTypeText,omitempty"`
	}
	xOccupation struct {
		SeqNum                 int64  `xml:"SeqNum,attr"`
		NAICSCode              string `xml:"NAICSCode,omitempty"`
		OccupationBusinessText string `xml:"OccupationBusinessText,omitempty"`
	}
	xElectronicAddress struct {
		SeqNum                    int64  `xml:"SeqNum,attr"`
		ElectronicAddressText     string `xml:"ElectronicAddressText"`
		ElectronicAddressTypeCode string `xml:"ElectronicAddressTypeCode"`
	}
	xPartyAssociation struct {
		SeqNum                                         int64           `xml:"SeqNum,attr"`
		CustomerIndicator                              string          `xml:"CustomerIndicator,omitempty"`
		SubjectRelationshipFinancialInstitutionTINText string          `xml:"SubjectRelationshipFinancialInstitutionTINText,omitempty"`
		Party                                          []*xBranchParty `xml:"Party"`
	}
	xBranchParty struct {
		SeqNum                int64                 `xml:"SeqNum,attr"`
		ActivityPartyTypeCode string                `xml:"ActivityPartyTypeCode"`
		Address               xAddress              `xml:"Address"`
		PartyIdentification   *xPartyIdentification `xml:"PartyIdentification"`
	}
	xPartyAccountAssociation struct {
		SeqNum                          int64            `xml:"SeqNum,attr"`
		PartyAccountAssociationTypeCode string           `xml:"PartyAccountAssociationTypeCode"`
		Party                           []*xAccountParty `xml:"Party"`
	}
	xAccountParty struct {
		SeqNum                int64                 `xml:"SeqNum,attr"`
		ActivityPartyTypeCode string                `xml:"ActivityPartyTypeCode"`
		PartyIdentification   *xPartyIdentification `xml:"PartyIdentification"`
		Account               []*xAccount           `xml:"Account"`
	}
	xAccount struct {
		SeqNum                  int64               `xml:"SeqNum,attr"`
		AccountNumberText       string              `xml:"AccountNumberText"`
		PartyAccountAssociation xAccountAssociation `xml:"PartyAccountAssociation"`
	}
	xAccountAssociation struct {
		SeqNum                          int64  `xml:"SeqNum,attr"`
		AccountClosedIndicator          string `xml:"AccountClosedIndicator,omitempty"`
		PartyAccountAssociationTypeCode string `xml:"PartyAccountAssociationTypeCode"`
	}
	xSuspiciousActivity struct {
		SeqNum                           int64              `xml:"SeqNum,attr"`
		NoAmountInvolvedIndicator        string             `xml:"NoAmountInvolvedIndicator,omitempty"`
		SuspiciousActivityFromDateText   string             `xml:"SuspiciousActivityFromDateText"`
		SuspiciousActivityToDateText     string             `xml:"SuspiciousActivityToDateText,omitempty"`
		TotalSuspiciousAmountText        string             `xml:"TotalSuspiciousAmountText,omitempty"`
		SuspiciousActivityClassification []*xClassification `xml:"SuspiciousActivityClassification"`
	}
	xClassification struct {
		SeqNum                          int64  `xml:"SeqNum,attr"`
		OtherSuspiciousActivityTypeText string `xml:"OtherSuspiciousActivityTypeText,omitempty"`
		SuspiciousActivitySubtypeID     int    `xml:"SuspiciousActivitySubtypeID"`
		SuspiciousActivityTypeID        int    `xml:"SuspiciousActivityTypeID"`
	}
	xNarrative struct {
		SeqNum                          int64  `xml:"SeqNum,attr"`
		ActivityNarrativeSequenceNumber int    `xml:"ActivityNarrativeSequenceNumber"`
		ActivityNarrativeText           string `xml:"ActivityNarrativeText"`
	}
)

// SAR activity party type codes (ValidateActivityPartyCodeType).
const (
	partyTransmitter        = "35"
	partyTransmitterContact = "37"
	partyFiler              = "30"
	partyContactOffice      = "8"
	partyActivityLocation   = "34"
	partySubject            = "33"
	partyBranch             = "46"
	partyAccountInstitution = "41"
)

const yes = "Y"

// buildSAR turns a filing into the batch to encode.
func buildSAR(f Filing) (*xBatch, SARSummary, error) {
	if err := f.Filer.Validate(); err != nil {
		return nil, SARSummary{}, err
	}
	if len(f.Cases) == 0 {
		return nil, SARSummary{}, fmt.Errorf("%w: no case to report", ErrSAR)
	}
	if f.Date.IsZero() {
		return nil, SARSummary{}, fmt.Errorf("%w: no filing date", ErrSAR)
	}
	b := &xBatch{FormTypeCode: "SARX"}
	var sum SARSummary
	for _, c := range f.Cases {
		act, a, err := buildActivity(f.Filer, f.Date, c)
		if err != nil {
			return nil, SARSummary{}, fmt.Errorf("case %s: %w", c.Case.ID, err)
		}
		b.Activity = append(b.Activity, act)
		sum.Activities = append(sum.Activities, a)
	}
	// The batch attributes, computed from what the batch holds (FinCEN
	// SAR XML user guide: PartyCount counts the subject parties, code 33;
	// TotalAmount sums TotalSuspiciousAmountText).
	for _, act := range b.Activity {
		b.ActivityCount++
		for _, p := range act.Party {
			if p.ActivityPartyTypeCode == partySubject {
				b.PartyCount++
			}
		}
		if t := act.SuspiciousActivity.TotalSuspiciousAmountText; t != "" {
			n, err := strconv.ParseInt(t, 10, 64)
			if err != nil {
				return nil, SARSummary{}, fmt.Errorf("%w: total %q: %v", ErrSAR, t, err)
			}
			b.TotalAmount += n
		}
	}
	sum.Subjects, sum.TotalAmount = b.PartyCount, b.TotalAmount
	numberSeq(b)
	return b, sum, nil
}

// numberSeq gives every element with a SeqNum attribute its number, 1, 2,
// 3, … in document order, so that they are unique in the batch (the
// schema's Unique-SeqNum constraint).
func numberSeq(b *xBatch) {
	var next int64
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if f := v.FieldByName("SeqNum"); f.IsValid() && f.Kind() == reflect.Int64 {
				next++
				f.SetInt(next)
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(b))
}

// buildActivity builds one SAR.
func buildActivity(f Filer, filed time.Time, c SARCase) (*xActivity, SARActivity, error) {
	act := &xActivity{FilingDateText: yyyymmdd(filed)}
	summary := SARActivity{Case: c.Case.ID}

	terms := keyTerms(c.Alerts)
	act.FilingInstitutionNotetoFinCEN = clean(strings.Join(terms, " "), 50)
	summary.Note = act.FilingInstitutionNotetoFinCEN
	if c.Case.PriorSAR != nil {
		act.ActivityAssociation.ContinuingActivityReportIndicator = yes
	} else {
		act.ActivityAssociation.InitialReportIndicator = yes
	}

	where := f.Institution
	if f.ActivityInstitution != nil {
		where = *f.ActivityInstitution
	}
	act.Party = append(act.Party,
		transmitterParty(f),
		&xParty{ActivityPartyTypeCode: partyTransmitterContact, PartyName: []*xPartyName{fullName("L", f.TransmitterContact)}},
		filerParty(f.Institution, c.Case.ID),
		contactParty(f.ContactOffice),
		locationParty(where, f.Branches, c.Transactions),
	)
	if len(c.Subjects) == 0 {
		// No subject could be identified: the schema still wants a subject
		// party, marked as having no critical information.
		act.Party = append(act.Party, &xParty{ActivityPartyTypeCode: partySubject, AllCriticalSubjectInformationUnavailableIndicator: yes})
	}
	for _, s := range c.Subjects {
		act.Party = append(act.Party, subjectParty(s, f.Institution))
	}
	summary.Subjects = max(len(c.Subjects), 1)

	facts := activityFacts(c)
	sa := &act.SuspiciousActivity
	if facts.from.IsZero() {
		facts.from = c.Case.Detected
	}
	sa.SuspiciousActivityFromDateText = yyyymmdd(facts.from)
	if !facts.to.IsZero() && yyyymmdd(facts.to) != sa.SuspiciousActivityFromDateText {
		sa.SuspiciousActivityToDateText = yyyymmdd(facts.to)
	}
	if facts.usdCount == 0 {
		sa.NoAmountInvolvedIndicator = yes
	} else {
		summary.Total = int64(math.Ceil(facts.usd - 1e-9))
		sa.TotalSuspiciousAmountText = fmt.Sprint(summary.Total)
	}
	summary.From, summary.To = sa.SuspiciousActivityFromDateText, sa.SuspiciousActivityToDateText

	summary.Codes = sarCodes(c.Alerts)
	for _, code := range summary.Codes {
		sa.SuspiciousActivityClassification = append(sa.SuspiciousActivityClassification,
			&xClassification{SuspiciousActivityTypeID: code.Type, SuspiciousActivitySubtypeID: code.Subtype})
	}
	if len(summary.Codes) == 0 {
		// No rule named a code: "Other suspicious activities — Other",
		// with the typologies as the description.
		var typ []string
		for _, a := range c.Alerts {
			if !slices.Contains(typ, string(a.Typology)) {
				typ = append(typ, string(a.Typology))
			}
		}
		sa.SuspiciousActivityClassification = append(sa.SuspiciousActivityClassification, &xClassification{
			OtherSuspiciousActivityTypeText: clean(cmp.Or(strings.Join(typ, ", "), "see narrative"), 50),
			SuspiciousActivityTypeID:        9, SuspiciousActivitySubtypeID: 9999,
		})
		summary.Codes = []model.SARCode{{Type: 9, Subtype: 9999}}
	}

	summary.Narrative = DraftNarrative(f, c, filed)
	for i, block := range splitNarrative(summary.Narrative) {
		act.ActivityNarrativeInformation = append(act.ActivityNarrativeInformation,
			&xNarrative{ActivityNarrativeSequenceNumber: i + 1, ActivityNarrativeText: block})
	}
	return act, summary, nil
}

// keyTerms returns the key terms of the advisories the alerts' rules
// implement, in first-seen order.
func keyTerms(alerts []model.Alert) []string {
	var out []string
	for _, a := range alerts {
		for _, adv := range a.Advisories {
			if t, ok := AdvisoryKeyTerm(adv); ok && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// sarCodes returns the alerts' SAR codes, each subtype once (the schema's
// Unique-SuspiciousActivitySubtypeID), ordered by type and subtype.
func sarCodes(alerts []model.Alert) []model.SARCode {
	var out []model.SARCode
	for _, a := range alerts {
		for _, c := range a.SAR {
			if !slices.ContainsFunc(out, func(o model.SARCode) bool { return o.Subtype == c.Subtype }) {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b model.SARCode) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Subtype, b.Subtype))
	})
	return out
}

func transmitterParty(f Filer) *xParty {
	t := f.Transmitter
	p := &xParty{ActivityPartyTypeCode: partyTransmitter,
		PartyName:   []*xPartyName{fullName("L", t.Name)},
		Address:     []*xAddress{address(t.Address)},
		PhoneNumber: []*xPhone{{PhoneNumberText: clean(digitsOnly(t.Phone), 16)}},
		PartyIdentification: []*xPartyIdentification{
			{PartyIdentificationNumberText: clean(digitsOnly(t.TIN), 25), PartyIdentificationTypeCode: "4"},
			{PartyIdentificationNumberText: clean(t.TCC, 25), PartyIdentificationTypeCode: "28"},
		},
	}
	return p
}

func filerParty(in Institution, caseID string) *xParty {
	p := institutionParty(partyFiler, in)
	// The case ID as the filing institution's internal control/file number.
	p.PartyIdentification = append(p.PartyIdentification, &xPartyIdentification{
		PartyIdentificationNumberText: clean(caseID, 25), PartyIdentificationTypeCode: "29"})
	return p
}

func institutionParty(code string, in Institution) *xParty {
	p := &xParty{ActivityPartyTypeCode: code, PrimaryRegulatorTypeCode: regulatorCodes[strings.ToUpper(in.Regulator)],
		PartyName: []*xPartyName{fullName("L", in.Name)},
		Address:   []*xAddress{address(in.Address)},
		PartyIdentification: []*xPartyIdentification{
			{PartyIdentificationNumberText: clean(digitsOnly(in.TIN), 25), PartyIdentificationTypeCode: "2"}},
	}
	if in.DBA != "" {
		p.PartyName = append(p.PartyName, fullName("DBA", in.DBA))
	}
	if in.RSSD != "" {
		p.PartyIdentification = append(p.PartyIdentification, &xPartyIdentification{
			PartyIdentificationNumberText: clean(in.RSSD, 25), PartyIdentificationTypeCode: "14"})
	}
	oc := &xOrgClass{OrganizationTypeID: institutionTypes[in.Type]}
	if oc.OrganizationTypeID == 999 {
		oc.OtherOrganizationTypeText = "Other financial institution"
	}
	p.OrganizationClassificationTypeSubtype = []*xOrgClass{oc}
	return p
}

func contactParty(c ContactOffice) *xParty {
	return &xParty{ActivityPartyTypeCode: partyContactOffice,
		PartyName:   []*xPartyName{fullName("L", c.Name)},
		PhoneNumber: []*xPhone{{PhoneNumberExtensionText: clean(digitsOnly(c.PhoneExt), 6), PhoneNumberText: clean(digitsOnly(c.Phone), 16)}},
	}
}

// locationParty is the institution where the activity occurred, with the
// branches of the evidence that the filer configuration describes.
func locationParty(in Institution, branches map[string]Branch, txs []model.Transaction) *xParty {
	p := institutionParty(partyActivityLocation, in)
	var ids []string
	for _, t := range txs {
		if t.Branch != "" && !slices.Contains(ids, t.Branch) {
			ids = append(ids, t.Branch)
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		p.NoBranchActivityInvolvedIndicator = yes
		return p
	}
	assoc := &xPartyAssociation{}
	for _, id := range ids {
		b, ok := branches[id]
		if !ok {
			continue // named in the narrative
		}
		bp := &xBranchParty{ActivityPartyTypeCode: partyBranch, Address: *address(b.Address)}
		if b.RSSD != "" {
			bp.PartyIdentification = &xPartyIdentification{PartyIdentificationNumberText: clean(b.RSSD, 25), PartyIdentificationTypeCode: "14"}
		}
		assoc.Party = append(assoc.Party, bp)
		if len(assoc.Party) == 99 { // the schema's maximum
			break
		}
	}
	if len(assoc.Party) > 0 {
		p.PartyAssociation = []*xPartyAssociation{assoc}
	}
	return p
}

// subjectParty maps a party and its accounts to a SAR subject.
func subjectParty(s SARSubject, filer Institution) *xParty {
	pt := s.Party
	p := &xParty{ActivityPartyTypeCode: partySubject}
	person := pt.Kind != model.Organization
	if person {
		if y := pt.BirthDate.Year(); !pt.BirthDate.IsZero() && y >= 1900 && y <= 2099 {
			p.IndividualBirthDateText = yyyymmdd(pt.BirthDate.Time)
		} else {
			p.BirthDateUnknownIndicator = yes
		}
		p.UnknownGenderIndicator = yes // the KYC data model records no gender
	} else {
		p.PartyAsEntityOrganizationIndicator = yes
	}

	primary := true
	for _, n := range pt.Names {
		if n.Script != "" && n.Script != model.ScriptLatin {
			continue // named in the narrative; the form's name fields are for Latin script
		}
		if primary {
			p.PartyName = append(p.PartyName, legalName(n, person))
			primary = false
			continue
		}
		if len(p.PartyName) < 100 {
			p.PartyName = append(p.PartyName, fullName("AKA", n.Full))
		}
	}
	if primary {
		// No Latin-script name: the legal name, whatever its script.
		if name := pt.PrimaryName(); name != "" {
			p.PartyName = append(p.PartyName, legalName(model.Name{Full: name}, person))
		}
	}

	if pt.Address.IsZero() {
		p.Address = []*xAddress{{CityUnknownIndicator: yes, CountryCodeUnknownIndicator: yes, StateCodeUnknownIndicator: yes,
			StreetAddressUnknownIndicator: yes, ZIPCodeUnknownIndicator: yes}}
	} else {
		a := pt.Address
		p.Address = []*xAddress{address(Address{Street: a.Line, City: a.City, State: a.Region, ZIP: a.PostalCode, Country: a.Country})}
	}
	for _, ph := range pt.Phones {
		if d := digitsOnly(ph); d != "" && len(p.PhoneNumber) < 99 {
			p.PhoneNumber = append(p.PhoneNumber, &xPhone{PhoneNumberText: clean(d, 16)})
		}
	}
	p.PartyIdentification = identifications(pt, person)
	if occ := clean(pt.Occupation, 50); occ != "" || pt.NAICS != "" {
		p.PartyOccupationBusiness = &xOccupation{OccupationBusinessText: occ, NAICSCode: clean(pt.NAICS, 6)}
	}
	for _, e := range pt.Emails {
		if e = clean(e, 517); e != "" && len(p.ElectronicAddress) < 198 {
			p.ElectronicAddress = append(p.ElectronicAddress, &xElectronicAddress{ElectronicAddressText: e, ElectronicAddressTypeCode: "E"})
		}
	}

	var ours []*xAccount
	for _, a := range s.Accounts {
		if filer.ID != "" && a.Institution != "" && a.Institution != filer.ID {
			continue // held elsewhere: named in the narrative
		}
		acc := &xAccount{AccountNumberText: clean(a.ID, 40), PartyAccountAssociation: xAccountAssociation{PartyAccountAssociationTypeCode: "5"}}
		if !a.Closed.IsZero() {
			acc.PartyAccountAssociation.AccountClosedIndicator = yes
		}
		if len(ours) < 99 {
			ours = append(ours, acc)
		}
	}
	if len(ours) > 0 {
		p.PartyAssociation = []*xPartyAssociation{{CustomerIndicator: yes,
			SubjectRelationshipFinancialInstitutionTINText: clean(digitsOnly(filer.TIN), 25)}}
		p.PartyAccountAssociation = &xPartyAccountAssociation{PartyAccountAssociationTypeCode: "7",
			Party: []*xAccountParty{{ActivityPartyTypeCode: partyAccountInstitution,
				PartyIdentification: &xPartyIdentification{PartyIdentificationNumberText: clean(digitsOnly(filer.TIN), 25), PartyIdentificationTypeCode: "4"},
				Account:             ours}}}
	} else {
		p.NoKnownAccountInvolvedIndicator = yes
	}
	return p
}

// legalName is a subject's legal name: an individual's last and first
// names, or an entity's name.
func legalName(n model.Name, person bool) *xPartyName {
	pn := &xPartyName{PartyNameTypeCode: "L"}
	if !person {
		pn.RawEntityIndividualLastName = clean(n.Full, 150)
		return pn
	}
	family, given := n.Family, n.Given
	if family == "" && given == "" {
		// Not split by the source: the last word as the family name.
		words := strings.Fields(n.Full)
		if len(words) > 0 {
			family = words[len(words)-1]
			given = strings.Join(words[:len(words)-1], " ")
		}
	}
	pn.RawEntityIndividualLastName = clean(family, 150)
	pn.RawIndividualFirstName = clean(given, 35)
	return pn
}

// identifications maps identity documents to SAR identification types
// (ValidatePartyIdentificationCodeType). A subject without a tax ID gets
// the "TIN unknown" indicator.
func identifications(pt model.Party, person bool) []*xPartyIdentification {
	var out []*xPartyIdentification
	hasTIN := false
	for _, d := range pt.Documents {
		id := &xPartyIdentification{PartyIdentificationNumberText: clean(d.Number, 25)}
		if id.PartyIdentificationNumberText == "" {
			continue
		}
		foreign := d.Country != "" && d.Country != "US"
		switch d.Type {
		case model.DocTaxID:
			hasTIN = true
			switch {
			case foreign:
				id.PartyIdentificationTypeCode, id.OtherIssuerCountryText = "9", d.Country
			case person:
				id.PartyIdentificationTypeCode = "1" // SSN/ITIN
			default:
				id.PartyIdentificationTypeCode = "2" // EIN
			}
		case model.DocRFC:
			hasTIN = true
			id.PartyIdentificationTypeCode, id.OtherIssuerCountryText = "9", cmp.Or(d.Country, "MX")
		case model.DocPassport:
			id.PartyIdentificationTypeCode, id.OtherIssuerCountryText = "6", d.Country
		case model.DocDriversLicense:
			id.PartyIdentificationTypeCode, id.OtherIssuerCountryText = "5", d.Country
		case model.DocResidence:
			if d.Country == "" || d.Country == "US" {
				id.PartyIdentificationTypeCode = "7" // alien registration
			} else {
				id.PartyIdentificationTypeCode, id.OtherIssuerCountryText, id.OtherPartyIdentificationTypeText = "999", d.Country, "Residence permit"
			}
		default:
			id.PartyIdentificationTypeCode, id.OtherIssuerCountryText = "999", d.Country
			id.OtherPartyIdentificationTypeText = clean(otherIDName(d), 50)
		}
		if len(id.OtherIssuerCountryText) != 2 {
			id.OtherIssuerCountryText = ""
		}
		if len(out) < 99 {
			out = append(out, id)
		}
	}
	if !hasTIN {
		out = append(out, &xPartyIdentification{TINUnknownIndicator: yes})
	}
	return out
}

func otherIDName(d model.IDDocument) string {
	switch d.Type {
	case model.DocNationalID:
		return "National ID"
	case model.DocCURP:
		return "CURP (Mexico)"
	case model.DocVisa:
		return strings.TrimSpace("Visa " + d.Class)
	}
	return "Other ID"
}

func fullName(code, name string) *xPartyName {
	return &xPartyName{PartyNameTypeCode: code, RawPartyFullName: clean(name, 150)}
}

func address(a Address) *xAddress {
	x := &xAddress{RawStreetAddress1Text: clean(a.Street, 100), RawCityText: clean(a.City, 50),
		RawCountryCodeText: clean(strings.ToUpper(a.Country), 2), RawZIPCode: clean(zipCode(a.ZIP), 9)}
	// States are recorded for the United States, Canada and Mexico.
	switch x.RawCountryCodeText {
	case "US", "CA", "MX", "":
		x.RawStateCodeText = clean(strings.ToUpper(a.State), 3)
	}
	return x
}

func zipCode(z string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, z)
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// clean makes s fit the schema's restricted strings: words separated by
// single spaces (no tabs, line breaks or spaces at either end, the pattern
// "\S+( +\S+)*"), cut to at most max characters.
func clean(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if isXSDSpace(r) {
			return ' '
		}
		if r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError {
			return -1 // not allowed in XML 1.0
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return strings.TrimRight(s, " ")
}

// isXSDSpace reports the characters XML Schema's \s matches.
func isXSDSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func yyyymmdd(t time.Time) string { return t.UTC().Format("20060102") }
