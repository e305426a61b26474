package gbt_test

import (
	"context"
	"fmt"

	"github.com/centinela-aml/centinela/internal/detect/gbt"
)

// A model is trained on rows of float32 features, scores new rows and
// explains each score by its features' contributions.
func Example() {
	train := &gbt.Dataset{Names: []string{"senders_24h", "amount_log"}}
	for i := range 2000 {
		senders := float32(i % 20)
		train.Features = append(train.Features, senders, float32(i%7))
		train.Labels = append(train.Labels, senders >= 15)
	}
	p := gbt.DefaultParams()
	p.Rounds = 20
	m, err := gbt.Train(context.Background(), train, nil, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, err := m.Explain([]float32{18, 3}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("probability > 0.99: %v\n", ex.Probability > 0.99)
	fmt.Printf("top feature: %s = %g, pushes up: %v\n", ex.Top[0].Feature, ex.Top[0].Value, ex.Top[0].SHAP > 0)
	// Output:
	// probability > 0.99: true
	// top feature: senders_24h = 18, pushes up: true
}
