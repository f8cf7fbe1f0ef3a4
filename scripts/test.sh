#!/usr/bin/env bash
# Runs every test of the course: the loss library, the data sets, the exercises
# (solutions pass, stubs and wrong implementations fail, the grader), the Docker
# files and every notebook executed headless with the GoNB kernel.
#
# It first installs what the tests need (Jupyter from the system packages,
# GoNB/goimports/gopls from tools/go.mod) through the lab script, and the other
# system packages listed in SYSTEM_PACKAGES below where apt-get exists, so it
# works on a fresh machine with Go. Set LOSSCOURSE_SKIP_INSTALL=1 to skip that step.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests use, as "command:package" (installed with apt-get when the command is missing).
SYSTEM_PACKAGES=(
  "docker-compose:docker-compose"   # validates docker/docker-compose.yml in tests/docker_test.go
  "bwrap:bubblewrap"                # cmd/grade runs learner code in a bubblewrap sandbox (tests/grade*_test.go)
  "chromium:chromium"               # the real-browser test of the lab, tests/browser_test.go
)

if [[ "${LOSSCOURSE_SKIP_INSTALL:-}" != 1 ]]; then
  scripts/lab.sh --install-only
  missing=()
  for spec in "${SYSTEM_PACKAGES[@]}"; do
    command -v "${spec%%:*}" >/dev/null 2>&1 || missing+=("${spec#*:}")
  done
  if [[ ${#missing[@]} -gt 0 ]] && command -v apt-get >/dev/null 2>&1 && [[ "${LAB_SKIP_APT:-}" != 1 ]]; then
    sudo_=""; [[ $(id -u) == 0 ]] || sudo_="sudo"
    echo "== installing system packages: ${missing[*]}"
    $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
      || { $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get update -q \
           && $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }
  fi
fi
export PATH="$(go env GOPATH)/bin:$PATH"
export LOSSCOURSE_FAST="${LOSSCOURSE_FAST:-1}"

echo "== gofmt"
unformatted=$(find . -name '*.go' -not -path './.git/*' -print0 | xargs -0 gofmt -l)
if [[ -n "$unformatted" ]]; then
  echo "gofmt: these files are not formatted:"; echo "$unformatted"; exit 1
fi
echo "== go vet"
go vet ./...
(cd exercises && go vet ./...)   # the exercises are their own module
go vet -tags=losscourse_noxla ./pkg/backend ./pkg/course   # the build GoNB cells get without a PJRT plugin
echo "== go test"
go test -count=1 -tags=losscourse_noxla ./pkg/backend
go test -count=1 -timeout 80m "$@" ./...
