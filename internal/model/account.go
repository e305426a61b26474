package model

// AccountType is the product type of an account.
type AccountType string

// Account types.
const (
	AcctChecking   AccountType = "checking"
	AcctSavings    AccountType = "savings"
	AcctCreditCard AccountType = "credit_card"
	AcctLoan       AccountType = "loan"
	AcctInvestment AccountType = "investment"
	AcctPrepaid    AccountType = "prepaid"
	AcctEscrow     AccountType = "escrow"
	AcctCrypto     AccountType = "crypto_wallet"
	AcctOther      AccountType = "other"
)

// Valid reports whether t is a known account type.
func (t AccountType) Valid() bool {
	switch t {
	case AcctChecking, AcctSavings, AcctCreditCard, AcctLoan, AcctInvestment, AcctPrepaid, AcctEscrow, AcctCrypto, AcctOther:
		return true
	}
	return false
}

// Account is an account held at a financial institution. Accounts of other
// institutions (counterparties' accounts) appear only as IDs in
// transactions unless a source describes them.
type Account struct {
	ID          string      `json:"id"`
	Institution string      `json:"institution,omitempty"` // bank identifier (RTN, BIC or the source's bank ID)
	Owners      []string    `json:"owners,omitempty"`      // party IDs
	Type        AccountType `json:"type,omitempty"`
	Currency    string      `json:"currency,omitempty"`
	Opened      Date        `json:"opened,omitzero"`
	Closed      Date        `json:"closed,omitzero"`
	Branch      string      `json:"branch,omitempty"`
}
