// Package report renders what Centinela found for people and for
// regulators: the alert report (HTML or Markdown, with each alert's reason
// and evidence transactions) and, for filing, the FinCEN SAR and goAML XML.
//
// Report writers take plain values (alerts, transactions, counts) and an
// io.Writer; they never read a store themselves.
package report
