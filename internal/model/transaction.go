package model

import "time"

// Channel is the payment rail or instrument of a transaction.
type Channel string

// Channels. The last two exist for research data sets whose rails are not
// specific: AMLworld's "Cash" (a cash payment, neither deposit nor
// withdrawal) and AMLSim's "TRANSFER".
const (
	ChannelWire           Channel = "wire"
	ChannelACH            Channel = "ach"
	ChannelP2P            Channel = "p2p"
	ChannelCard           Channel = "card"
	ChannelCashDeposit    Channel = "cash_deposit"
	ChannelCashWithdrawal Channel = "cash_withdrawal"
	ChannelCashiersCheck  Channel = "cashiers_check"
	ChannelCheck          Channel = "check"
	ChannelCrypto         Channel = "crypto"
	ChannelInternal       Channel = "internal"
	ChannelCash           Channel = "cash"
	ChannelTransfer       Channel = "transfer"
)

// Channels lists every channel, in a fixed order (the order of feature
// vectors that are indexed by channel).
var Channels = []Channel{
	ChannelWire, ChannelACH, ChannelP2P, ChannelCard, ChannelCashDeposit, ChannelCashWithdrawal,
	ChannelCashiersCheck, ChannelCheck, ChannelCrypto, ChannelInternal, ChannelCash, ChannelTransfer,
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c.Index() >= 0 }

// Index returns c's position in Channels, or -1.
func (c Channel) Index() int {
	for i, k := range Channels {
		if k == c {
			return i
		}
	}
	return -1
}

// IsCash reports whether the channel moves physical cash.
func (c Channel) IsCash() bool {
	return c == ChannelCashDeposit || c == ChannelCashWithdrawal || c == ChannelCash
}

// Counterparty describes the off-us side of a transaction: the party at
// another institution (or the merchant of a card payment, the payee of a
// cashier's check), as far as the payment message tells.
type Counterparty struct {
	Name    string    `json:"name,omitempty"`
	Country string    `json:"country,omitempty"`
	Type    PartyKind `json:"type,omitempty"`
	NAICS   string    `json:"naics,omitempty"` // industry code when known (escrow and title: 531390, 524127)
	Bank    string    `json:"bank,omitempty"`
	Account string    `json:"account,omitempty"`
}

// IsZero reports whether no field of c is set.
func (c Counterparty) IsZero() bool { return c == Counterparty{} }

// Transaction is one movement of money from an originator account to a
// beneficiary account. A cash deposit has no originator account and a cash
// withdrawal no beneficiary account.
type Transaction struct {
	ID               string       `json:"id"`
	Time             time.Time    `json:"timestamp"`
	Originator       string       `json:"originator_account,omitempty"`
	Beneficiary      string       `json:"beneficiary_account,omitempty"`
	Amount           float64      `json:"amount"`   // paid by the originator
	Currency         string       `json:"currency"` // of Amount
	AmountReceived   float64      `json:"amount_received,omitempty"`
	CurrencyReceived string       `json:"currency_received,omitempty"`
	Channel          Channel      `json:"channel"`
	Memo             string       `json:"memo,omitempty"`
	Counterparty     Counterparty `json:"counterparty,omitzero"`
	Branch           string       `json:"branch,omitempty"`
	MCC              string       `json:"mcc,omitempty"` // ISO 18245 merchant category code of a card payment
}

// Received returns the amount and currency credited to the beneficiary:
// AmountReceived and CurrencyReceived when set, else Amount and Currency.
func (t *Transaction) Received() (float64, string) {
	if t.CurrencyReceived == "" {
		return t.Amount, t.Currency
	}
	return t.AmountReceived, t.CurrencyReceived
}
