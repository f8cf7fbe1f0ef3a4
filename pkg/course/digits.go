package course

import (
	"image"
	"image/color"
	"math"

	"github.com/losscourse/losscourse/pkg/data"
)

// DigitsSplit returns the course's split of the 8×8 digits: 80 % training and
// 20 % test, stratified, with the fixed seed 1 (every notebook uses the same).
func DigitsSplit() (train, test *data.Classification, err error) {
	d, err := data.LoadDigits()
	if err != nil {
		return nil, nil, err
	}
	return d.Split(0.2, 1)
}

// DigitGrid tiles 8×8 digits (rows of 64 values in [0, 1], clipped) into one
// grey image, perRow digits per row with a one-pixel gap, each pixel enlarged
// scale× — e.g. test digits above their reconstructions.
func DigitGrid(rows [][]float64, perRow, scale int) image.Image {
	n := len(rows)
	nr := (n + perRow - 1) / perRow
	img := image.NewGray(image.Rect(0, 0, perRow*9*scale, nr*9*scale))
	for k, r := range rows {
		ox, oy := (k%perRow)*9*scale, (k/perRow)*9*scale
		for i := range 8 {
			for j := range 8 {
				v := uint8(math.Round(255 * math.Min(1, math.Max(0, r[i*8+j]))))
				for di := range scale {
					for dj := range scale {
						img.SetGray(ox+j*scale+dj, oy+i*scale+di, color.Gray{Y: v})
					}
				}
			}
		}
	}
	return img
}
