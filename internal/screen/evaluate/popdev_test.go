package evaluate

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/centinela-aml/centinela/internal/screen"
	"github.com/centinela-aml/centinela/internal/screen/lists"
)

// TestPopulationDev prints the population report for CENTINELA_POP_SEEDS (development aid).
func TestPopulationDev(t *testing.T) {
	seeds := os.Getenv("CENTINELA_POP_SEEDS")
	if seeds == "" {
		t.Skip("CENTINELA_POP_SEEDS not set")
	}
	ss, err := ParseSeeds(seeds)
	require.NoError(t, err)
	cust, days := 3000, 90
	if v := os.Getenv("CENTINELA_POP_CUSTOMERS"); v != "" {
		cust, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("CENTINELA_POP_DAYS"); v != "" {
		days, _ = strconv.Atoi(v)
	}
	ix, err := lists.Index(nil)
	require.NoError(t, err)
	th := screen.DefaultThreshold
	if v := os.Getenv("CENTINELA_POP_THRESHOLD"); v != "" {
		th, _ = strconv.ParseFloat(v, 64)
	}
	rep, err := Population(context.Background(), ix, PopulationConfigs(ss, cust, days), th, 0, true)
	require.NoError(t, err)
	b, _ := json.MarshalIndent(rep, "", " ")
	os.WriteFile(os.Getenv("CENTINELA_POP_OUT"), b, 0o644)
}
