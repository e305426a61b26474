package detect_test

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/centinela-aml/centinela/internal/detect"
	"github.com/centinela-aml/centinela/internal/detect/streamgen"
	"github.com/centinela-aml/centinela/internal/model"
)

// benchRate is the stream's rate: AMLworld HI-Small has about 5.1 M
// transactions in 10 days.
const benchRate = 500_000 // transactions per day

// BenchmarkObserve feeds an AMLworld-like stream (500,000 accounts,
// heavy-tailed activity, 500,000 transactions a day) through the engine in
// batches of 128 and 2048 and reports transactions per second. One op is
// one transaction. Record figures with a stream long enough to fill the
// windows, e.g.
//
//	go test ./internal/detect -run '^$' -bench Observe -benchtime 5000000x
//
// Variants: "all" computes every feature row and runs the miners (the
// default configuration), "features" the rows without miners, "graph" only
// the graph and its counters.
func BenchmarkObserve(b *testing.B) {
	variants := []struct {
		name string
		cfg  detect.Config
	}{
		{"all", detect.Config{Rows: true}},
		{"features", detect.Config{Rows: true, FanIn: detect.FanConfig{Off: true}, FanOut: detect.FanConfig{Off: true}}},
		{"graph", detect.Config{FanIn: detect.FanConfig{Off: true}, FanOut: detect.FanConfig{Off: true}}},
	}
	for _, v := range variants {
		for _, batch := range []int{128, 2048} {
			b.Run(v.name+"/batch="+itoa(batch), func(b *testing.B) { benchObserve(b, batch, v.cfg) })
		}
	}
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func benchObserve(b *testing.B, batchSize int, cfg detect.Config) {
	n := b.N
	gen := streamgen.New(streamgen.Config{
		Seed:         1,
		Transactions: n,
		Span:         time.Duration(float64(n) / benchRate * float64(24*time.Hour)),
	})
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapBefore := ms.HeapAlloc
	eng, err := detect.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	// The stream is generated in chunks outside the timer.
	const chunk = 1 << 18
	buf := make([]model.Transaction, chunk)
	alerts := 0
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	var cpu time.Duration
	for gen.Remaining() > 0 {
		k := gen.Fill(buf)
		before := cpuTime()
		b.StartTimer()
		for lo := 0; lo < k; lo += batchSize {
			res, err := eng.Observe(buf[lo:min(k, lo+batchSize)])
			if err != nil {
				b.Fatal(err)
			}
			alerts += len(res.Alerts)
		}
		b.StopTimer()
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tx/s")
	// CPU time (user + system, all threads) per transaction: steadier
	// than wall time on a shared machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/tx")
	// The engine's own memory: live heap after a collection, less what
	// was live before the engine was made (the generator's tables).
	buf = nil
	runtime.GC()
	runtime.ReadMemStats(&ms)
	st := eng.Stats()
	b.ReportMetric(float64(int64(ms.HeapAlloc)-int64(heapBefore))/(1<<20), "engine_MB")
	b.ReportMetric(float64(st.Edges), "edges")
	b.ReportMetric(float64(st.Accounts), "accounts")
	b.ReportMetric(float64(alerts), "alert_updates")
	runtime.KeepAlive(eng)
}
