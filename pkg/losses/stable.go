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
// softplus(−∞) = 0 and softplus(+∞) = +∞, as the limits.
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

// logistic holds the pieces of σ(z) shared by the logit losses, from a single Exp:
//
//	absZ = |z|,  e = exp(−|z|) ∈ (0, 1],  nonNeg = z ≥ 0
//	tail = log1p(e) ∈ (0, log 2]         (never overflows, keeps the tail for large |z|)
//	sig  = σ(z) = 1/(1+e) for z ≥ 0,  e/(1+e) for z < 0
//
// Both branches of σ are exact quotients (no 1 − σ cancellation), so σ(−30) is
// still ≈ 9.4e−14 in float32. Sharing e saves the second exponential a separate
// Sigmoid would cost: on the pure-Go backend the transcendental functions dominate
// the cost of these losses. NaN logits give NaN in every piece; z = ±∞ gives
// e = 0, tail = 0 and σ = 1 or 0.
type logistic struct {
	z, absZ, nonNeg, tail, sig *Node
}

func newLogistic(z *Node) *logistic {
	g, dt := z.Graph(), z.DType()
	absZ := Abs(z)
	e := Exp(Neg(absZ))
	nonNeg := GreaterOrEqual(z, ScalarZero(g, dt))
	num := Where(nonNeg, ScalarOne(g, dt), e)
	return &logistic{z: z, absZ: absZ, nonNeg: nonNeg, tail: Log1p(e), sig: Div(num, OnePlus(e))}
}

// bce is the binary cross-entropy on logits, ℓ = max(z, 0) − z·y + log1p(exp(−|z|)),
// written as
//
//	ℓ = tail + |z|·t,   t = 1 − y for z ≥ 0,  t = y for z < 0
//
// (the "wrong-side" mass of the target), with |z|·t taken as 0 where t = 0. The
// two forms are equal for finite z; the second one also gives the limits at
// z = ±∞: 0 on the side the target agrees with (y = 1 at +∞, y = 0 at −∞), +∞
// otherwise — where max(z, 0) − z·y would be ∞ − ∞ = NaN. A NaN in z or y gives NaN.
//
// With a positive-class weight p (PyTorch pos_weight), ℓ = (1−y)·z + L·softplus(−z),
// L = 1 + (p−1)·y, is written the same way: ℓ = L·tail + |z|·t with t = 1 − y
// for z ≥ 0 and t = p·y for z < 0.
func (l *logistic) bce(y, posWeight *Node) *Node {
	g, dt := l.z.Graph(), l.z.DType()
	var t, tail *Node
	if posWeight == nil {
		t = Where(l.nonNeg, OneMinus(y), y)
		tail = l.tail
	} else {
		t = Where(l.nonNeg, OneMinus(y), Mul(posWeight, y))
		tail = Mul(OnePlus(Mul(SubScalar(posWeight, 1), y)), l.tail)
	}
	zero := ScalarZero(g, dt)
	lin := Where(Equal(t, zero), zero, Mul(l.absZ, t))
	return Add(lin, tail)
}

// logSigmoid returns log σ(z) = −(max(−z, 0) + tail) and log σ(−z) = −(max(z, 0) + tail).
func (l *logistic) logSigmoid() (logSig, logSigNeg *Node) {
	return Neg(Add(MaxScalar(Neg(l.z), 0), l.tail)), Neg(Add(MaxScalar(l.z, 0), l.tail))
}
