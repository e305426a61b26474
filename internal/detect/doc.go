// Package detect is Centinela's streaming detection engine: a temporal
// graph of transactions over sliding windows, per-transaction graph
// features, a learned scorer that explains its scores, and pattern miners
// that name the typology they find (AMLworld's eight: fan-in, fan-out,
// cycle, scatter-gather, gather-scatter, bipartite, stack, random).
//
// # Use
//
//	e, err := detect.New(detect.Config{Rows: true})
//	for batch := range batches { // in time order; any size
//		res, err := e.Observe(batch)
//		// res.Status[i], res.Rows.Row(i), res.Scores[i]: transaction i
//		// res.Alerts: alerts opened or grown by this batch (upsert by ID)
//	}
//
// The engine is a library: it reads transactions, never labels, and writes
// nothing anywhere. It is not safe for concurrent use; it runs its own
// worker goroutines inside Observe.
//
// # Time
//
// A window of length W at time t holds the transactions with timestamps in
// (t−W, t]. Each transaction's features describe the windows ending at its
// own timestamp and include itself and every transaction observed before
// it (earlier batches and earlier positions in its batch), never a later
// one. So features, statuses, scores and alerts do not depend on how the
// stream is cut into batches (128, 2048, a day: property-tested), and a
// transaction's features never change when later transactions arrive.
//
// Every read of the graph names its horizon: a sequence number (as of) and
// a time no older than the reader's time less the retention (see outEdges).
// The edge log keeps every edge younger than the previous batch's clock
// less the retention, so such a read sees the same edges whether or not
// older ones have been trimmed. Counters that the parallel phases need as
// of a transaction are recorded when it is counted. Alerts are written out
// whenever they change, without hysteresis.
//
// Transactions must come in time order. One older than the latest observed
// timestamp by at most Config.Lateness is processed at that latest time;
// one older than that makes Observe fail with ErrOutOfOrder, and nothing of
// the batch is applied. A transaction whose ID was observed within the
// retention horizon (the longest window) is a Duplicate and ignored. A
// transaction without an ID or account, or with a negative, non-finite or
// absurd (> MaxAmount) amount is Invalid, with a Problem saying why.
// Self-loops and zero amounts are ordinary transactions.
//
// # Graph
//
// Account keys are interned to dense node numbers. Accepted transactions
// are appended to an edge log, a ring buffer without pointers (IDs live in
// a byte ring). Each edge links to the previous out-edge of its originator
// and the previous in-edge of its beneficiary, and records the heads of the
// accounts' other lists when it arrived: an account's adjacency is a
// newest-first linked list through the log that costs nothing to expire.
//
// A view keeps counters for one window length: per account, degree and fan
// in and out, and the edge count of each ordered account pair. The feature
// view adds per-account amount and time moments and channel counts; the
// history view (the pattern window) adds novelty — which counterparties
// are new to each account, remembered in a small Bloom filter per account
// for one to two NoveltyMemory periods — and exponentially weighted
// baselines of activity and of new counterparties.
//
// Memory is bounded by the windows, not the history: edges, pairs and IDs
// are kept only while some window needs them; accounts idle for longer
// than max(longest window, 2 × NoveltyMemory) are released.
//
// # Features
//
// Observe runs in phases: (1) in parallel, validation, account look-ups and
// per-transaction features; (2) sequentially, deduplication, interning and
// the edge log; (3) one goroutine per view, counting the batch's edges in
// order and running what reads that view right after each (fan, stats,
// channel and history features, the fan miners); (4) in parallel, bounded
// searches as of each transaction (scatter-gather, cycles, flow), then the
// structural miners' searches, merged in batch order; the learned scorer;
// (5) alerts and trimming.
//
// Features come in groups (FeatureGroups), each a block of named columns
// (Schema) whose values Describe in words. Every search reads at most
// Config.SearchBudget edges per transaction; searches that stop there are
// counted in Stats.Bounded. Account IDs are never features.
//
// # Miners
//
// The miners follow only payments between accounts new to each other, and
// only once the engine has watched both accounts for MinHistory (28 days):
// laundering recruits counterparties for the occasion, ordinary business
// pays the same people again, and before a monthly cycle has been seen
// every counterparty looks new. The fan and gather-scatter miners compare
// a burst of new counterparties with the account's own rate of taking on
// new ones (a negative binomial tail); the cycle, scatter-gather, stack,
// bipartite and random miners search the pattern window for their
// structure. Each alert names its typology, cites the transactions of the
// matched subgraph and carries FinCEN SAR codes; Winner names a transaction
// cited by several alerts by the most specific typology (Precedence).
//
// # Learned scorer
//
// With Config.Scorer the engine scores every accepted transaction with a
// gradient-boosted tree model (package gbt) and raises an alert for each
// score at or above the scorer's threshold, explained by the features that
// pushed it up (TreeSHAP contributions, in words) and citing the
// neighbourhood the features describe. Package evaluate trains scorers by
// the protocol of docs/evaluation.md.
package detect
