package ingest_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/ingest"
)

// Environment of the child process of TestPipelineSurvivesKill.
const (
	envChildDB   = "CENTINELA_TEST_KILL_DB"
	envChildFile = "CENTINELA_TEST_KILL_FILE"
)

const killBatch = 1000

// TestPipelineKillChild is the ingest that TestPipelineSurvivesKill runs in
// a child process and kills; it does nothing in a normal test run.
func TestPipelineKillChild(t *testing.T) {
	db, file := os.Getenv(envChildDB), os.Getenv(envChildFile)
	if db == "" {
		t.Skip("run by TestPipelineSurvivesKill only")
	}
	st := openStore(t, db)
	p := newPipeline(st, killBatch)
	p.Progress = func(pr ingest.Progress) { fmt.Printf("committed %d\n", pr.Rows) }
	_, err := p.Run(context.Background(), inputs(file))
	require.NoError(t, err)
	fmt.Println("finished")
}

// TestPipelineSurvivesKill kills an ingest with SIGKILL at arbitrary
// moments, three times over, then lets it finish: the stored transactions
// must be exactly the file's, and the reject file must hold each bad row
// once.
func TestPipelineSurvivesKill(t *testing.T) {
	if os.Getenv(envChildDB) != "" {
		t.Skip("in the child")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(fakeHeader + "\n")
	want := map[string]float64{}
	var bad, rows int
	for i := range 40000 {
		rows++
		switch {
		case i%997 == 0:
			fmt.Fprintf(&b, "B%d,%d,not-a-number\n", i, i)
			bad++
		case i%101 == 0:
			fmt.Fprintf(&b, "T%d,%d,%d\n", i-1, i-1, i-1) // a duplicate of the row before
		default:
			fmt.Fprintf(&b, "T%d,%d,%d\n", i, i, i)
			want[fmt.Sprintf("T%d", i)] = float64(i)
		}
	}
	file := writeFile(t, dir, "big.csv", b.String())
	db := filepath.Join(dir, "kill.db")

	kills := 0
	for _, after := range []int{3, 5, 2} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPipelineKillChild$")
		cmd.Env = append(os.Environ(), envChildDB+"="+db, envChildFile+"="+file)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		sc := bufio.NewScanner(out)
		seen, finished := 0, false
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "committed ") {
				if seen++; seen == after {
					break
				}
			}
			finished = finished || sc.Text() == "finished"
		}
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		if !finished && seen == after {
			kills++
		}
	}
	require.Equal(t, 3, kills, "every child was killed before it finished")

	st := openStore(t, db)
	res, err := newPipeline(st, killBatch).Run(t.Context(), inputs(file))
	require.NoError(t, err)
	require.True(t, res.Resumed)
	require.Equal(t, int64(rows), res.Read)
	require.Equal(t, res.Read, res.Accepted+res.Duplicates+res.Rejected)
	require.Equal(t, int64(len(want)), res.Accepted, "each row accepted once over all the attempts")
	require.Equal(t, int64(bad), res.Rejected)

	stored := storedTx(t, st)
	require.Len(t, stored, len(want))
	for id, amount := range want {
		require.Equal(t, amount, stored[id].Amount, id)
	}
	var lines, wantLines []int
	for _, r := range readRejects(t, res.RejectFile) {
		lines = append(lines, r.Line)
	}
	for i := range bad {
		wantLines = append(wantLines, 2+i*997)
	}
	require.Equal(t, wantLines, lines, "rejected rows in order, each once")
}
