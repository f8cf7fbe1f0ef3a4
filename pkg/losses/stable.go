package losses

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// softplus is log(1 + exp(z)) computed stably for any z:
//
//	softplus(z) = max(z, 0) + log1p(exp(−|z|))
//
// exp never overflows (its argument is ≤ 0) and log1p keeps precision when
// exp(−|z|) is tiny. softplus(z) = −log(1 − sigmoid(z)) and softplus(−z) = −log sigmoid(z),
// so the binary cross-entropy with logits is BCE(z, y) = softplus(z) − y·z.
//
// Shared by the focal, GAN and VAE losses (BinaryCrossEntropyWithLogits has its own
// fused form with a closed-form gradient).
func softplus(z *Node) *Node {
	return Add(Max(z, ZerosLike(z)), Log1p(Exp(Neg(Abs(z)))))
}

// logAddExp is log(exp(a) + exp(b)), stable.
func logAddExp(a, b *Node) *Node {
	mx := Max(a, b)
	return Add(mx, Log1p(Exp(Neg(Abs(Sub(a, b))))))
}
