package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/report"
)

func TestFilerRoundTrip(t *testing.T) {
	f := demoFiling().Filer
	text, err := f.Text()
	require.NoError(t, err)
	got, err := report.LoadFiler(bytes.NewReader(text))
	require.NoError(t, err)
	require.Equal(t, f, got)
}

func TestLoadFilerErrors(t *testing.T) {
	demo, err := report.DemoFiler().Text()
	require.NoError(t, err)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"unknown key", "transmitter_contact:", "transmiter_contact: x\ntransmitter_contact:", "field transmiter_contact not found"},
		{"TIN with letters", `tin: "990000001"`, `tin: 99-0000001`, `transmitter.tin: "99-0000001": digits only`},
		{"regulator", "regulator: OCC", "regulator: FED", `institution.regulator: "FED"`},
		{"institution type", "type: depository", "type: bank", `institution.type: "bank"`},
		{"missing city", "city: Los Angeles", "city: ''", "transmitter.address.city: required"},
		{"long state", "state: CA", "state: CALI", "longer than 3 characters"},
		{"not YAML", "transmitter:", "transmitter: [", "invalid filer configuration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, string(demo), tc.from)
			_, err := report.LoadFiler(strings.NewReader(strings.Replace(string(demo), tc.from, tc.to, 1)))
			require.ErrorIs(t, err, report.ErrFiler)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = report.LoadFiler(strings.NewReader(""))
	require.ErrorContains(t, err, "the file is empty")
}

func FuzzLoadFiler(f *testing.F) {
	demo, err := report.DemoFiler().Text()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(demo)
	f.Add([]byte("institution: {name: x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := report.LoadFiler(bytes.NewReader(data))
		if err != nil {
			return
		}
		// What loads is valid, and a SAR can be written with it.
		if err := fl.Validate(); err != nil {
			t.Fatalf("loaded but invalid: %v", err)
		}
		var buf bytes.Buffer
		if _, err := report.WriteSAR(&buf, report.Filing{Filer: fl, Date: filed, Cases: []report.SARCase{muleCase()}}); err != nil {
			t.Fatalf("a valid filer gives no SAR: %v", err)
		}
	})
}
