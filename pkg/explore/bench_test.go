package explore

import "testing"

// BenchmarkRender measures one redraw of each explorer (what a slider move
// costs): compute with pkg/losses on the default backend and draw the SVG.
// The regression frame includes 600 Adam steps of five fits, the β-VAE frame
// 400 Adam steps of a linear VAE.
func BenchmarkRender(b *testing.B) {
	for _, e := range []*Explorer{Classification(), Regression(), InfoNCETemperature(), BetaVAE()} {
		b.Run(e.Name, func(b *testing.B) {
			p := e.Params[0]
			v := e.Start()
			if _, err := e.Render(v); err != nil { // first frame: caches and one-time graphs
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				v[p.Key] = p.Values[i%len(p.Values)]
				if _, err := e.Render(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
