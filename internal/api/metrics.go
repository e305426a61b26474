package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own
// (not the client library's global one), so that two servers in one
// process, as in tests, do not share counters.
type metrics struct {
	registry *prometheus.Registry
	handler  http.Handler

	requests      *prometheus.CounterVec   // by route, method, status
	duration      *prometheus.HistogramVec // by route, method, status
	inFlight      prometheus.Gauge
	screening     *prometheus.HistogramVec // by endpoint: single, batch
	screened      *prometheus.CounterVec   // parties screened, by endpoint
	auditBatch    prometheus.Histogram
	auditCommit   prometheus.Histogram
	auditFailures prometheus.Counter
	listReloads   *prometheus.CounterVec // by result: ok, error
	listEntities  prometheus.Gauge
}

// latencyBuckets span 0.25 ms to 10 s: screening answers in about a
// millisecond, a SAR or an audit verification takes seconds.
func latencyBuckets() []float64 {
	return []float64{.00025, .0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 10}
}

func newMetrics() *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "centinela_http_requests_total",
		Help: "HTTP requests served, by route pattern, method and status code.",
	}, []string{"route", "method", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "centinela_http_request_duration_seconds",
		Help:    "Time from a request's arrival to the end of its response, by route pattern, method and status code.",
		Buckets: latencyBuckets(),
	}, []string{"route", "method", "status"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "centinela_http_requests_in_flight",
		Help: "Requests being served.",
	})
	m.screening = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "centinela_screening_duration_seconds",
		Help:    "Time to screen the parties of one request against the lists, by endpoint (single, batch).",
		Buckets: latencyBuckets(),
	}, []string{"endpoint"})
	m.screened = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "centinela_screening_parties_total",
		Help: "Parties screened, by endpoint (single, batch).",
	}, []string{"endpoint"})
	m.auditBatch = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "centinela_api_audit_batch_size",
		Help:    "Request audit entries appended in one database transaction (group commit).",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
	})
	m.auditCommit = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "centinela_api_audit_commit_duration_seconds",
		Help:    "Time to append one group of request audit entries and commit it.",
		Buckets: latencyBuckets(),
	})
	m.auditFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "centinela_api_audit_failures_total",
		Help: "Requests refused because their audit entry could not be written.",
	})
	m.listReloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "centinela_screening_list_reloads_total",
		Help: "Screening list reloads, by result (ok, error).",
	}, []string{"result"})
	m.listEntities = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "centinela_screening_list_entities",
		Help: "Entities in the screening index in service.",
	})
	m.registry.MustRegister(m.requests, m.duration, m.inFlight, m.screening, m.screened, m.auditBatch, m.auditCommit,
		m.auditFailures, m.listReloads, m.listEntities,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

// observe records one served request.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.duration.WithLabelValues(route, method, code).Observe(d.Seconds())
}
