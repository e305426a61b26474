package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/centinela-aml/centinela/internal/rules"
)

// What CheckSAR reads of a SARX batch.
type (
	checkBatch struct {
		XMLName                 xml.Name        `xml:"EFilingBatchXML"`
		TotalAmount             string          `xml:"TotalAmount,attr"`
		PartyCount              string          `xml:"PartyCount,attr"`
		ActivityCount           string          `xml:"ActivityCount,attr"`
		ActivityAttachmentCount string          `xml:"ActivityAttachmentCount,attr"`
		AttachmentCount         string          `xml:"AttachmentCount,attr"`
		FormTypeCode            string          `xml:"FormTypeCode"`
		Activity                []checkActivity `xml:"Activity"`
	}
	checkActivity struct {
		Note          *string        `xml:"FilingInstitutionNotetoFinCEN"`
		SupportDoc    []struct{}     `xml:"ActivitySupportDocument"`
		Party         []checkParty   `xml:"Party"`
		Suspicious    checkSuspicion `xml:"SuspiciousActivity"`
		NarrativeInfo []struct {
			Seq  int    `xml:"ActivityNarrativeSequenceNumber"`
			Text string `xml:"ActivityNarrativeText"`
		} `xml:"ActivityNarrativeInformation"`
	}
	checkParty struct {
		Code string `xml:"ActivityPartyTypeCode"`
	}
	checkSuspicion struct {
		Total   string `xml:"TotalSuspiciousAmountText"`
		Classes []struct {
			Type    int `xml:"SuspiciousActivityTypeID"`
			Subtype int `xml:"SuspiciousActivitySubtypeID"`
		} `xml:"SuspiciousActivityClassification"`
	}
)

// CheckSAR checks a SARX batch for the rules FinCEN's schema cannot
// express, which FinCEN's batch validation and SAR XML user guide state:
// the batch attributes agree with the content (ActivityCount, PartyCount
// of subjects, TotalAmount, attachment counts); each SAR has exactly one
// transmitter, transmitter contact, filing institution and contact office,
// and at least one institution where the activity occurred and one
// subject; every SeqNum is a positive number used once; classification
// subtypes belong to their types; the narrative blocks are numbered 1, 2, …
// and hold at most 17,000 characters. Validate the schema itself with
// xmllint (docs/cases.md).
func CheckSAR(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	errs, err := checkSeqNums(data)
	if err != nil {
		return err
	}
	var b checkBatch
	if err := xml.Unmarshal(data, &b); err != nil {
		return fmt.Errorf("%w: not a SARX batch: %v", ErrSAR, err)
	}
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if b.XMLName.Space != FinCENNamespace {
		bad("root element in namespace %q, want %q", b.XMLName.Space, FinCENNamespace)
	}
	if b.FormTypeCode != "SARX" {
		bad("FormTypeCode %q, want SARX", b.FormTypeCode)
	}
	if len(b.Activity) == 0 {
		bad("no Activity")
	}
	var subjects, attachments int
	var total int64
	for i, a := range b.Activity {
		at := fmt.Sprintf("activity %d", i+1)
		count := map[string]int{}
		for _, p := range a.Party {
			count[p.Code]++
		}
		for _, code := range []string{partyTransmitter, partyTransmitterContact, partyFiler, partyContactOffice} {
			if count[code] != 1 {
				bad("%s: %d parties of type %s (%s), want exactly 1", at, count[code], code, partyNames[code])
			}
		}
		for _, code := range []string{partyActivityLocation, partySubject} {
			if count[code] < 1 {
				bad("%s: no party of type %s (%s)", at, code, partyNames[code])
			}
		}
		subjects += count[partySubject]
		attachments += len(a.SupportDoc)
		if a.Suspicious.Total != "" {
			n, err := strconv.ParseInt(a.Suspicious.Total, 10, 64)
			if err != nil || n < 0 {
				bad("%s: TotalSuspiciousAmountText %q: want whole dollars", at, a.Suspicious.Total)
			}
			total += n
		}
		if len(a.Suspicious.Classes) == 0 {
			bad("%s: no SuspiciousActivityClassification", at)
		}
		for _, c := range a.Suspicious.Classes {
			if t := sarSubtypeType(c.Subtype); t != c.Type {
				bad("%s: subtype %d belongs to type %d, not %d", at, c.Subtype, t, c.Type)
			} else if rules.SARDescription(c.Subtype) == "" && c.Subtype%1000 != 999 {
				bad("%s: unknown subtype %d", at, c.Subtype)
			}
		}
		if a.Note != nil && utf8.RuneCountInString(*a.Note) > 50 {
			bad("%s: FilingInstitutionNotetoFinCEN longer than 50 characters", at)
		}
		chars := 0
		for j, n := range a.NarrativeInfo {
			if n.Seq != j+1 {
				bad("%s: narrative block %d numbered %d", at, j+1, n.Seq)
			}
			chars += utf8.RuneCountInString(n.Text)
		}
		if len(a.NarrativeInfo) == 0 {
			bad("%s: no narrative", at)
		}
		if chars > NarrativeLimit {
			bad("%s: narrative of %d characters, the limit is %d", at, chars, NarrativeLimit)
		}
	}
	attr := func(name, got string, want int64) {
		if got != strconv.FormatInt(want, 10) {
			bad("batch %s=%q, the batch holds %d", name, got, want)
		}
	}
	attr("ActivityCount", b.ActivityCount, int64(len(b.Activity)))
	attr("PartyCount", b.PartyCount, int64(subjects))
	attr("TotalAmount", b.TotalAmount, total)
	attr("ActivityAttachmentCount", b.ActivityAttachmentCount, int64(attachments))
	attr("AttachmentCount", b.AttachmentCount, int64(attachments))
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrSAR, errors.Join(errs...))
	}
	return nil
}

var partyNames = map[string]string{
	partyTransmitter: "transmitter", partyTransmitterContact: "transmitter contact", partyFiler: "filing institution",
	partyContactOffice: "contact office", partyActivityLocation: "institution where the activity occurred", partySubject: "subject",
}

// sarSubtypeType returns the SAR type a subtype belongs to: its hundreds
// (114 → 1, 824 → 8, 1005 → 10), or its thousands for "Other" (9999 → 9).
func sarSubtypeType(subtype int) int {
	if subtype%1000 == 999 {
		return subtype / 1000
	}
	return subtype / 100
}

// checkSeqNums reports each SeqNum that is not a positive number or is used
// twice (the schema's Unique-SeqNum, which xmllint checks too); the error
// is for XML that is not well-formed.
func checkSeqNums(data []byte) ([]error, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	seen := map[int64]string{}
	var problems []error
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return problems, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: not well-formed XML: %v", ErrSAR, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local != "SeqNum" {
				continue
			}
			n, err := strconv.ParseInt(a.Value, 10, 64)
			switch prev, dup := seen[n]; {
			case err != nil || n <= 0:
				problems = append(problems, fmt.Errorf("%s SeqNum %q: want a positive number", se.Name.Local, a.Value))
			case dup:
				problems = append(problems, fmt.Errorf("SeqNum %d used by %s and %s", n, prev, se.Name.Local))
			default:
				seen[n] = se.Name.Local
			}
		}
	}
}
