package model

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"2024-02-29", "2024-02-29", false},
		{"", "", false},
		{"2023-02-29", "", true},
		{"2024/01/01", "", true},
		{"24-01-01", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, d.String())
		})
	}
}

func TestDateJSON(t *testing.T) {
	type wrap struct {
		D Date `json:"d,omitzero"`
	}
	b, err := json.Marshal(wrap{NewDate(1990, time.March, 4)})
	require.NoError(t, err)
	require.JSONEq(t, `{"d":"1990-03-04"}`, string(b))

	b, err = json.Marshal(wrap{})
	require.NoError(t, err)
	require.JSONEq(t, `{}`, string(b), "a zero date is left out")

	var w wrap
	require.NoError(t, json.Unmarshal([]byte(`{"d":"2001-12-31"}`), &w))
	require.Equal(t, NewDate(2001, time.December, 31), w.D)
	require.Error(t, json.Unmarshal([]byte(`{"d":"31/12/2001"}`), &w))
}

func TestYearsBetween(t *testing.T) {
	birth := NewDate(2000, time.June, 15)
	require.Equal(t, 24, birth.YearsBetween(time.Date(2025, time.June, 14, 0, 0, 0, 0, time.UTC)))
	require.Equal(t, 25, birth.YearsBetween(time.Date(2025, time.June, 15, 0, 0, 0, 0, time.UTC)))
	require.Equal(t, -1, Date{}.YearsBetween(time.Now()))
}

func TestClassifyOccupation(t *testing.T) {
	tests := map[string]OccupationClass{
		"Graduate student":         OccStudent,
		"ESTUDIANTE":               OccStudent,
		"Ama de casa":              OccHomemaker,
		"housewife":                OccHomemaker,
		"Retired teacher":          OccRetired,
		"Construction laborer":     OccLaborer,
		"Software engineer":        OccProfessional,
		"Owner, Golden Dragon LLC": OccBusiness,
		"Cashier":                  OccEmployee,
		"":                         OccUnknown,
		"   ":                      OccUnknown,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			require.Equal(t, want, ClassifyOccupation(in))
		})
	}
	require.True(t, OccStudent.LowIncome())
	require.True(t, OccRetired.LowIncome())
	require.False(t, OccProfessional.LowIncome())
	require.False(t, OccUnknown.LowIncome(), "unknown is not evidence of low income")
}

func TestValidCodes(t *testing.T) {
	for _, c := range []string{"USD", "MXN", "CNY", "HKD", "AED", "BTC", "EUR"} {
		require.True(t, ValidCurrency(c), c)
	}
	for _, c := range []string{"usd", "US", "USDD", "XYZ", "", "Us Dollar"} {
		require.False(t, ValidCurrency(c), c)
	}
	for _, c := range []string{"US", "MX", "CN", "HK", "AE", "XK", "TW"} {
		require.True(t, ValidCountry(c), c)
	}
	for _, c := range []string{"us", "USA", "ZZ", "", "001", "EU", "UK", "YU", "SU", "EZ", "D ", "DJ "} {
		require.False(t, ValidCountry(c), c)
	}
	require.Equal(t, 250*3-1, len(iso3166), "249 ISO codes and XK")
	for i := 0; i+2 <= len(iso3166); i += 3 {
		require.True(t, ValidCountry(iso3166[i:i+2]), iso3166[i:i+2])
	}
}

func TestDetectScript(t *testing.T) {
	tests := map[string]Script{
		"Zhang Wei":      ScriptLatin,
		"José González":  ScriptLatin,
		"张伟":             ScriptHan,
		"張偉":             ScriptHan,
		"Владимир Путин": ScriptCyrillic,
		"محمد":           ScriptArabic,
		"김정은":            ScriptHangul,
		"Z 张伟":           ScriptHan,
		"123 - ":         ScriptLatin,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			require.Equal(t, want, DetectScript(in))
		})
	}
}

func TestChannels(t *testing.T) {
	seen := map[Channel]bool{}
	for i, c := range Channels {
		require.False(t, seen[c], "channel %s listed twice", c)
		seen[c] = true
		require.Equal(t, i, c.Index())
		require.True(t, c.Valid())
	}
	require.False(t, Channel("bank_robbery").Valid())
	require.True(t, ChannelCashDeposit.IsCash())
	require.False(t, ChannelWire.IsCash())
}

func TestPartyAccessors(t *testing.T) {
	p := Party{
		Names: []Name{{Full: "张伟", Kind: NameAlias}, {Full: "Zhang Wei", Kind: NamePrimary}},
		Documents: []IDDocument{
			{Type: DocVisa, Number: "V1", Class: "F-1"},
			{Type: DocPassport, Number: "E123", Country: "CN"},
		},
		Nationalities: []string{"CN"},
	}
	require.Equal(t, "Zhang Wei", p.PrimaryName())
	d, ok := p.Document(DocPassport)
	require.True(t, ok)
	require.Equal(t, "E123", d.Number)
	_, ok = p.Document(DocRFC)
	require.False(t, ok)
	require.True(t, p.HasNationality("CN"))
	require.False(t, p.HasNationality("MX"))

	tx := Transaction{Amount: 100, Currency: "USD"}
	a, c := tx.Received()
	require.Equal(t, 100.0, a)
	require.Equal(t, "USD", c)
	tx.AmountReceived, tx.CurrencyReceived = 1700, "MXN"
	a, c = tx.Received()
	require.Equal(t, 1700.0, a)
	require.Equal(t, "MXN", c)
}
