// Package model holds Centinela's domain types: the parties (customers and
// counterparties), accounts and transactions that readers produce, the
// alerts that engines raise about them, and the labels that evaluators use
// to score those alerts.
//
// The types are plain values with JSON tags. Their JSON form is the native
// JSON-lines format specified in docs/formats.md, so a record written by
// encoding/json is a valid native input line.
//
// Conventions:
//   - times are UTC; dates without a time of day use [Date];
//   - countries are ISO 3166-1 alpha-2 codes ("MX", "CN", "HK");
//   - currencies are ISO 4217 alpha-3 codes ("USD", "MXN"), plus the
//     non-ISO "BTC" for bitcoin, which research data sets use;
//   - amounts are float64 in major units (dollars, not cents); reports
//     round them for display;
//   - an empty string, a nil pointer or a zero [Date] means "not known":
//     rules that need such a field report "not evaluable" rather than
//     treating it as zero.
//
// Labels ([Label]) are kept apart from transactions on purpose: detection
// engines never see them; only evaluators and backtests do.
package model
