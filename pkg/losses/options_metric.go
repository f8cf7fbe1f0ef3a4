package losses

// Margin sets the margin m of TripletMargin and Contrastive (default 1). m must be
// finite and >= 0.
// PyTorch: TripletMarginLoss(margin=...).
func Margin(m float64) Option {
	return Option{name: "Margin", apply: func(o *options) { o.margin = m }}
}

// Dist selects the distance of TripletMargin and Contrastive (default DistanceL2).
// PyTorch: TripletMarginWithDistanceLoss(distance_function=...).
func Dist(d Distance) Option { return Option{name: "Dist", apply: func(o *options) { o.distance = d }} }

// Swap enables the distance swap of TripletMargin (Balntas et al. 2016): the
// negative distance is min(d(a,n), d(p,n)). PyTorch: TripletMarginLoss(swap=True).
func Swap() Option { return Option{name: "Swap", apply: func(o *options) { o.swap = true }} }

// Temperature sets τ of NTXent, NTXentChunked and InfoNCE: similarities are divided by τ
// (default 0.5, the syllabus' value; SimCLR used 0.1–1.0, CLIP learns it, starting at 0.07).
// τ must be finite and > 0.
func Temperature(tau float64) Option {
	return Option{name: "Temperature", apply: func(o *options) { o.temperature = tau }}
}

// Symmetric makes InfoNCE average the query→key and key→query cross-entropies,
// as CLIP does: ℓᵢ = ½(CE(row i) + CE(column i)).
func Symmetric() Option {
	return Option{name: "Symmetric", apply: func(o *options) { o.symmetric = true }}
}
