package nll

import (
	"os"
	"testing"
)

func repeat(x float64, n int) float64 { return x * float64(n) }

func TestTask1MyIdea(t *testing.T) { t.Fatal("work in progress") }

func TestMain(m *testing.M) { os.Exit(1) }
