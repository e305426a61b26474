// Package csvscan is the streaming CSV row scanner that every ingest reader
// is built on. It is the hot loop of the whole ingest, so it reads into one
// reusable buffer and hands out fields as slices of it: a row without quotes
// costs no allocation at all.
//
// What it does, per docs/formats.md, "Rules common to every format":
//   - RFC 4180: fields may be quoted with '"'; a quote inside a quoted field
//     is doubled; quoted fields may hold commas and line breaks, and the
//     line numbers of the rows that follow stay right;
//   - a UTF-8 byte-order mark at the start is skipped; lines end in LF or
//     CRLF (a CRLF inside a quoted field becomes LF);
//   - blank lines (empty, or only spaces and tabs) are skipped and counted;
//   - a row that is not valid UTF-8, that has a bare quote in an unquoted
//     field, text after a closing quote, an unterminated quote, or (once
//     [Scanner.Expect] names the columns) the wrong number of fields is
//     returned as an *ingest.RowError and the scanner moves on to the next
//     row.
//
// A quote only opens a quoted field when it is the first character of the
// field; anywhere else it is an error. So a row can only span several lines
// through a field that starts with a quote, and a bad row never swallows the
// rows after it (except an unterminated quote, which runs to the end of the
// file or to [Scanner.MaxRow] bytes).
//
// Columns in messages are 1-based character (not byte) positions counted
// from the start of the row; a line break inside a quoted field counts as
// one character.
package csvscan
