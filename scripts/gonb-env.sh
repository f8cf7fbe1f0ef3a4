#!/usr/bin/env bash
# gonb-env.sh prints, as KEY=VALUE lines, the environment under which the course runs its GoNB kernels
# (scripts/lab.sh exports it; tests/notebooks_test.go passes it to nbconvert). GoNB builds every cell as a
# program: it runs `go get` (its AutoGet) and then `go build`. On a 2-core machine that was ~6 s a cell,
# and with ~100 cells most of a notebook run:
#
#   GOFLAGS += -ldflags=-w   the linker writes no DWARF debug info: `go build` of a cell 3.9 s → 2.5 s.
#                            Panics still print file:line (that comes from the pclntab, not from DWARF).
#   GOPROXY = file://$(go env GOMODCACHE)/cache/download,<your GOPROXY>
#                            `go get` asks the proxy for the version list of every module in go.mod
#                            (~60 requests, ~2 s a cell) even when all of them are cached; answered from
#                            the module cache first, it takes 0.2 s. A module not in the cache is not
#                            found there and Go asks the next entry (your proxy), so new imports still work.
#                            GOPROXY=off (no network) is kept as it is.
#   GOFLAGS += -tags=losscourse_noxla   only where no XLA PJRT plugin is installed (`go run ./cmd/plugins`
#                            prints none) and $GOMLX_BACKEND does not ask for XLA: the cells then link
#                            the pure-Go backend only, 12 MB less, and build in ~1 s instead of 2.5 s
#                            (pkg/backend's documentation). Install a plugin later? Restart the lab.
# A GOFLAGS that already sets -ldflags or -tags keeps its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flags="$(go env GOFLAGS)"
[[ " $flags " == *" -ldflags="* ]] || flags="${flags:+$flags }-ldflags=-w"
if [[ " $flags " != *" -tags="* && "${GOMLX_BACKEND:-}" != xla* ]]; then
  plugins="$(cd "$root" && go run ./cmd/plugins)" || { echo "gonb-env.sh: go run ./cmd/plugins failed" >&2; exit 1; }
  [[ -n "$plugins" ]] || flags="$flags -tags=losscourse_noxla"
fi
proxy="$(go env GOPROXY)"
case "$proxy" in
  off | file://*) ;;
  *) proxy="file://$(go env GOMODCACHE)/cache/download${proxy:+,$proxy}" ;;
esac
echo "GOFLAGS=$flags"
echo "GOPROXY=$proxy"
