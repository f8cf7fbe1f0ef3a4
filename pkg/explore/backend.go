package explore

import (
	"sync"

	"github.com/gomlx/compute"

	"github.com/losscourse/losscourse/pkg/backend"
)

var (
	backendOnce   sync.Once
	backendValue  compute.Backend
	backendConfig string
	backendErr    error
)

// Backend returns the backend the explorers compute on when given none: the
// one pkg/backend chooses ($GOMLX_BACKEND, else XLA when a PJRT plugin is
// installed, else pure Go), started once per process without backend.New's log
// line (an explorer reports it in its CHECK line instead), and its
// configuration name.
func Backend() (compute.Backend, string, error) {
	backendOnce.Do(func() {
		quiet := backend.Quiet
		backend.Quiet = true
		var choice backend.Choice
		backendValue, choice, backendErr = backend.New()
		backend.Quiet = quiet
		backendConfig = choice.Config
	})
	return backendValue, backendConfig, backendErr
}

// orDefault returns b, or Backend() when b is nil.
func orDefault(b compute.Backend) (compute.Backend, error) {
	if b != nil {
		return b, nil
	}
	d, _, err := Backend()
	return d, err
}
