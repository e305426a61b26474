// Package builtin embeds the default screening lists in the binary, so
// that screening works from a clean clone without the shared data: the
// OFAC SDN list published 2026-08-20 (JSON mirror, CC0; the list itself is
// a US Government work, 17 U.S.C. 105), OFAC's SDN.CSV of 2024-05-03 (for
// the remarks the JSON lacks: dates of birth, nationalities, identity
// numbers, Chinese Commercial Codes) and the UN Security Council
// Consolidated List of 2026-02-27 (UN public data), all gzip-compressed
// byte-for-byte copies of the files in ../shared/data/sanctions.
package builtin

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
)

//go:embed ofac-sdn-2026-08-20.json.gz
var sdnJSON []byte

//go:embed un-consolidated-2026-02-27.xml.gz
var unXML []byte

//go:embed sdn-2024-05-03.csv.gz
var sdnCSV []byte

// Dates of the embedded lists.
const (
	SDNDate        = "2026-08-20"
	SDNRemarksDate = "2024-05-03"
	UNDate         = "2026-02-27"
)

// SDNRemarks returns a reader of the embedded 2024-05-03 SDN.CSV.
func SDNRemarks() (io.Reader, error) { return gunzip(sdnCSV, "embedded OFAC SDN.CSV") }

// SDN returns a reader of the embedded OFAC SDN JSON.
func SDN() (io.Reader, error) { return gunzip(sdnJSON, "embedded OFAC SDN") }

// UN returns a reader of the embedded UN consolidated list XML.
func UN() (io.Reader, error) { return gunzip(unXML, "embedded UN list") }

func gunzip(b []byte, name string) (io.Reader, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}
