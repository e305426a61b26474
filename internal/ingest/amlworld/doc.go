// Package amlworld reads IBM's AMLworld data sets (Altman et al., "Realistic
// Synthetic Financial Transactions for Anti-Money Laundering Models",
// NeurIPS 2023 Datasets and Benchmarks): the transactions of a
// *_Trans.csv file and the laundering attempts of its *_Patterns.txt answer
// key. It also writes transactions in the *_Trans.csv format ([Writer]).
//
// AMLworld rows have no ID, and identical rows are genuinely separate
// transactions, so a transaction's ID is its position: "<source>:<line>"
// ([ingest.PositionID]). An account is its bank and account number,
// "<bank>:<account>", with the bank ID as written (leading zeros kept).
// Currency names and payment formats are mapped to ISO 4217 codes and
// channels as docs/formats.md tables them; anything else rejects the row.
//
// The transactions reader is the ingest's speed reference (at least a
// million rows per second on one core, BenchmarkAMLworldReader): it parses
// timestamps and decimals by hand, remembers the last row's day, and costs
// about one allocation per row (one string holding the ID and both
// accounts; transactions are allocated in slabs).
package amlworld
