package gradcheck

import (
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
)

func shapesFloat64(dims []int) shapes.Shape { return shapes.Make(dtypes.Float64, dims...) }
