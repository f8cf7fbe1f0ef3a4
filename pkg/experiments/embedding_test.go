package experiments

import "testing"

// TestEmbeddingStudy runs a short study (2 seeds, 300 steps: too short for the
// supervised embeddings to beat PCA-8 reliably, which the notebook checks at 2000)
// and checks the numbers are in range, NT-Xent learns, and small_tau_beats_tau1
// fails when τ does not matter.
func TestEmbeddingStudy(t *testing.T) {
	st, err := RunEmbeddingStudy(backendForTest(), EmbeddingConfig{Steps: 300}, []float64{0.1, 1}, []uint64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + st.Table())
	for name, r := range st.Recall {
		if len(r) != 2 || minOf(r) < 0.1 || maxOf(r) > 1 {
			t.Errorf("%s: recall@1 %v, want two values in [0.1, 1]", name, r)
		}
	}
	v := verdicts(st.Claims())
	for _, name := range []string{"ntxent_recall1_gt_untrained", "triplet_recall1_gt_untrained"} {
		if !v[name].OK {
			t.Errorf("claim %s fails at 300 steps: %s", name, v[name].Text)
		}
	}
	if _, ok := v["small_tau_beats_tau1"]; !ok {
		t.Error("small_tau_beats_tau1 not evaluated")
	}
	if len(st.Embeddings["triplet"]) != st.Test.Len() {
		t.Errorf("Embeddings[triplet]: %d rows, want one per test digit (%d)", len(st.Embeddings["triplet"]), st.Test.Len())
	}
	// Break it: a triplet loss that does not train the network.
	saved := st.Recall["triplet"]
	st.Recall["triplet"] = st.Recall["untrained"]
	if v := verdicts(st.Claims())["triplet_recall1_gt_untrained"]; v.OK {
		t.Errorf("triplet_recall1_gt_untrained holds for an untrained network: %s", v.Text)
	}
	st.Recall["triplet"] = saved
	// Break it: τ ignored (every temperature gives τ = 1's embedding).
	st.Recall[NTXentName(0.1)] = st.Recall[NTXentName(1)]
	if v := verdicts(st.Claims())["small_tau_beats_tau1"]; v.OK {
		t.Errorf("small_tau_beats_tau1 holds when τ does not matter: %s", v.Text)
	}
}
