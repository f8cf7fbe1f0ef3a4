package losses

// Delta sets the threshold δ of Huber: quadratic for |ŷ−y| < δ, linear beyond
// (default 1). δ must be > 0; δ = +Inf gives ½(ŷ−y)² everywhere. PyTorch:
// nn.HuberLoss(delta=...); Optax huber_loss(delta=...).
func Delta(d float64) Option { return Option{name: "Delta", apply: func(o *options) { o.delta = d }} }

// Beta sets the threshold β of SmoothL1 (default 1). β must be finite and >= 0;
// β = 0 gives the plain L1 loss, as in PyTorch nn.SmoothL1Loss(beta=...).
func Beta(b float64) Option { return Option{name: "Beta", apply: func(o *options) { o.beta = b }} }

// Full adds the constant ½·log(2π) to each element of GaussianNLL, so that the
// loss is the exact negative log-density (PyTorch GaussianNLLLoss(full=True)).
func Full() Option { return Option{name: "Full", apply: func(o *options) { o.fullVar = true }} }

// Eps sets a small positive constant (default 1e-6) whose role depends on the loss:
//
//   - GaussianNLL / LaplaceNLL: the variance (scale) is clamped to at least eps in
//     the forward pass, PyTorch GaussianNLLLoss(eps=...) style (see GaussianNLL for
//     the gradient of the clamp).
//   - TripletMargin / Contrastive / PairwiseDistance: added to the difference a−b
//     before the L2 norm (PyTorch pairwise_distance(eps=...)), and the lower bound of
//     the vector norms in the cosine distance.
//
// eps must be finite and >= 0.
func Eps(eps float64) Option { return Option{name: "Eps", apply: func(o *options) { o.eps = eps }} }
