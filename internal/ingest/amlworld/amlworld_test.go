package amlworld_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

const header = "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n"

// readAll reads every record and row error of a source.
func readAll(t testing.TB, path, content string) (recs []ingest.Record, errs []*ingest.RowError, r ingest.Reader) {
	t.Helper()
	r, err := amlworld.Format{}.Open(ingest.Source{Path: path, R: strings.NewReader(content)})
	require.NoError(t, err)
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs, r
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			errs = append(errs, re)
			continue
		}
		require.NoError(t, err)
		recs = append(recs, rec)
	}
}

func TestPatternsFileHISmall(t *testing.T) {
	path := sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_Patterns.txt")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, errs, _ := readAll(t, path, string(data))
	require.Empty(t, errs)
	require.Len(t, recs, 3209)

	attempts := map[model.Typology]map[string]bool{}
	lines := map[model.Typology]int{}
	for _, rec := range recs {
		require.Len(t, rec.Labels, 1)
		l := rec.Labels[0]
		require.Equal(t, rec.Tx.ID, l.EntityID)
		if attempts[l.Typology] == nil {
			attempts[l.Typology] = map[string]bool{}
		}
		attempts[l.Typology][l.CaseID] = true
		lines[l.Typology]++
	}
	// Counts documented in ../shared/data/aml/README.md.
	want := map[model.Typology][2]int{
		model.TypFanOut: {48, 342}, model.TypFanIn: {40, 318}, model.TypCycle: {54, 287},
		model.TypGatherScatter: {51, 716}, model.TypScatterGather: {44, 626}, model.TypStack: {43, 466},
		model.TypBipartite: {49, 263}, model.TypRandom: {41, 191},
	}
	total := 0
	for typ, w := range want {
		require.Len(t, attempts[typ], w[0], "attempts of %s", typ)
		require.Equal(t, w[1], lines[typ], "lines of %s", typ)
		total += len(attempts[typ])
	}
	require.Equal(t, 370, total)

	first := recs[0]
	require.Equal(t, 2, first.Line)
	require.Equal(t, "HI-Small_Patterns.txt:2", first.Tx.ID)
	require.Equal(t, ingest.PositionID("HI-Small_Patterns.txt", 2), first.Tx.ID)
	require.Equal(t, "021174:800737690", first.Tx.Originator)
	require.Equal(t, "012:80011F990", first.Tx.Beneficiary)
	require.Equal(t, time.Date(2022, 9, 1, 0, 6, 0, 0, time.UTC), first.Tx.Time)
	require.Equal(t, 2848.96, first.Tx.Amount)
	require.Equal(t, "EUR", first.Tx.Currency)
	require.Empty(t, first.Tx.CurrencyReceived)
	require.Equal(t, model.ChannelACH, first.Tx.Channel)
	require.Equal(t, model.Label{CaseID: "attempt-0", Typology: model.TypFanOut, Note: "Max 16-degree Fan-Out",
		EntityKind: model.EntityTransaction, EntityID: first.Tx.ID}, first.Labels[0])

	// The one bitcoin line.
	var btc int
	for _, rec := range recs {
		if rec.Tx.Channel == model.ChannelCrypto {
			btc++
			require.Equal(t, model.BTC, rec.Tx.Currency)
			require.Equal(t, 0.370287, rec.Tx.Amount)
			require.Equal(t, "001024:800963A91", rec.Tx.Originator)
		}
	}
	require.Equal(t, 1, btc)

	// The content key of every line is the line itself, so the key joins
	// patterns lines with *_Trans.csv rows.
	raw := strings.Split(string(data), "\n")
	for _, rec := range recs {
		require.Equal(t, raw[rec.Line-1], amlworld.ContentKey(rec.Tx, true), "line %d", rec.Line)
	}

	// The flat copy of the file gives each line's attempt number.
	flat, err := os.Open(sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_patterns_flat.csv"))
	require.NoError(t, err)
	defer flat.Close()
	sc := bufio.NewScanner(flat)
	sc.Scan()
	i := 0
	for sc.Scan() {
		id, _, _ := strings.Cut(sc.Text(), ",")
		require.Equal(t, "attempt-"+id, recs[i].Labels[0].CaseID)
		i++
	}
	require.Equal(t, 3209, i)
}

// convertReformatted turns HI-Small_Trans_first1000_reformatted.csv (a
// third party's copy of the first 1,000 rows of HI-Small_Trans.csv, with
// added account-key columns and bank IDs stripped of their leading zeros)
// back into the original 11-column format: it drops the two *_account_key
// columns and renames the header. The lost zeros cannot be restored.
func convertReformatted(t testing.TB) string {
	data, err := os.ReadFile(sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_Trans_first1000_reformatted.csv"))
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString(header)
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if i == 0 {
			require.True(t, strings.HasPrefix(line, "timestamp,from_bank_id,from_account_id,from_account_key,"))
			continue
		}
		f := strings.Split(line, ",")
		require.Len(t, f, 13)
		b.WriteString(strings.Join(append(append(f[0:3:3], f[4:6]...), f[7:]...), ","))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestTransFileFromHISmallSample(t *testing.T) {
	content := convertReformatted(t)
	recs, errs, r := readAll(t, "HI-Small_Trans.csv", content)
	require.Empty(t, errs)
	require.Len(t, recs, 1000)
	require.Zero(t, r.(ingest.BlankCounter).BlankLines())

	first := recs[0].Tx
	// 2022/09/01 00:20,10,8000EBD30,10,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0
	require.Equal(t, &model.Transaction{
		ID: "HI-Small_Trans.csv:2", Time: time.Date(2022, 9, 1, 0, 20, 0, 0, time.UTC),
		Originator: "10:8000EBD30", Beneficiary: "10:8000EBD30", Amount: 3697.34, Currency: "USD",
		Channel: model.ChannelInternal,
	}, first)

	lines := strings.Split(content, "\n")
	channels := map[model.Channel]int{}
	for i, rec := range recs {
		require.Equal(t, i+2, rec.Line)
		require.Empty(t, rec.Labels)
		require.Equal(t, lines[rec.Line-1], amlworld.ContentKey(rec.Tx, false))
		channels[rec.Tx.Channel]++
	}
	// Counted with `cut -d, -f12 | sort | uniq -c` on the sample.
	require.Equal(t, map[model.Channel]int{
		model.ChannelACH: 38, model.ChannelCash: 28, model.ChannelCheck: 88, model.ChannelCard: 114,
		model.ChannelInternal: 720, model.ChannelWire: 12,
	}, channels)
}

func TestTransRowValues(t *testing.T) {
	content := header +
		"2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1\n" +
		"2024/02/29 23:59,0,A,1,B,100.5,Yen,1.00,US Dollar,Wire,0\n"
	recs, errs, _ := readAll(t, "x_Trans.csv", content)
	require.Empty(t, errs)
	require.Len(t, recs, 2)
	require.Equal(t, []model.Label{{EntityKind: model.EntityTransaction, EntityID: "x_Trans.csv:2"}}, recs[0].Labels)
	fx := recs[1].Tx
	require.Equal(t, time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC), fx.Time)
	require.Equal(t, "0:A", fx.Originator)
	require.Equal(t, 1.0, fx.Amount)
	require.Equal(t, "USD", fx.Currency)
	require.Equal(t, 100.5, fx.AmountReceived)
	require.Equal(t, "JPY", fx.CurrencyReceived)
	require.Equal(t, model.ChannelWire, fx.Channel)
}

func TestTransBadRows(t *testing.T) {
	good := "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0"
	tests := []struct {
		name, row, want string
	}{
		{"too few fields", "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH",
			"t.csv:2:78: Is Laundering: row ends after 10 fields, expected 11 fields"},
		{"too many fields", good + ",x", "t.csv:2:81: row has 12 fields, expected 11 fields"},
		{"bad month", strings.Replace(good, "2022/09/01", "2022/13/01", 1),
			`t.csv:2:1: Timestamp: "2022/13/01 00:06" is not a date and time, expected YYYY/MM/DD HH:MM (UTC)`},
		{"ISO timestamp", strings.Replace(good, "2022/09/01 00:06", "2022-09-01T00:06", 1),
			`t.csv:2:1: Timestamp: "2022-09-01T00:06" is not a date and time, expected YYYY/MM/DD HH:MM (UTC)`},
		{"February 30", strings.Replace(good, "2022/09/01", "2022/02/30", 1),
			`t.csv:2:1: Timestamp: "2022/02/30 00:06" is not a date and time, expected YYYY/MM/DD HH:MM (UTC)`},
		{"hour 24", strings.Replace(good, "00:06", "24:00", 1),
			`t.csv:2:1: Timestamp: "2022/09/01 24:00" is not a date and time, expected YYYY/MM/DD HH:MM (UTC)`},
		{"non-numeric amount", strings.Replace(good, "2848.96,Euro,ACH", "12a.5,Euro,ACH", 1),
			`t.csv:2:62: Amount Paid: "12a.5" is not a number, expected an amount such as 2848.96`},
		{"text amount", strings.Replace(good, "2848.96,Euro,ACH", "abc,Euro,ACH", 1),
			`t.csv:2:62: Amount Paid: "abc" is not a number, expected an amount such as 2848.96`},
		{"negative amount", strings.Replace(good, "2848.96,Euro,2848", "-2848.96,Euro,2848", 1),
			`t.csv:2:49: Amount Received: negative amount "-2848.96", expected an amount of 0 or more`},
		{"empty amount", strings.Replace(good, "2848.96,Euro,ACH", ",Euro,ACH", 1),
			"t.csv:2:62: Amount Paid: empty, expected an amount such as 2848.96"},
		{"exponent", strings.Replace(good, "2848.96,Euro,ACH", "2.8e3,Euro,ACH", 1),
			`t.csv:2:62: Amount Paid: "2.8e3" is not a number, expected an amount such as 2848.96`},
		{"unknown currency", strings.Replace(good, "Euro,ACH", "Peso,ACH", 1),
			`t.csv:2:70: Payment Currency: unknown currency "Peso", expected one of US Dollar, Euro, Yuan, Bitcoin, Brazil Real, Mexican Peso, Australian Dollar, Canadian Dollar, Rupee, Yen, UK Pound, Swiss Franc, Ruble, Shekel, Saudi Riyal`},
		{"unknown channel", strings.Replace(good, "ACH", "Zelle", 1),
			`t.csv:2:75: Payment Format: unknown payment format "Zelle", expected one of ACH, Wire, Cheque, Credit Card, Cash, Bitcoin, Reinvestment`},
		{"bad label", strings.TrimSuffix(good, "0") + "yes",
			`t.csv:2:79: Is Laundering: "yes" is not a label, expected 0 or 1`},
		{"bank not a number", strings.Replace(good, "021174", "BANK1", 1),
			`t.csv:2:18: From Bank: bank ID "BANK1" is not a number, expected digits such as 021174`},
		{"empty account", strings.Replace(good, "800737690", "", 1),
			`t.csv:2:25: Account: account "" is empty or has control characters, expected an account number such as 800737690`},
		{"invalid UTF-8", strings.Replace(good, "Euro,ACH", "Eu\xffro,ACH", 1),
			`t.csv:2:72: invalid UTF-8 byte 0xff, expected UTF-8 text`},
		{"bare quote", strings.Replace(good, "Euro,ACH", `Eu"ro,ACH`, 1),
			`t.csv:2:72: bare " in an unquoted field, expected the field quoted, with each inner " doubled`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The bad row sits between two good ones: both are still read.
			recs, errs, _ := readAll(t, "t.csv", header+tt.row+"\n"+good+"\n")
			require.Len(t, errs, 1)
			require.Equal(t, tt.want, errs[0].Error())
			require.Equal(t, tt.row, errs[0].Raw)
			require.Len(t, recs, 1)
			require.Equal(t, 3, recs[0].Line)
		})
	}
}

func TestTransFileShapes(t *testing.T) {
	row := "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0"
	tests := []struct {
		name    string
		content string
		lines   []int  // lines of the records
		errLine int    // line of the one row error, 0 for none
		errMsg  string // its message
		blank   int
	}{
		{"BOM and CRLF", "\xef\xbb\xbf" + strings.ReplaceAll(header, "\n", "\r\n") + row + "\r\n" + row + "\r\n", []int{2, 3}, 0, "", 0},
		{"blank lines", header + "\n" + row + "\n  \t\n\n" + row + "\n\n", []int{3, 6}, 0, "", 4},
		{"no final newline", header + row + "\n" + row, []int{2, 3}, 0, "", 0},
		{"duplicate rows get different IDs", header + row + "\n" + row + "\n", []int{2, 3}, 0, "", 0},
		{"truncated last line", header + row + "\n" + row[:40], []int{2}, 3,
			"t.csv:3:41: Amount Received: row ends after 5 fields, expected 11 fields", 0},
		{"unterminated quote at the end", header + row + "\n" + `2022/09/01 00:06,"0211`, []int{2}, 3,
			`t.csv:3:18: quoted field not closed before the end of the file, expected a closing "`, 0},
		{"quoted fields with newlines", header + `2022/09/01 00:06,021174,"8007` + "\n" + `37690",012,80011F990,"2,848.96",Euro,2848.96,Euro,ACH,0` + "\n" + row + "\n",
			[]int{4}, 2, `t.csv:2:25: Account: account "8007\n37690" is empty or has control characters, expected an account number such as 800737690`, 0},
		{"quoted account", header + `2022/09/01 00:06,"021174","8007""37690",012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0` + "\n" + row + "\n", []int{2, 3}, 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs, r := readAll(t, "t.csv", tt.content)
			var lines []int
			for _, rec := range recs {
				lines = append(lines, rec.Line)
				require.Equal(t, ingest.PositionID("t.csv", rec.Line), rec.Tx.ID)
			}
			require.Equal(t, tt.lines, lines)
			if tt.errLine == 0 {
				require.Empty(t, errs)
			} else {
				require.Len(t, errs, 1)
				require.Equal(t, tt.errLine, errs[0].Line)
				require.Equal(t, tt.errMsg, errs[0].Error())
			}
			require.Equal(t, tt.blank, r.(ingest.BlankCounter).BlankLines())
		})
	}
}

func TestQuotedAccountValue(t *testing.T) {
	recs, errs, _ := readAll(t, "t.csv", header+`2022/09/01 00:06,"021174","8007""37690",012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0`+"\n")
	require.Empty(t, errs)
	require.Equal(t, `021174:8007"37690`, recs[0].Tx.Originator)
}

func TestOpenHeaders(t *testing.T) {
	tests := []struct {
		name, path, content string
		sentinel            error
		msg                 string
	}{
		{"reformatted header", "HI-Small_Trans.csv", "timestamp,from_bank_id,from_account_id\n", ingest.ErrHeader,
			`HI-Small_Trans.csv:1: header does not match the format: header "timestamp,from_bank_id,from_account_id", expected "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering"`},
		{"misspelt column", "a.csv", strings.Replace(header, "Amount Paid", "Amount Payed", 1), ingest.ErrHeader,
			`a.csv:1:80: header does not match the format: column 8 is "Amount Payed", expected "Amount Paid"`},
		{"patterns without BEGIN", "HI-Small_Patterns.txt", "2022/09/01 00:06,021174\n", ingest.ErrHeader,
			`HI-Small_Patterns.txt:1: header does not match the format: first line "2022/09/01 00:06,021174", expected "BEGIN LAUNDERING ATTEMPT - TYPE"`},
		{"malformed BEGIN", "p.txt", "BEGIN LAUNDERING ATTEMPT - \n", ingest.ErrHeader,
			`p.txt:1: header does not match the format: malformed line "BEGIN LAUNDERING ATTEMPT - ", expected BEGIN LAUNDERING ATTEMPT - TYPE[: qualifier] with TYPE such as FAN-OUT`},
		{"empty", "a.csv", "", ingest.ErrHeader, "a.csv: header does not match the format: the file is empty, expected a header row"},
		{"unknown", "notes.md", "hello\n", ingest.ErrUnknownFile,
			`notes.md: not a file of this format: amlworld: the first line is neither the *_Trans.csv header "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering" nor "BEGIN LAUNDERING ATTEMPT - TYPE"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := amlworld.Format{}.Open(ingest.Source{Path: tt.path, R: strings.NewReader(tt.content)})
			require.ErrorIs(t, err, tt.sentinel)
			require.Equal(t, tt.msg, err.Error())
		})
	}
	// pandas renames the second Account column.
	_, err := amlworld.Format{}.Open(ingest.Source{Path: "a.csv", R: strings.NewReader(strings.Replace(header, "To Bank,Account", "To Bank,Account.1", 1))})
	require.NoError(t, err)
}

func TestPatternsStructureErrors(t *testing.T) {
	line := "2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,1"
	content := "BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 2 hops\n" + line + "\n" +
		"END LAUNDERING ATTEMPT - FAN-IN\n" + // 3: wrong END
		line + "\n" + // 4: outside an attempt
		"BEGIN LAUNDERING ATTEMPT - STACK\n" + line + "\n" +
		"BEGIN LAUNDERING ATTEMPT - RANDOM\n" + // 7: BEGIN inside STACK
		line + "\n" + "END LAUNDERING ATTEMPT - RANDOM\n" +
		"END LAUNDERING ATTEMPT - RANDOM\n" + // 10: END outside
		"BEGIN LAUNDERING ATTEMPT - FAN-OUT\n" + line + "\n" // 11: no END
	recs, errs, _ := readAll(t, "p.txt", content)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	require.Equal(t, []string{
		`p.txt:3:1: END of "FAN-IN" closes attempt attempt-0 of CYCLE, expected END LAUNDERING ATTEMPT - CYCLE`,
		"p.txt:4:1: transaction line outside a laundering attempt, expected lines between BEGIN and END lines",
		"p.txt:7:1: BEGIN inside laundering attempt attempt-1 begun on line 5, expected END LAUNDERING ATTEMPT - STACK first",
		"p.txt:10:1: END outside a laundering attempt, expected BEGIN LAUNDERING ATTEMPT - TYPE first",
		"p.txt:11:1: laundering attempt attempt-3 has no END line (the file ends inside it), expected END LAUNDERING ATTEMPT - FAN-OUT",
	}, got)
	var cases []string
	for _, r := range recs {
		cases = append(cases, r.Labels[0].CaseID+" "+string(r.Labels[0].Typology))
	}
	require.Equal(t, []string{"attempt-0 CYCLE", "attempt-1 STACK", "attempt-2 RANDOM", "attempt-3 FAN-OUT"}, cases)
}

func TestWriterRoundTrip(t *testing.T) {
	txs := []*model.Transaction{
		{ID: "T1", Time: time.Date(2025, 3, 1, 14, 5, 59, 0, time.UTC), Originator: "A1001", Beneficiary: "021174:800737690",
			Amount: 9400, Currency: "USD", Channel: model.ChannelWire},
		{ID: "T2", Time: time.Date(2025, 3, 2, 8, 0, 0, 0, time.FixedZone("CST", -6*3600)), Beneficiary: "A,2",
			Amount: 9000.5, Currency: "USD", Channel: model.ChannelCashDeposit},
		{ID: "T3", Time: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), Originator: "1:x", Beneficiary: "2:y",
			Amount: 0.0123, Currency: "BTC", AmountReceived: 1500, CurrencyReceived: "EUR", Channel: model.ChannelCrypto},
	}
	var buf bytes.Buffer
	w := amlworld.NewWriter(&buf)
	w.DefaultBank = "999"
	for i, tx := range txs {
		require.NoError(t, w.Write(tx, i == 1))
	}
	require.NoError(t, w.Flush())
	require.Equal(t, header+
		"2025/03/01 14:05,999,A1001,021174,800737690,9400.00,US Dollar,9400.00,US Dollar,Wire,0\n"+
		`2025/03/02 14:00,999,"A,2",999,"A,2",9000.50,US Dollar,9000.50,US Dollar,Cash,1`+"\n"+
		"2025/03/03 00:00,1,x,2,y,1500.00,Euro,0.0123,Bitcoin,Bitcoin,0\n", buf.String())

	recs, errs, _ := readAll(t, "w_Trans.csv", buf.String())
	require.Empty(t, errs)
	require.Len(t, recs, 3)
	require.Equal(t, "999:A,2", recs[1].Tx.Originator)
	require.Len(t, recs[1].Labels, 1)
	require.Equal(t, 0.0123, recs[2].Tx.Amount)
	require.Equal(t, 1500.0, recs[2].Tx.AmountReceived)

	err := w.Write(&model.Transaction{ID: "T4", Amount: 1, Currency: "KRW", Originator: "a", Beneficiary: "b", Channel: model.ChannelACH}, false)
	require.ErrorIs(t, err, amlworld.ErrNotRepresentable)
	require.Empty(t, amlworld.ContentKey(&model.Transaction{ID: "T5", Currency: "USD", Channel: model.ChannelACH}, false))
}

func TestSourceID(t *testing.T) {
	r, err := amlworld.Format{}.Open(ingest.Source{Path: filepath.Join("a", "b", "HI_Trans.csv"), ID: "hi-2025", R: strings.NewReader(header +
		"2022/09/01 00:06,021174,800737690,012,80011F990,2848.96,Euro,2848.96,Euro,ACH,0\n")})
	require.NoError(t, err)
	rec, err := r.Next()
	require.NoError(t, err)
	require.Equal(t, "hi-2025:2", rec.Tx.ID)
}
