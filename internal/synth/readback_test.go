package synth_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/native"
	"github.com/centinela-aml/centinela/internal/synth"
)

// readAll reads one native file and returns its records; every row must be
// accepted.
func readAll(t *testing.T, name string, data []byte) []ingest.Record {
	t.Helper()
	r, err := native.Format{}.Open(ingest.Source{Path: name, R: bytes.NewReader(data)})
	require.NoError(t, err, name)
	var out []ingest.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		var rerr *ingest.RowError
		if errors.As(err, &rerr) {
			t.Fatalf("%s: rejected: %v", name, rerr)
		}
		require.NoError(t, err, name)
		out = append(out, rec)
	}
}

// TestNativeReaderAcceptsEverything writes a bank in both native formats
// and reads every file back through the native reader: no row may be
// rejected, and what comes back equals what was generated.
func TestNativeReaderAcceptsEverything(t *testing.T) {
	cfg := synth.DefaultConfig()
	cfg.Customers = 600
	cfg.Days = 45
	var want synth.Memory
	_, err := synth.Generate(context.Background(), cfg, &want, nil)
	require.NoError(t, err)

	for _, format := range []string{"csv", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			var p, a, x, l bytes.Buffer
			w := synth.Writers{Parties: &p, Accounts: &a, Transactions: &x, Labels: &l}
			var out interface {
				synth.Output
				Flush() error
			}
			if format == "csv" {
				out = synth.NewCSV(w)
			} else {
				out = synth.NewJSONL(w)
			}
			_, err := synth.Generate(context.Background(), cfg, out, nil)
			require.NoError(t, err)
			require.NoError(t, out.Flush())

			parties := readAll(t, "parties."+format, p.Bytes())
			accounts := readAll(t, "accounts."+format, a.Bytes())
			txs := readAll(t, "transactions."+format, x.Bytes())
			labels := readAll(t, "labels."+format, l.Bytes())
			require.Len(t, parties, len(want.Parties))
			require.Len(t, accounts, len(want.Accounts))
			require.Len(t, txs, len(want.Transactions))
			require.Len(t, labels, len(want.Labels))

			for i, rec := range txs {
				require.NotNil(t, rec.Tx)
				got, exp := *rec.Tx, want.Transactions[i]
				require.True(t, got.Time.Equal(exp.Time), "transaction %s time", exp.ID)
				got.Time = exp.Time
				require.Equal(t, exp, got)
			}
			for i, rec := range accounts {
				require.NotNil(t, rec.Account)
				require.Equal(t, want.Accounts[i], *rec.Account)
			}
			for i, rec := range parties {
				require.NotNil(t, rec.Party)
				got, exp := rec.Party, want.Parties[i]
				require.Equal(t, exp.ID, got.ID)
				require.Equal(t, exp.Documents, got.Documents, "party %s", exp.ID)
				require.Equal(t, exp.PrimaryName(), got.PrimaryName(), "party %s", exp.ID)
				require.Len(t, got.Names, len(exp.Names), "party %s", exp.ID)
				require.Equal(t, exp.Phones, got.Phones)
				require.Equal(t, exp.OnboardedBy, got.OnboardedBy)
			}
			for i, rec := range labels {
				require.Len(t, rec.Labels, 1)
				require.Equal(t, want.Labels[i], rec.Labels[0])
			}
		})
	}
}
