package amlworld_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
	"github.com/centinela-aml/centinela/internal/ingest/amlworld"
	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/sharedata"
)

const keyText = `BEGIN LAUNDERING ATTEMPT - FAN-IN:  Max 2-degree Fan-In
2022/09/01 04:47,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,1
2022/09/01 04:47,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,1
END LAUNDERING ATTEMPT - FAN-IN

BEGIN LAUNDERING ATTEMPT - CYCLE:  Max 2 hops
2022/09/02 01:00,001,A,002,B,10.00,US Dollar,10.00,US Dollar,ACH,1
END LAUNDERING ATTEMPT - CYCLE
`

const transText = `Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering
2022/09/01 04:47,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,1
2022/09/01 04:47,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,1
2022/09/01 04:47,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,1
2022/09/01 05:00,0222,811B83280,0119,811C597B0,13148.66,Saudi Riyal,13148.66,Saudi Riyal,ACH,0
2022/09/02 01:00,001,A,002,B,10.00,US Dollar,10.00,US Dollar,ACH,1
2022/09/02 01:00,001,A,002,B,10.00,US Dollar,10.00,US Dollar,ACH,0
`

func TestAnswerKeyLabelsTransRowsAsAMultiset(t *testing.T) {
	key, err := amlworld.ReadAnswerKey(ingest.Source{Path: "X_Patterns.txt", R: strings.NewReader(keyText)})
	require.NoError(t, err)
	require.Len(t, key.Attempts, 2)
	require.Equal(t, 3, key.Lines())
	require.Len(t, key.Txs[0], 2)

	r, err := amlworld.KeyedFormat{Key: key}.Open(ingest.Source{Path: "X_Trans.csv", R: strings.NewReader(transText)})
	require.NoError(t, err)
	var got []model.Label
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		var l model.Label
		if len(rec.Labels) > 0 {
			l = rec.Labels[0]
		}
		got = append(got, l)
	}
	// Two identical key lines label the first two of three identical
	// laundering rows; the third keeps its plain laundering label. A row
	// with "Is Laundering" 0 is never labelled, even with the same content
	// otherwise.
	require.Equal(t, model.TypFanIn, got[0].Typology)
	require.Equal(t, "attempt-0", got[0].CaseID)
	require.Equal(t, "Max 2-degree Fan-In", got[0].Note)
	require.Equal(t, model.TypFanIn, got[1].Typology)
	require.Equal(t, model.Label{EntityKind: model.EntityTransaction, EntityID: "X_Trans.csv:4"}, got[2])
	require.Equal(t, model.Label{}, got[3])
	require.Equal(t, model.TypCycle, got[4].Typology)
	require.Equal(t, model.Label{}, got[5])
	require.Equal(t, 3, key.Matched())
}

func TestAnswerKeyErrors(t *testing.T) {
	_, err := amlworld.ReadAnswerKey(ingest.Source{Path: "X_Trans.csv", R: strings.NewReader(transText)})
	require.ErrorIs(t, err, ingest.ErrHeader)
	_, err = amlworld.ReadAnswerKey(ingest.Source{Path: "X_Patterns.txt", R: strings.NewReader("BEGIN LAUNDERING ATTEMPT - CYCLE\n2022/09/02 01:00,001,A\n")})
	require.ErrorContains(t, err, "X_Patterns.txt:2")
}

func TestHISmallAnswerKey(t *testing.T) {
	path := sharedata.Dir(t, "aml", "ibm_hi_small", "HI-Small_Patterns.txt")
	key, err := amlworld.LoadAnswerKey(path)
	require.NoError(t, err)
	require.Len(t, key.Attempts, 370)
	require.Equal(t, 3209, key.Lines())
	require.True(t, amlworld.IsAnswerKey(path))
}
