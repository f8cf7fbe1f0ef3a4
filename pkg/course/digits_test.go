package course

import "testing"

func TestDigitsSplit(t *testing.T) {
	tr, te, err := DigitsSplit()
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len()+te.Len() != 1797 || te.Len() < 340 || te.Len() > 380 {
		t.Errorf("split %d + %d, want 1797 digits with about 20 %% for testing", tr.Len(), te.Len())
	}
	tr2, _, _ := DigitsSplit()
	if tr2.Fingerprint() != tr.Fingerprint() {
		t.Error("DigitsSplit is not deterministic")
	}
}

func TestDigitGrid(t *testing.T) {
	row := make([]float64, 64)
	row[0], row[63] = 1, 2 // 2 is clipped to white
	img := DigitGrid([][]float64{row, row, row}, 2, 3)
	if b := img.Bounds(); b.Dx() != 2*9*3 || b.Dy() != 2*9*3 {
		t.Errorf("bounds %v, want 54×54 (2 per row, 2 rows, 9 px per digit ×3)", b)
	}
	if r, _, _, _ := img.At(0, 0).RGBA(); r != 0xffff {
		t.Errorf("pixel (0,0) = %d, want white", r)
	}
	if r, _, _, _ := img.At(3, 0).RGBA(); r != 0 {
		t.Errorf("pixel (3,0) = %d, want black", r)
	}
}
