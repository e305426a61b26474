package screen

import "strings"

// rfcAlphabet is the character order of the SAT check-digit algorithm for
// the Mexican R.F.C. (Registro Federal de Contribuyentes): digits 0–9, A–N,
// '&', O–Z, space, Ñ take the values 0…38. Source: SAT, "Algoritmo para
// generar el RFC con homoclave" (check digit over 12 characters, weights
// 13…2, modulus 11).
const rfcAlphabet = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"

// curpAlphabet is the character order of RENAPO's check digit for the
// C.U.R.P.: digits 0–9, A–N, Ñ, O–Z take the values 0…36. Source: RENAPO,
// "Instructivo normativo para la asignación de la CURP" (weights 18…2 over
// the first 17 characters, modulus 10).
const curpAlphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"

func alphabetValue(alphabet string, r rune) int {
	i := 0
	for _, a := range alphabet {
		if a == r {
			return i
		}
		i++
	}
	return -1
}

// RFCCheck reports on a Mexican R.F.C.: ok is false when the value is not
// shaped like an R.F.C. (3 letters for a company or 4 for a person, 6
// digits of date, optionally a 3-character homoclave); hasCheck is true
// when the homoclave is present, and then valid says whether its last
// character verifies. Hyphens and spaces are ignored.
func RFCCheck(s string) (ok, hasCheck, valid bool) {
	r := []rune(IDKey(IDRFC, s))
	n := len(r)
	var letters int
	switch n {
	case 9, 12:
		letters = 3
	case 10, 13:
		letters = 4
	default:
		return false, false, false
	}
	for i := 0; i < letters; i++ {
		if !(r[i] >= 'A' && r[i] <= 'Z') && r[i] != 'Ñ' && r[i] != '&' {
			return false, false, false
		}
	}
	for i := letters; i < letters+6; i++ {
		if r[i] < '0' || r[i] > '9' {
			return false, false, false
		}
	}
	if n == letters+6 {
		return true, false, true
	}
	// Company RFCs are padded with a leading space to 13 characters.
	if letters == 3 {
		r = append([]rune{' '}, r...)
	}
	sum := 0
	for i := 0; i < 12; i++ {
		v := alphabetValue(rfcAlphabet, r[i])
		if v < 0 {
			return true, true, false
		}
		sum += v * (13 - i)
	}
	var want rune
	switch d := 11 - sum%11; d {
	case 11:
		want = '0'
	case 10:
		want = 'A'
	default:
		want = rune('0' + d)
	}
	return true, true, r[12] == want
}

// CURPCheck reports on a Mexican C.U.R.P.: ok is false when the value is
// not 18 letters and digits in the C.U.R.P. layout; valid says whether the
// 18th character is the RENAPO check digit of the first 17.
func CURPCheck(s string) (ok, valid bool) {
	r := []rune(IDKey(IDCURP, s))
	if len(r) != 18 {
		return false, false
	}
	for i, c := range r {
		letter := (c >= 'A' && c <= 'Z') || c == 'Ñ'
		digit := c >= '0' && c <= '9'
		switch {
		case i < 4 && !letter, i >= 4 && i < 10 && !digit, i >= 10 && i < 16 && !letter, i == 17 && !digit:
			return false, false
		case i == 16 && !letter && !digit:
			return false, false
		}
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += alphabetValue(curpAlphabet, r[i]) * (18 - i)
	}
	want := rune('0' + (10-sum%10)%10)
	return true, r[17] == want
}

// ValidateIdentifier fills id.Valid: R.F.C. and C.U.R.P. values must be
// well-formed and their check characters must verify; other types are
// valid when non-empty.
func ValidateIdentifier(id Identifier) Identifier {
	switch id.Type {
	case IDRFC:
		ok, _, valid := RFCCheck(id.Value)
		id.Valid = ok && valid
	case IDCURP:
		ok, valid := CURPCheck(id.Value)
		id.Valid = ok && valid
	default:
		id.Valid = strings.TrimSpace(id.Value) != ""
	}
	return id
}
