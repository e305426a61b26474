package report_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/report"
	"github.com/centinela-aml/centinela/internal/report/schematest"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

// node is any XML element, for reading generated files back in tests.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func parse(t *testing.T, data []byte) node {
	t.Helper()
	var n node
	require.NoError(t, xml.Unmarshal(data, &n))
	return n
}

// all returns the children named name.
func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Children {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
	}
	return out
}

// get follows a path of first children named so; the zero node when absent.
func (n node) get(path ...string) node {
	for _, p := range path {
		c := n.all(p)
		if len(c) == 0 {
			return node{}
		}
		n = c[0]
	}
	return n
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// parties returns an activity's parties of one type code.
func (n node) parties(code string) []node {
	var out []node
	for _, p := range n.all("Party") {
		if p.get("ActivityPartyTypeCode").Text == code {
			out = append(out, p)
		}
	}
	return out
}

// writeSAR writes f to a file in a temporary folder and returns its path
// and content.
func writeSAR(t *testing.T, f report.Filing) (string, []byte, report.SARSummary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := report.WriteSAR(&buf, f)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "sar.xml")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path, buf.Bytes(), sum
}

func TestWriteSARValidatesAgainstTheSchema(t *testing.T) {
	path, data, sum := writeSAR(t, demoFiling(muleCase(), unknownCase(), sanctionsCase()))
	schematest.ValidateSARX(t, path)
	require.NoError(t, report.CheckSAR(bytes.NewReader(data)))

	root := parse(t, data)
	require.Equal(t, report.FinCENNamespace, root.XMLName.Space)
	require.Equal(t, "SARX", root.get("FormTypeCode").Text)
	require.Equal(t, "3", root.attr("ActivityCount"))
	require.Equal(t, "3", root.attr("PartyCount"), "one subject per SAR, the unknown one included")
	// $9,500 + $9,200 + $8,800 + $25,000 + $50,000 (the MXN wire is not in dollars),
	// plus $4,000.50 rounded up to whole dollars for the second SAR.
	require.Equal(t, "102500", root.get("Activity", "SuspiciousActivity", "TotalSuspiciousAmountText").Text)
	require.Equal(t, "106501", root.attr("TotalAmount"))
	require.Equal(t, int64(106501), sum.TotalAmount)
	require.Equal(t, "0", root.attr("AttachmentCount"))

	acts := root.all("Activity")
	require.Len(t, acts, 3)
	require.Equal(t, "CMLN-2025-A003", acts[0].get("FilingInstitutionNotetoFinCEN").Text, "an advisory rule raised an alert")
	require.Empty(t, acts[1].all("FilingInstitutionNotetoFinCEN"), "no advisory rule: no note")
	require.Equal(t, "20250620", acts[0].get("FilingDateText").Text)
	require.Equal(t, "Y", acts[0].get("ActivityAssociation", "InitialReportIndicator").Text)
	require.Equal(t, "Y", acts[1].get("ActivityAssociation", "ContinuingActivityReportIndicator").Text, "C-000008 follows a prior SAR")

	var codes []string
	for _, c := range acts[0].get("SuspiciousActivity").all("SuspiciousActivityClassification") {
		codes = append(codes, c.get("SuspiciousActivityTypeID").Text+"/"+c.get("SuspiciousActivitySubtypeID").Text)
	}
	require.Equal(t, []string{"1/114", "8/824", "9/909", "9/910", "9/928"}, codes, "each subtype once, from both alerts")
	require.Equal(t, "20250407", acts[0].get("SuspiciousActivity", "SuspiciousActivityFromDateText").Text)
	require.Equal(t, "20250411", acts[0].get("SuspiciousActivity", "SuspiciousActivityToDateText").Text)
	other := acts[2].get("SuspiciousActivity", "SuspiciousActivityClassification")
	require.Equal(t, "9999", other.get("SuspiciousActivitySubtypeID").Text, "no code from the rules: Other")
	require.Equal(t, "SANCTIONS", other.get("OtherSuspiciousActivityTypeText").Text)
	require.Equal(t, "Y", acts[2].get("SuspiciousActivity", "NoAmountInvolvedIndicator").Text)

	for i, a := range acts {
		for _, code := range []string{"35", "37", "30", "8", "34"} {
			require.Len(t, a.parties(code), 1, "activity %d party %s", i, code)
		}
	}
	require.Equal(t, "C-000007", acts[0].parties("30")[0].all("PartyIdentification")[2].get("PartyIdentificationNumberText").Text,
		"the case ID is the filer's internal control number")
	require.Equal(t, "Y", acts[1].parties("33")[0].get("AllCriticalSubjectInformationUnavailableIndicator").Text)

	// The branches of the evidence that the filer describes are listed.
	loc := acts[0].parties("34")[0]
	var cities []string
	for _, b := range loc.get("PartyAssociation").all("Party") {
		cities = append(cities, b.get("Address", "RawCityText").Text)
	}
	require.Equal(t, []string{"Alhambra", "San Gabriel"}, cities, "BR-130 is not in the filer configuration")
	require.Equal(t, "Y", acts[2].parties("34")[0].get("NoBranchActivityInvolvedIndicator").Text)

	// The narrative opens with the key term and carries the evidence.
	n := sum.Activities[0].Narrative
	require.True(t, strings.HasPrefix(n, "CMLN-2025-A003: Pacific Frontera Bank is filing this suspicious activity report about Wei Zhang"), n)
	for _, want := range []string{
		"funnel account", "between 2025-04-07 and 2025-04-11", "$102,500.00", "passport E12345678 issued by CN",
		"visa F-1", "declared annual income $12,000.00", "BR-117", "Golden River Trading Ltd", "MXN 100,000.00",
		"repayment of a loan", "FIN-2025-A003", "C-000007", "31 CFR 1020.320(d)",
	} {
		require.Contains(t, n, want)
	}
	var text strings.Builder
	for _, b := range acts[0].all("ActivityNarrativeInformation") {
		text.WriteString(b.get("ActivityNarrativeText").Text)
	}
	require.Equal(t, n, text.String(), "the narrative in the file is the drafted one")
	require.Contains(t, sum.Activities[1].Narrative, "continues the SAR filed on 2025-02-01 (BSA ID 31000123456789)")
}

func TestSARSubjectFields(t *testing.T) {
	_, data, _ := writeSAR(t, demoFiling(muleCase(), sanctionsCase()))
	acts := parse(t, data).all("Activity")
	s := acts[0].parties("33")[0]
	require.Equal(t, "20010409", s.get("IndividualBirthDateText").Text)
	require.Equal(t, "Y", s.get("UnknownGenderIndicator").Text)
	names := s.all("PartyName")
	require.Len(t, names, 2, "the Han-script alias is left to the narrative")
	require.Equal(t, "L", names[0].get("PartyNameTypeCode").Text)
	require.Equal(t, "Zhang", names[0].get("RawEntityIndividualLastName").Text)
	require.Equal(t, "Wei", names[0].get("RawIndividualFirstName").Text)
	require.Equal(t, "AKA", names[1].get("PartyNameTypeCode").Text)
	require.Equal(t, "David Zhang", names[1].get("RawPartyFullName").Text)
	require.Equal(t, "91801", s.get("Address", "RawZIPCode").Text)
	require.Equal(t, "CA", s.get("Address", "RawStateCodeText").Text)
	require.Equal(t, "16265550147", s.get("PhoneNumber", "PhoneNumberText").Text)
	require.Equal(t, "Student", s.get("PartyOccupationBusiness", "OccupationBusinessText").Text)
	require.Equal(t, "wei.zhang@example.com", s.get("ElectronicAddress", "ElectronicAddressText").Text)

	type id struct{ typ, number, country, other, tinUnknown string }
	var ids []id
	for _, p := range s.all("PartyIdentification") {
		ids = append(ids, id{p.get("PartyIdentificationTypeCode").Text, p.get("PartyIdentificationNumberText").Text,
			p.get("OtherIssuerCountryText").Text, p.get("OtherPartyIdentificationTypeText").Text, p.get("TINUnknownIndicator").Text})
	}
	require.Equal(t, []id{
		{"6", "E12345678", "CN", "", ""},
		{"999", "B7654321", "US", "Visa F-1", ""},
		{"", "", "", "", "Y"},
	}, ids, "passport with its issuing country; the visa as another ID; no TIN on file")

	accts := s.get("PartyAccountAssociation", "Party").all("Account")
	require.Len(t, accts, 1, "the account at the Chinese bank is not the filer's")
	require.Equal(t, "A-100417", accts[0].get("AccountNumberText").Text)
	require.Equal(t, "7", s.get("PartyAccountAssociation", "PartyAccountAssociationTypeCode").Text)
	require.Equal(t, "Y", s.get("PartyAssociation", "CustomerIndicator").Text)

	org := acts[1].parties("33")[0]
	require.Equal(t, "Y", org.get("PartyAsEntityOrganizationIndicator").Text)
	require.Equal(t, "Hua Xin Import Export Co., Ltd.", org.get("PartyName", "RawEntityIndividualLastName").Text)
	require.Equal(t, "2", org.get("PartyIdentification", "PartyIdentificationTypeCode").Text, "a US business's tax ID is an EIN")
	require.Equal(t, "Y", org.get("Address", "StreetAddressUnknownIndicator").Text)
	require.Equal(t, "Y", org.get("NoKnownAccountInvolvedIndicator").Text)
	require.Equal(t, "423690", org.get("PartyOccupationBusiness", "NAICSCode").Text)
}

func TestSARNarrativeStaysWithinTheLimit(t *testing.T) {
	path, data, sum := writeSAR(t, demoFiling(bigCase(3000)))
	schematest.ValidateSARX(t, path)
	n := sum.Activities[0].Narrative
	require.LessOrEqual(t, utf8.RuneCountInString(n), report.NarrativeLimit)
	require.Contains(t, n, "more transactions are listed in case C-000007")
	require.True(t, strings.HasSuffix(n, "Contact: BSA/AML Compliance Office, 2135550199."), "the closing paragraph survives the cut")
	blocks := parse(t, data).get("Activity").all("ActivityNarrativeInformation")
	require.Len(t, blocks, 5)
	for i, b := range blocks {
		require.Equal(t, string(rune('1'+i)), b.get("ActivityNarrativeSequenceNumber").Text)
		require.LessOrEqual(t, utf8.RuneCountInString(b.get("ActivityNarrativeText").Text), 4000)
	}
}

func TestWriteSARRefuses(t *testing.T) {
	noTIN := demoFiling(muleCase())
	noTIN.Filer.Institution.TIN = ""
	for name, tc := range map[string]struct {
		f    report.Filing
		want error
	}{
		"no case":           {report.Filing{Filer: report.DemoFiler(), Date: filed}, report.ErrSAR},
		"no filing date":    {report.Filing{Filer: report.DemoFiler(), Cases: []report.SARCase{muleCase()}}, report.ErrSAR},
		"filer lacks a TIN": {noTIN, report.ErrFiler},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := report.WriteSAR(&buf, tc.f)
			require.ErrorIs(t, err, tc.want)
			require.Zero(t, buf.Len(), "nothing is written")
		})
	}
}

func TestCheckSARFindsWhatTheSchemaCannot(t *testing.T) {
	_, good, _ := writeSAR(t, demoFiling(muleCase(), sanctionsCase()))
	doc := string(good)
	for _, tc := range []struct {
		name      string
		from, to  string
		wantError string
	}{
		{"party count", `PartyCount="2"`, `PartyCount="3"`, `PartyCount="3", the batch holds 2`},
		{"total", `TotalAmount="102500"`, `TotalAmount="100"`, `TotalAmount="100", the batch holds 102500`},
		{"activity count", `ActivityCount="2"`, `ActivityCount="1"`, `ActivityCount="1", the batch holds 2`},
		{"SeqNum used twice", `<ActivityAssociation SeqNum="2">`, `<ActivityAssociation SeqNum="1">`, "SeqNum 1 used by Activity and ActivityAssociation"},
		{"SeqNum not a number", `<ActivityAssociation SeqNum="2">`, `<ActivityAssociation SeqNum="two">`, `SeqNum "two"`},
		{"a second filer", `<ActivityPartyTypeCode>8</ActivityPartyTypeCode>`, `<ActivityPartyTypeCode>30</ActivityPartyTypeCode>`, "activity 1: 2 parties of type 30 (filing institution), want exactly 1"},
		{"no subject", `<ActivityPartyTypeCode>33</ActivityPartyTypeCode>`, `<ActivityPartyTypeCode>46</ActivityPartyTypeCode>`, "activity 1: no party of type 33 (subject)"},
		{"subtype of another type", `<SuspiciousActivitySubtypeID>114</SuspiciousActivitySubtypeID>`, `<SuspiciousActivitySubtypeID>824</SuspiciousActivitySubtypeID>`, "subtype 824 belongs to type 8, not 1"},
		{"narrative numbering", `<ActivityNarrativeSequenceNumber>1</ActivityNarrativeSequenceNumber>`, `<ActivityNarrativeSequenceNumber>2</ActivityNarrativeSequenceNumber>`, "narrative block 1 numbered 2"},
		{"form type", `<FormTypeCode>SARX</FormTypeCode>`, `<FormTypeCode>CTRX</FormTypeCode>`, `FormTypeCode "CTRX"`},
		{"namespace", `xmlns="www.fincen.gov/base"`, `xmlns="www.example.com"`, `namespace "www.example.com"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, doc, tc.from)
			bad := strings.Replace(doc, tc.from, tc.to, 1)
			err := report.CheckSAR(strings.NewReader(bad))
			require.ErrorIs(t, err, report.ErrSAR)
			require.ErrorContains(t, err, tc.wantError)
		})
	}
}

func TestCheckSARRejectsFinCENsOwnSample(t *testing.T) {
	// The sample shipped with the schema has no namespace, no
	// FormTypeCode first, four parties and attributes of another form:
	// it does not validate, and CheckSAR says why.
	data, err := os.ReadFile(sharedata.Dir(t, "fincen", "sar_batch.xml"))
	require.NoError(t, err)
	err = report.CheckSAR(bytes.NewReader(data))
	require.ErrorIs(t, err, report.ErrSAR)
	require.ErrorContains(t, err, "namespace")
	require.ErrorContains(t, err, "SeqNum 1 used by EFilingBatchXML and Activity")
}

func FuzzCheckSAR(f *testing.F) {
	var buf bytes.Buffer
	if _, err := report.WriteSAR(&buf, demoFiling(muleCase(), unknownCase())); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	if dir, ok := sharedata.Find(); ok {
		if data, err := os.ReadFile(filepath.Join(dir, "fincen", "sar_batch.xml")); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<EFilingBatchXML xmlns="www.fincen.gov/base"><FormTypeCode>SARX</FormTypeCode></EFilingBatchXML>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = report.CheckSAR(bytes.NewReader(data)) // must not panic
	})
}

func TestCleanFitsRestrictedStrings(t *testing.T) {
	// Messy text in the configuration and in the KYC data still gives
	// values that fit the schema's restricted strings.
	f := demoFiling(muleCase())
	f.Filer.Institution.Name = "  Pacific\tFrontera\nBank \x01 "
	f.Cases[0].Subjects[0].Party.Occupation = "Graduate student \t" + strings.Repeat("and part-time tutor ", 5)
	path, data, _ := writeSAR(t, f)
	schematest.ValidateSARX(t, path)
	act := parse(t, data).get("Activity")
	require.Equal(t, "Pacific Frontera Bank", act.parties("30")[0].get("PartyName", "RawPartyFullName").Text)
	occ := act.parties("33")[0].get("PartyOccupationBusiness", "OccupationBusinessText").Text
	require.Equal(t, "Graduate student and part-time tutor and part-time", occ, "cut to 50 characters, no space at the end")
}

func TestAdvisoryKeyTerm(t *testing.T) {
	for _, tc := range []struct {
		advisory, want string
		ok             bool
	}{
		{"FIN-2025-A003", "CMLN-2025-A003", true},
		{" fin-2025-a003 ", "CMLN-2025-A003", true},
		{"FIN-2024-A002", "", false},
	} {
		got, ok := report.AdvisoryKeyTerm(tc.advisory)
		require.Equal(t, tc.want, got)
		require.Equal(t, tc.ok, ok)
	}
}
