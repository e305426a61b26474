// Package synth generates a synthetic bank: a population of customers with
// realistic, varied ordinary behaviour, laundering cases planted among them
// with their ground truth, and look-alike customers that resemble
// launderers but are not. The output is Centinela's native format (parties,
// accounts, transactions, labels), written through an Output.
//
// Generate is deterministic per Config (same seed, same bytes) and
// streams: it builds the population, then makes the history day by day,
// writing each day's transactions in time order, so memory grows with the
// population, not with the number of transactions.
//
// What is planted: the typologies of FinCEN advisory FIN-2025-A003 (money
// mules with unexplained wealth, structuring, smurfing across branches,
// funnel accounts, rapid pass-through to CN/HK/MX, cashier's checks to
// real-estate escrow, daigou and trade-based laundering, mirror transfers
// through correspondent banks, insiders, shared identifiers), the eight
// graph patterns of IBM AMLworld, and names on the OFAC SDN list written
// the way a bank would record them. docs/generator.md describes each, with
// the parameters and the look-alikes that mirror them.
//
// Files: config.go (Config and defaults), generate.go (the driver and
// Summary), output.go (CSV, JSON lines, Memory), calendar.go (days, pay
// schedules, holidays, time zone), population.go and profiles.go (parties,
// accounts, KYC, households, businesses, behaviour profiles), behaviour.go
// (each day's ordinary transactions), lookalikes.go, plant*.go (the planted
// cases), names*.go and identity.go (names, documents, phones, IDs),
// bank_data.go and counterparties.go (branches, pools of counterparties,
// merchants), sanctions.go (the embedded SDN facts).
package synth
