package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestLoadDigitsRealFile(t *testing.T) {
	d, err := LoadDigits()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != DigitsRows || d.Dim() != 64 || d.Classes != 10 {
		t.Fatalf("LoadDigits: got %d rows × %d features, %d classes; want 1797 × 64, 10", d.Len(), d.Dim(), d.Classes)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// Class counts of the UCI/scikit-learn digits.
	want := []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}
	got := d.ClassCounts()
	for c := range want {
		if got[c] != want[c] {
			t.Fatalf("digits class counts: got %v, want %v", got, want)
		}
	}
	// First row of the file: label 0, pixels 0,0,5,13,9,1,0,0 / 16.
	first := []float64{0, 0, 5, 13, 9, 1, 0, 0}
	for j, v := range first {
		if d.X[0][j] != v/16 {
			t.Errorf("digits row 0 pixel %d: got %g, want %g/16", j, d.X[0][j], v)
		}
	}
	if d.Y[0] != 0 {
		t.Errorf("digits row 0 label: got %d, want 0", d.Y[0])
	}
	var lo, hi float64 = 1, 0
	for _, row := range d.X {
		for _, v := range row {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo != 0 || hi != 1 {
		t.Errorf("digits pixel range: got [%g, %g], want [0, 1]", lo, hi)
	}
	// Fresh copy every call.
	d.X[0][2] = 42
	again, _ := LoadDigits()
	if again.X[0][2] != 5.0/16 {
		t.Errorf("LoadDigits returned shared memory: a caller's change is visible to the next call")
	}
	tr, te, err := again.Split(0.2, 0)
	if err != nil || tr.Len()+te.Len() != DigitsRows || te.ClassCounts()[0] != 36 {
		t.Errorf("digits Split(0.2): got %d/%d, test class-0 count %d (want 36), err %v", tr.Len(), te.Len(), te.ClassCounts()[0], err)
	}
}

// digitsCSV builds a valid digits CSV with the given number of rows, then lets
// mutate change it.
func digitsCSV(rows int, mutate func(row int, fields []string) []string) []byte {
	var b bytes.Buffer
	for i := 0; i < rows; i++ {
		fields := make([]string, 65)
		for j := 0; j < 64; j++ {
			fields[j] = fmt.Sprint((i + j) % 17)
		}
		fields[64] = fmt.Sprint(i % 10)
		if mutate != nil {
			fields = mutate(i, fields)
		}
		b.WriteString(strings.Join(fields, ",") + "\n")
	}
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestLoadDigitsFromCorruptInput(t *testing.T) {
	valid := gz(digitsCSV(DigitsRows, nil))
	if d, err := LoadDigitsFrom(bytes.NewReader(valid)); err != nil || d.Len() != DigitsRows || d.X[1][0] != 1.0/16 {
		t.Fatalf("LoadDigitsFrom(valid synthetic file): got err %v", err)
	}
	at := func(row int, f func([]string) []string) func(int, []string) []string {
		return func(i int, fields []string) []string {
			if i == row {
				return f(fields)
			}
			return fields
		}
	}
	cases := []struct {
		name, want string
		input      []byte
	}{
		{"not gzip", "not a gzip stream", digitsCSV(3, nil)},
		{"truncated gzip", "corrupt gzip stream", valid[:len(valid)/2]},
		{"too few rows", "has 1796 rows, want 1797", gz(digitsCSV(DigitsRows-1, nil))},
		{"too many rows", "more than 1797 rows (row 1798)", gz(digitsCSV(DigitsRows+1, nil))},
		{"short row", "row 5 has 64 columns, want 65", gz(digitsCSV(DigitsRows, at(4, func(f []string) []string { return f[:64] })))},
		{"pixel too big", "row 10, column 3: pixel 17 is outside 0..16", gz(digitsCSV(DigitsRows, at(9, func(f []string) []string { f[2] = "17"; return f })))},
		{"negative pixel", "row 1, column 1: pixel -1 is outside 0..16", gz(digitsCSV(DigitsRows, at(0, func(f []string) []string { f[0] = "-1"; return f })))},
		{"label too big", "row 12, column 65: label 11 is outside 0..9", gz(digitsCSV(DigitsRows, at(11, func(f []string) []string { f[64] = "11"; return f })))},
		{"not a number", `row 100, column 7: "x" is not an integer`, gz(digitsCSV(DigitsRows, at(99, func(f []string) []string { f[6] = "x"; return f })))},
		{"empty line", "row 2 is empty", gz(bytes.Replace(digitsCSV(DigitsRows, nil), []byte("\n"), []byte("\n\n"), 2)[0:])},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadDigitsFrom(bytes.NewReader(c.input))
			if err == nil {
				t.Fatalf("LoadDigitsFrom(%s): got no error, want %q", c.name, c.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Func != "data.LoadDigitsFrom" {
				t.Errorf("LoadDigitsFrom(%s): got %T %v, want *data.Error from data.LoadDigitsFrom", c.name, err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("LoadDigitsFrom(%s): got %q, want it to contain %q", c.name, err.Error(), c.want)
			}
		})
	}
}

func TestDigitImages(t *testing.T) {
	d, _ := LoadDigits()
	img, err := DigitImage(d.X[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(img) != 8 || len(img[7]) != 8 || img[0][3] != 13.0/16 || img[1][2] != d.X[0][10] {
		t.Errorf("DigitImage: got %v", img)
	}
	g, err := DigitGray(d.X[0])
	if err != nil {
		t.Fatal(err)
	}
	if b := g.Bounds(); b.Dx() != 8 || b.Dy() != 8 {
		t.Fatalf("DigitGray bounds: got %v, want 8×8", b)
	}
	if got, want := g.GrayAt(3, 0).Y, uint8(207); got != want { // round(13/16·255) = 207
		t.Errorf("DigitGray pixel (x=3,y=0): got %d, want %d", got, want)
	}
	if got := g.GrayAt(0, 0).Y; got != 0 {
		t.Errorf("DigitGray background: got %d, want 0", got)
	}
}
