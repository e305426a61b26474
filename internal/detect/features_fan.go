package detect

import "time"

// fanFeatures are GFP's first features (Blanuša et al., ICAIF 2024): for a
// transaction u→v, the fan-out, fan-in, degree-out and degree-in of u and of
// v over the feature window, counting this transaction and every earlier
// one in the window. Fan counts distinct counterparties other than the
// account itself; degree counts edges, self-loops included. A missing side
// (cash) has all zeros.
type fanFeatures struct {
	v *view
	n []FeatureSpec
}

func newFanFeatures(e *Engine, v *view) *fanFeatures {
	w := windowLabel(time.Duration(v.window))
	within := " within " + w
	return &fanFeatures{v: v, n: []FeatureSpec{
		{Name: "src_fan_out_" + w, Phrase: "the originator paid %s distinct accounts" + within},
		{Name: "src_fan_in_" + w, Phrase: "the originator was paid by %s distinct accounts" + within},
		{Name: "src_deg_out_" + w, Phrase: "the originator made %s payments" + within},
		{Name: "src_deg_in_" + w, Phrase: "the originator received %s payments" + within},
		{Name: "dst_fan_out_" + w, Phrase: "the beneficiary paid %s distinct accounts" + within},
		{Name: "dst_fan_in_" + w, Phrase: "the beneficiary was paid by %s distinct accounts" + within},
		{Name: "dst_deg_out_" + w, Phrase: "the beneficiary made %s payments" + within},
		{Name: "dst_deg_in_" + w, Phrase: "the beneficiary received %s payments" + within},
	}}
}

func (f *fanFeatures) specs() []FeatureSpec { return f.n }

func (f *fanFeatures) view() *view { return f.v }

func (f *fanFeatures) onInsert(i int, _ uint64, e *edge, dst []float32) {
	put := func(n node, dst []float32) {
		if n == 0 {
			dst[0], dst[1], dst[2], dst[3] = 0, 0, 0, 0
			return
		}
		c := &f.v.c[n]
		dst[0], dst[1], dst[2], dst[3] = float32(c.fanOut), float32(c.fanIn), float32(c.degOut), float32(c.degIn)
	}
	put(e.src, dst[0:4])
	put(e.dst, dst[4:8])
}
