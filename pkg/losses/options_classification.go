package losses

import . "github.com/gomlx/gomlx/core/graph"

// PosWeight weights the positive term of binary cross-entropy with logits:
// ℓ = −[p·y·log σ(z) + (1−y)·log(1−σ(z))]. Broadcast over the last axis (shape [C]) or
// the full shape of the logits. PyTorch: BCEWithLogitsLoss(pos_weight=...).
func PosWeight(w *Node) Option { return Option{name: "PosWeight", apply: func(o *options) { o.posWeight = w }} }
