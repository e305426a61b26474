package gbt

import "math"

// scoreBlock is the number of rows scored together, tree after tree, so
// a tree stays in cache while many rows walk it.
const scoreBlock = 64

// parallelScoreRows is the least batch split across goroutines.
const parallelScoreRows = 1024

// perfectDepth is the deepest tree laid out as a perfect binary tree for
// batch scoring (2^depth leaves); deeper trees use the linked form.
const perfectDepth = 10

// perfectNode is a split of the perfect layout. A row goes to the right
// child (heap index 2k+2) when !(sign·x < thr), else to the left (2k+1).
// With sign = 1 that is the saved rule, missing values going right. A split
// whose missing values go left is stored mirrored: children swapped,
// sign = −1 and thr = the float32 just above −threshold, so that
// !(−x < thr) ⇔ !(x ≥ threshold) holds for every x and is true for NaN.
// One comparison then routes every value, missing ones included.
type perfectNode struct {
	thr  float32
	feat int32
	sign float32
}

// linkedNode is a node of the linked batch form, for deep trees. A leaf
// has leaf = 1 and left pointing at itself, so a walk that reaches it stays.
type linkedNode struct {
	thr     float32
	feat    int32
	left    int32
	defLeft uint8
	leaf    uint8
}

// batchTree locates one tree in the batch form.
type batchTree struct {
	depth   int32
	perfect bool
	nodes   int32 // perfect: first split in batchForm.perfect; linked: root in batchForm.linked
	leaves  int32 // perfect: first leaf value in batchForm.leaves
}

// batchForm is the model laid out for batch scoring.
type batchForm struct {
	trees   []batchTree
	perfect []perfectNode
	leaves  []float32
	linked  []linkedNode
	value   []float32 // linked: leaf value by node
}

func (m *Model) compileBatch() batchForm {
	var bf batchForm
	for _, root := range m.roots {
		d := m.treeDepth(root)
		if d > perfectDepth {
			bf.trees = append(bf.trees, batchTree{depth: int32(d), nodes: root})
			continue
		}
		bt := batchTree{depth: int32(d), perfect: true, nodes: int32(len(bf.perfect)), leaves: int32(len(bf.leaves))}
		bf.perfect = append(bf.perfect, make([]perfectNode, 1<<d-1)...)
		bf.leaves = append(bf.leaves, make([]float32, 1<<d)...)
		m.layPerfect(root, 0, d, bf.perfect[bt.nodes:], bf.leaves[bt.leaves:])
		bf.trees = append(bf.trees, bt)
	}
	// The linked form holds every node at its compiled index, so roots and
	// children need no translation; it is built only for deep trees.
	hasLinked := false
	for _, bt := range bf.trees {
		hasLinked = hasLinked || !bt.perfect
	}
	if hasLinked {
		bf.linked = make([]linkedNode, len(m.nodes))
		bf.value = make([]float32, len(m.nodes))
		for i, n := range m.nodes {
			if n.feat < 0 {
				bf.linked[i] = linkedNode{left: int32(i), leaf: 1}
				bf.value[i] = n.thr
				continue
			}
			bf.linked[i] = linkedNode{thr: n.thr, feat: n.feat, left: n.left}
			if n.defLeft {
				bf.linked[i].defLeft = 1
			}
		}
	}
	return bf
}

// layPerfect writes the subtree of compiled node i at heap position k of a
// perfect tree of depth d. A leaf above the bottom fills every bottom leaf
// below it, under splits that may go either way.
func (m *Model) layPerfect(i int32, k, d int, nodes []perfectNode, leaves []float32) {
	n := m.nodes[i]
	internal := 1<<d - 1
	if n.feat < 0 {
		// Fill the leaves under heap position k.
		lo, hi := k, k
		for lo < internal {
			lo, hi = 2*lo+1, 2*hi+2
		}
		for j := lo; j <= hi; j++ {
			leaves[j-internal] = n.thr
		}
		fillPassThrough(nodes, k, internal)
		return
	}
	left, right := n.left, n.left+1
	node := perfectNode{thr: n.thr, feat: n.feat, sign: 1}
	if n.defLeft {
		node = perfectNode{thr: math.Nextafter32(-n.thr, float32(math.Inf(1))), feat: n.feat, sign: -1}
		left, right = right, left
	}
	nodes[k] = node
	m.layPerfect(left, 2*k+1, d, nodes, leaves)
	m.layPerfect(right, 2*k+2, d, nodes, leaves)
}

// fillPassThrough marks every split position under heap position k (k
// included) as a pass-through split, which routes by feature 0.
func fillPassThrough(nodes []perfectNode, k, internal int) {
	if k >= internal {
		return
	}
	nodes[k] = perfectNode{sign: 1}
	fillPassThrough(nodes, 2*k+1, internal)
	fillPassThrough(nodes, 2*k+2, internal)
}

func (m *Model) marginRange(features []float32, out []float64, lo, hi int) {
	nf := len(m.names)
	var idx [scoreBlock]int32
	bf := &m.batch
	for b := lo; b < hi; b += scoreBlock {
		e := min(b+scoreBlock, hi)
		o := out[b:e]
		rows := features[b*nf : e*nf]
		for i := range o {
			o[i] = m.base
		}
		ix := idx[:len(o)]
		for _, bt := range bf.trees {
			if bt.perfect {
				d := int(bt.depth)
				nodes := bf.perfect[bt.nodes : int(bt.nodes)+1<<d-1]
				walkPerfect(nodes, d, rows, nf, ix)
				leaves := bf.leaves[bt.leaves : int(bt.leaves)+1<<d]
				for i, k := range ix {
					o[i] += float64(leaves[int(k)-len(nodes)])
				}
				continue
			}
			walkLinked(bf.linked, bt.nodes, int(bt.depth), rows, nf, ix)
			for i, k := range ix {
				o[i] += float64(bf.value[k])
			}
		}
	}
}

// walkPerfect moves every row of a block one level down a perfect tree per
// step, all rows together, so their independent walks overlap in the
// processor; the one comparison per step becomes arithmetic, not a branch.
// On return idx holds heap positions of leaves.
func walkPerfect(nodes []perfectNode, depth int, rows []float32, nf int, idx []int32) {
	for i := range idx {
		idx[i] = 0
	}
	for range depth {
		off := 0
		for i, k := range idx {
			n := &nodes[uint32(k)]
			x := rows[off+int(n.feat)] * n.sign
			off += nf
			var left int32
			if x < n.thr {
				left = 1
			}
			idx[i] = 2*k + 2 - left
		}
	}
}

// walkLinked is walkPerfect for the linked form of a deep tree.
func walkLinked(nodes []linkedNode, root int32, steps int, rows []float32, nf int, idx []int32) {
	for i := range idx {
		idx[i] = root
	}
	for range steps {
		off := 0
		for i, k := range idx {
			n := &nodes[k]
			x := rows[off+int(n.feat)]
			off += nf
			var lt, nan int32
			if x < n.thr {
				lt = 1
			}
			if x != x {
				nan = 1
			}
			idx[i] = n.left + 1 - (lt | nan&int32(n.defLeft) | int32(n.leaf))
		}
	}
}
