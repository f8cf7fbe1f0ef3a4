package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

func init() { backend.Quiet = true }

// TestDemoLearnsWithEveryLoss trains briefly with each loss and requires the
// test accuracy to beat chance clearly: the demo is the README's first command.
func TestDemoLearnsWithEveryLoss(t *testing.T) {
	accRe := regexp.MustCompile(`test accuracy: ([0-9.]+)`)
	for _, loss := range lossNames {
		t.Run(loss, func(t *testing.T) {
			var out bytes.Buffer
			err := run(config{loss: loss, data: "moons", steps: 150, batch: 64, lr: 0.02, seed: 3}, &out)
			if err != nil {
				t.Fatalf("demo -loss=%s: %v", loss, err)
			}
			m := accRe.FindStringSubmatch(out.String())
			if m == nil {
				t.Fatalf("demo -loss=%s printed no test accuracy:\n%s", loss, out.String())
			}
			acc, _ := strconv.ParseFloat(m[1], 64)
			if acc < 0.85 {
				t.Errorf("demo -loss=%s on moons: test accuracy %.3f, want ≥ 0.85\n%s", loss, acc, out.String())
			}
		})
	}
}

func TestDemoRejectsBadFlags(t *testing.T) {
	for _, c := range []config{
		{loss: "nope", data: "moons", steps: 1, batch: 8, lr: 0.01},
		{loss: "ce", data: "nope", steps: 1, batch: 8, lr: 0.01},
		{loss: "bce", data: "spirals", steps: 1, batch: 8, lr: 0.01},
	} {
		if err := run(c, &bytes.Buffer{}); err == nil {
			t.Errorf("demo -loss=%s -data=%s: got no error, want one", c.loss, c.data)
		}
	}
}
