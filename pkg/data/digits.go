package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"image"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

// DigitsAttribution is the citation that must accompany the digits data (CC BY 4.0).
const DigitsAttribution = "Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of Handwritten Digits [Dataset]. " +
	"UCI Machine Learning Repository. https://doi.org/10.24432/C50P49 (CC BY 4.0)"

const (
	// DigitsRows is the number of images in the digits file.
	DigitsRows = 1797
	// DigitsSide is the side of each square image: 8×8 = 64 pixels.
	DigitsSide = 8
	// DigitsSHA256 is the checksum of the embedded digits.csv.gz.
	DigitsSHA256 = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"

	digitsWidth = DigitsSide*DigitsSide + 1 // 64 pixels + label.

	// DigitsMaxBytes is the most decompressed input LoadDigitsFrom reads: 256
	// bytes per row (a row of the format is at most 195: 64 two-digit pixels, a
	// label, 64 commas and "\r\n"; the embedded file's longest is 156), so a
	// gzip bomb is rejected after reading 460,032 bytes, not gigabytes.
	DigitsMaxBytes = DigitsRows * 256
)

// digitsGz is the UCI "Optical Recognition of Handwritten Digits" data
// (Alpaydin & Kaynak 1998, CC BY 4.0, see DIGITS_LICENSE.md).
//
//go:embed digits.csv.gz
var digitsGz []byte

var (
	digitsOnce sync.Once
	digitsData *Classification
	digitsErr  error
)

// LoadDigits returns the 8×8 UCI handwritten digits embedded in the package:
// 1,797 images of 64 pixels in row-major order, scaled from 0..16 to [0,1]
// (pixel/16), labels 0..9, Names "0".."9". The data is "Alpaydin, E. & Kaynak, C.
// (1998). Optical Recognition of Handwritten Digits [Dataset]. UCI Machine
// Learning Repository. https://doi.org/10.24432/C50P49", licensed CC BY 4.0
// (DigitsAttribution, DIGITS_LICENSE.md) — the same images as scikit-learn's
// load_digits. The embedded file is checked against DigitsSHA256. Each call
// returns a fresh deep copy, so callers may modify it.
func LoadDigits() (*Classification, error) {
	digitsOnce.Do(func() {
		sum := sha256.Sum256(digitsGz)
		if got := hex.EncodeToString(sum[:]); got != DigitsSHA256 {
			digitsErr = errorf("LoadDigits", "", "embedded digits.csv.gz has sha256 %s, want %s", got, DigitsSHA256)
			return
		}
		digitsData, digitsErr = loadDigits("LoadDigits", bytes.NewReader(digitsGz))
	})
	if digitsErr != nil {
		return nil, digitsErr
	}
	return digitsData.Subset(identity(DigitsRows))
}

// LoadDigitsFrom reads digits in the format of the embedded file — gzip'd CSV,
// no header, exactly 1,797 rows of 65 integers: 64 pixels in 0..16 then the label
// in 0..9 — and returns them as LoadDigits does. At most DigitsMaxBytes of
// decompressed input are read (a larger stream, such as a gzip bomb, is an
// error). Corrupt input returns an error naming the row and column (1-based), e.g.
//
//	data.LoadDigitsFrom: argument r: row 12, column 65: label 11 is outside 0..9
func LoadDigitsFrom(r io.Reader) (*Classification, error) {
	return loadDigits("LoadDigitsFrom", r)
}

func loadDigits(fn string, r io.Reader) (*Classification, error) {
	if r == nil {
		return nil, errorf(fn, "r", "is nil")
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, errorf(fn, "r", "not a gzip stream: %v", err)
	}
	defer zr.Close()
	raw, err := io.ReadAll(io.LimitReader(zr, DigitsMaxBytes+1))
	if err != nil {
		return nil, errorf(fn, "r", "corrupt gzip stream: %v", err)
	}
	if len(raw) > DigitsMaxBytes {
		return nil, errorf(fn, "r", "decompresses to more than DigitsMaxBytes (%d bytes): not a digits file (%d rows of at most 256 bytes)", DigitsMaxBytes, DigitsRows)
	}
	c := &Classification{X: newMatrix(DigitsRows, DigitsSide*DigitsSide), Y: make([]int, DigitsRows),
		Classes: 10, Names: defaultNames(10)}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	row := 0
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			return nil, errorf(fn, "r", "row %d is empty", row+1)
		}
		row++
		if row > DigitsRows {
			return nil, errorf(fn, "r", "has more than %d rows (row %d)", DigitsRows, row)
		}
		fields := strings.Split(line, ",")
		if len(fields) != digitsWidth {
			return nil, errorf(fn, "r", "row %d has %d columns, want %d (64 pixels + label)", row, len(fields), digitsWidth)
		}
		for col, f := range fields {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				return nil, errorf(fn, "r", "row %d, column %d: %q is not an integer", row, col+1, f)
			}
			if col == digitsWidth-1 {
				if v < 0 || v > 9 {
					return nil, errorf(fn, "r", "row %d, column %d: label %d is outside 0..9", row, col+1, v)
				}
				c.Y[row-1] = v
				continue
			}
			if v < 0 || v > 16 {
				return nil, errorf(fn, "r", "row %d, column %d: pixel %d is outside 0..16", row, col+1, v)
			}
			c.X[row-1][col] = float64(v) / 16
		}
	}
	if err := sc.Err(); err != nil {
		return nil, errorf(fn, "r", "reading after row %d: %v", row, err)
	}
	if row != DigitsRows {
		return nil, errorf(fn, "r", "has %d rows, want %d", row, DigitsRows)
	}
	return c, nil
}

// DigitImage reshapes one digits row (64 values, row-major) into an 8×8 grid,
// img[row][col], for heat-map plots.
func DigitImage(x []float64) ([][]float64, error) {
	if len(x) != DigitsSide*DigitsSide {
		return nil, errorf("DigitImage", "x", "has %d values, want %d (8×8)", len(x), DigitsSide*DigitsSide)
	}
	img := make([][]float64, DigitsSide)
	for i := range img {
		img[i] = append([]float64(nil), x[i*DigitsSide:(i+1)*DigitsSide]...)
	}
	return img, nil
}

// DigitGray converts one digits row (64 values in [0,1], row-major) into an 8×8
// *image.Gray, 0 → black, 1 → white (values are clamped to [0,1] and rounded
// to 0..255), ready for png.Encode or a notebook display.
func DigitGray(x []float64) (*image.Gray, error) {
	if len(x) != DigitsSide*DigitsSide {
		return nil, errorf("DigitGray", "x", "has %d values, want %d (8×8)", len(x), DigitsSide*DigitsSide)
	}
	img := image.NewGray(image.Rect(0, 0, DigitsSide, DigitsSide))
	for i, v := range x {
		if math.IsNaN(v) {
			v = 0
		}
		v = min(1, max(0, v))
		img.Pix[(i/DigitsSide)*img.Stride+i%DigitsSide] = uint8(math.Round(v * 255))
	}
	return img, nil
}
