package evaluate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
)

func TestAUCCountsTiesHalf(t *testing.T) {
	// Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (pos, neg) ordered
	// right: (0.9,0.5), (0.9,0.1), (0.5,0.1) = 3, tie (0.5,0.5) = ½ → 3.5/4.
	ps := []PairResult{{Match: true, Score: 0.9}, {Match: true, Score: 0.5}, {Match: false, Score: 0.5}, {Match: false, Score: 0.1}}
	require.InDelta(t, 0.875, auc(ps), 1e-9)
	m := metrics(ps, 0.5)
	require.Equal(t, Metrics{Pairs: 4, TP: 2, FP: 1, FN: 0, TN: 1, Precision: 0.6667, Recall: 1, F1: 0.8, AUC: 0.875}, m)
}

func testIndex(t *testing.T) *screen.Index {
	ix, err := screen.NewIndex(screen.ListSet{Info: screen.ListInfo{Name: "t"}, Entities: []screen.Entity{
		{ID: "1", List: "t", Type: screen.TypePerson, Names: []screen.EntityName{{Full: "GUZMAN LOERA, Joaquin", Quality: screen.NamePrimary}}},
		{ID: "2", List: "t", Type: screen.TypeOrganization, Names: []screen.EntityName{{Full: "SINALOA CARTEL", Quality: screen.NamePrimary}}},
	}})
	require.NoError(t, err)
	return ix
}

func TestPairsReport(t *testing.T) {
	in := "case_group,schema,name1,name2,is_match,quality,category,notes\n" +
		"g1,Person,Joaquin Guzman,\"GUZMAN LOERA, Joaquin\",true,MEDIUM,,\n" +
		"g1,Person,Pedro Infante,\"GUZMAN LOERA, Joaquin\",false,MEDIUM,,\n" +
		"g2,Company,Sinaloa Cartel,SINALOA CARTEL,true,STRONG,,\n" +
		"g2,Company,,SINALOA CARTEL,true,STRONG,,\n"
	rep, err := Pairs(strings.NewReader(in), "cases.csv", testIndex(t), screen.DefaultThreshold, true)
	require.NoError(t, err)
	require.Equal(t, 3, rep.Pairs)
	require.Equal(t, 1, rep.Skipped, "a row with an empty name is skipped and counted")
	require.Equal(t, 2, rep.BySchema["Person"].Pairs)
	require.Equal(t, 1, rep.ByGroup["g2"].TP)
	_, err = Pairs(strings.NewReader("a,b\n1,2\n"), "x.csv", testIndex(t), 0.8, false)
	require.ErrorContains(t, err, `no "name1" column`)
}

func TestQueriesReport(t *testing.T) {
	in := `{"kind":"exact","name":"Joaquin Guzman Loera","typ":"person","expect":"1"}
{"kind":"exact","name":"Sinaloa Cartel","type":"organization","expect":"2"}
{"kind":"negative","name":"Pedro Infante","expect":null}
`
	qs, err := ReadQueries(strings.NewReader(in), "q.jsonl")
	require.NoError(t, err)
	rep := Queries(qs, testIndex(t), screen.DefaultThreshold, 2, true)
	require.Equal(t, 3, rep.Queries)
	require.Equal(t, 1.0, rep.RecallAt1)
	require.Equal(t, 0.0, rep.FalseAlertRate)
	require.Equal(t, 2, rep.ByKind["exact"].Positives)
	require.Positive(t, rep.QPS)
	_, err = ReadQueries(strings.NewReader(`{"kind":"x","name":""}`), "q.jsonl")
	require.ErrorContains(t, err, `q.jsonl query 1: empty "name"`)
}

func TestCrossAndParity(t *testing.T) {
	ix := testIndex(t)
	cross := "# comment\nВладимир Путин,Vladimir Putin,0.9,x\nИван Иванов,Ivan Ivanov,0.9,x\n"
	rep, err := Cross(strings.NewReader(cross), "c.csv", ix, screen.DefaultThreshold)
	require.NoError(t, err)
	require.Equal(t, 2, rep.Pairs)
	require.Equal(t, 1.0, rep.Recall)
	require.Equal(t, 0, rep.FalsePositives)

	par := "query_name,result_name,ofac_score\nPUTIN,\"PUTIN, Vladimir\",100\nGEORGE BUSH,\"PUTIN, Vladimir\",-1\n"
	prep, err := Parity(strings.NewReader(par), "p.csv", ix)
	require.NoError(t, err)
	require.Equal(t, 2, prep.Cases)
	require.Equal(t, 2, prep.Within5)
}
