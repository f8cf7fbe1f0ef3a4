package bcegrad

func init() {
	for i := range exZ {
		exZ[i], exY[i] = 0, 0.5
	}
}
