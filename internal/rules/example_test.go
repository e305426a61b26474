package rules_test

import (
	"fmt"
	"time"

	"github.com/centinela-aml/centinela/internal/model"
	"github.com/centinela-aml/centinela/internal/rules"
	rulefiles "github.com/centinela-aml/centinela/rules"
)

// Load the shipped library, tell the engine who owns which account, and
// feed it transactions in time order: three cash deposits at three branches
// within two days raise one smurfing alert.
func ExampleEngine() {
	lib, err := rules.Load(rulefiles.FS())
	if err != nil {
		panic(err)
	}
	kyc := rules.NewDirectory(
		[]model.Party{{ID: "P1", Kind: model.Person, Occupation: "Ama de casa"}},
		[]model.Account{{ID: "A1", Owners: []string{"P1"}}},
	)
	engine := rules.NewEngine(lib, kyc, rules.Options{})
	start := time.Date(2025, 4, 7, 9, 0, 0, 0, time.UTC)
	for i, branch := range []string{"BR-101", "BR-117", "BR-130"} {
		tx := model.Transaction{
			ID: fmt.Sprintf("T%d", i+1), Time: start.Add(time.Duration(i) * 5 * time.Hour),
			Beneficiary: "A1", Amount: 3900, Currency: "USD", Channel: model.ChannelCashDeposit, Branch: branch,
		}
		for _, alert := range engine.Observe(&tx) {
			fmt.Println(alert.ID, alert.Severity, alert.SAR)
			fmt.Println(alert.Reason)
		}
	}
	// Output:
	// SMURF-1/A1/T3 high [{8 824} {9 910} {1 114}]
	// SMURF-1 Cash smurfing into one account across branches (v1.0.0): 3 cash deposits, each below $10,000 (largest $3,900), at 3 branches (BR-101, BR-117, BR-130) within 48 hours, totalling $11,700 (thresholds 3 branches and $10,000). Window 2025-04-07 09:00 UTC to 2025-04-07 19:00 UTC; 3 transactions: T1, T2, T3.
}
