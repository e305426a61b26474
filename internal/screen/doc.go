// Package screen matches parties against sanctions and watch lists.
//
// An Index holds the entities of one or more lists (parsed by the
// packages under lists/) with every name normalised and transliterated
// (see normalize.go and package translit), and a candidate index over
// their words. Index.Match scores a Query — names, type, birth date,
// nationalities, identifiers — against the candidates with a calibrated
// name score (1 for the same name, near 0 for unrelated names, rare words
// weighing more than common ones), adjusts it by the other fields, and
// returns the hits at or above the threshold, each with its Explanation.
// A Screener serves an index and swaps in a reloaded one atomically.
// Hits become alerts with Hit.Alert; an FTO designation is critical.
//
// docs/screening.md describes the method, its parameters and their
// sources; docs/benchmarks.md has the measured accuracy and speed.
package screen
