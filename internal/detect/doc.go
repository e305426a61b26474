// Package detect is Centinela's streaming detection engine: a temporal
// graph of transactions over sliding windows, per-transaction graph
// features for the learned scorer, and pattern miners that name the
// typology they find.
//
// # Use
//
//	e, err := detect.New(detect.Config{Rows: true})
//	for batch := range batches { // in time order; any size
//		res, err := e.Observe(batch)
//		// res.Status[i], res.Rows.Row(i): transaction i of the batch
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
// one. So features, statuses and alerts do not depend on how the stream is
// cut into batches (128, 2048, a day: property-tested), and a transaction's
// features never change when later transactions arrive.
//
// Transactions must come in time order. One older than the latest observed
// timestamp by at most Config.Lateness is processed at that latest time;
// one older than that makes Observe fail with ErrOutOfOrder, and nothing of
// the batch is applied. A transaction whose ID was observed within the
// retention horizon (the longest window) is a Duplicate and ignored;
// ingest deduplicates across all time. A transaction without an ID or
// account, or with a negative, non-finite or absurd (> MaxAmount) amount is
// Invalid, with a Problem saying why. Self-loops and zero amounts are
// ordinary transactions: a self-loop counts as an edge out and in, never as
// a counterparty.
//
// # Graph
//
// Account keys (the account IDs; for an off-us side without an account ID,
// "offus:BANK:ACCOUNT" or "offus:COUNTRY:NAME" from the counterparty) are
// interned to dense node numbers. Accepted transactions are appended to an
// edge log, a ring buffer that holds no pointers (IDs live in a byte ring),
// so the garbage collector never scans it. Each edge links to the previous
// out-edge of its originator and the previous in-edge of its beneficiary:
// an account's adjacency is a newest-first linked list through the log,
// which costs nothing to expire (a link to an edge that has left the log
// ends the list).
//
// A view keeps counters for one window length: per account, degree (edges)
// and fan (distinct counterparties) in and out, and the edge count of each
// ordered account pair in an open-addressing table. An edge is counted once
// when it arrives and uncounted once when it leaves the window, so the
// work per transaction is O(1) amortised whatever the window. The engine
// keeps one view per distinct window (features, each miner).
//
// Memory is bounded by the window, not the history: edges, pairs and IDs
// are kept only while some window needs them; accounts idle for longer than
// max(longest window, 2 × NoveltyMemory) are released and their numbers
// reused. Per account the engine keeps about 60 bytes plus, in a miner's
// view, a 72-byte known-counterparty set and its baseline.
//
// # Features
//
// Observe runs in phases: (1) in parallel, validate each transaction, look
// up its accounts and compute per-transaction features (amounts);
// (2) sequentially, deduplicate, intern new accounts and append the edges
// to the log; (3) one goroutine per view, count each edge in the view in
// order and, right after each, run what reads that view's counters (fan
// and degree features, the miners); (4) in parallel, run searches that
// read the graph as of each transaction's own sequence number
// (scatter-gather and cycles will go there); (5) write out the alerts and
// trim what no window needs.
//
// Features come in groups (FeatureGroups), each a block of named columns
// (Schema) computed in phase 1, 3 or 4. Every group sees the same causal
// snapshot: the transaction and what came before it. New groups are added
// to featureGroupDefs; account IDs are never features.
//
// # Miners
//
// The FAN-IN and FAN-OUT miners alert on an account that, within a window
// (default 96 h), dealt with many counterparties new to it, far more than
// its own history makes likely. The three tests, and why:
//
//   - New counterparties, not all counterparties. Ordinary businesses fan
//     out and in all the time, to the same people: payroll to the same
//     staff, rent from the same tenants, suppliers paid monthly. Laundering
//     fans recruit counterparties for the occasion (AMLworld's fan
//     patterns; FinCEN FIN-2014-A005 on funnel accounts fed by many
//     unrelated depositors). A counterparty counts as known for one to two
//     NoveltyMemory periods (default 60 days) after their last transaction
//     left the window, so monthly cycles stay known. Memory is a small
//     Bloom filter per account, whose false "known" answers only make the
//     miner more conservative.
//   - A burst against the account's own history, not a fixed count. A shop
//     gaining thirty new customers a day is normal for it; a student
//     account gaining fifteen new senders in four days is not. The miner
//     estimates the account's rate of transactions per window from the
//     transactions that left its window (exponentially weighted, 30-day
//     time constant) and computes the chance of seeing so many new
//     counterparties in one window at that rate (a Gamma–Poisson, i.e.
//     negative binomial, tail that accounts for how little history there
//     is). It alerts when the chance is at most Significance (0.001).
//   - Enough history to judge (MinHistory, one day before the window).
//     An account the engine has just started watching may be a busy
//     merchant; its fan is left to the learned scorer, whose features still
//     count it.
//
// An alert is an episode that grows: further new counterparties within the
// window add evidence to the same alert (same ID: rule, subject, opening
// transaction), and money moving on (out of a fan-in's subject, into a
// fan-out's) updates its flow-through share. The reason gives the numbers:
// transfers, distinct counterparties, span, totals per currency, how many
// were new, the usual rate, the chance, the flow-through.
package detect
