#!/usr/bin/env bash
# Mutation testing of the exercises' reference solutions with gremlins
# (github.com/go-gremlins/gremlins, pinned in tools/go.mod).
#
#   scripts/mutation.sh                      # every exercise (one at a time; ~1 min per exercise on 2 cores)
#   scripts/mutation.sh 08_regression 10_triplet
#
# For each exercise it assembles a throw-away module in a mktemp directory:
# exercises/go.mod (replace pointing at this repository), exercises/internal,
# and NN_name/ = solutions/NN_name/*.go + the visible tests exercises/NN_name/*_test.go
# + the hidden tests cmd/grade/testdata/hidden/NN_name/*_test.go (as hidden_*). It runs
# gremlins with every mutator enabled on that module (internal/ excluded), writes
# the machine-readable result to tests/mutation/results/NN_name.json (and the
# digest of the solution and tests it measured to NN_name.inputs) and finally
# regenerates tests/mutation/REPORT.md (go run ./tests/mutation/report), which
# applies the reviewed equivalent mutants of tests/mutation/equivalent.txt.
#
# Not part of scripts/test.sh: it takes about an hour for all exercises on a
# loaded 2-core machine (every mutant is a go test build). The committed data is
# checked by tests/exercises_mutation_test.go (efficacy >= 95 % per exercise,
# every surviving mutant reviewed as equivalent in tests/mutation/equivalent.txt).
# MUTATION_WORKERS (default 1) and MUTATION_TIMEOUT_COEFFICIENT (default 10) tune gremlins.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
workers="${MUTATION_WORKERS:-1}"

if [[ $# -gt 0 ]]; then
  exercises=("$@")
else
  exercises=()
  for d in exercises/[0-9][0-9]_*/; do exercises+=("$(basename "$d")"); done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== building gremlins (tools/go.mod)"
go build -modfile=tools/go.mod -o "$tmp/gremlins" github.com/go-gremlins/gremlins/cmd/gremlins
mkdir -p tests/mutation/results

for ex in "${exercises[@]}"; do
  [[ -d "solutions/$ex" ]] || { echo "no solutions/$ex" >&2; exit 2; }
  mod="$tmp/mod-$ex"
  mkdir -p "$mod/$ex"
  cp exercises/go.mod exercises/go.sum "$mod/"
  # The exercises module's replace directive is relative (=> ../): point it at this repository.
  sed -i "s#=> \.\./*\$#=> $root#" "$mod/go.mod"
  cp -r exercises/internal "$mod/"
  cp "solutions/$ex"/*.go "$mod/$ex/"
  cp "exercises/$ex"/*_test.go "$mod/$ex/"
  for h in "cmd/grade/testdata/hidden/$ex"/*_test.go; do
    [[ -e "$h" ]] && cp "$h" "$mod/$ex/hidden_$(basename "$h")"
  done
  [[ -d "exercises/$ex/testdata" ]] && cp -r "exercises/$ex/testdata" "$mod/$ex/"
  echo "== $ex"
  start=$(date +%s)
  digest=$(go run ./tests/mutation/report digest "$ex")
  # --test-cpu is not used: gremlins v0.6.0 passes it to go test as one argument ("-cpu N"), which fails every run.
  # --timeout-coefficient: gremlins' per-mutant time limit is this multiple of the coverage run's time; on a
  # loaded machine the default times out mutants that are merely slow.
  (cd "$mod" && "$tmp/gremlins" unleash --workers "$workers" --timeout-coefficient "${MUTATION_TIMEOUT_COEFFICIENT:-10}" --exclude-files '^internal/' \
      --invert-assignments --invert-bitwise --invert-bwassign --invert-logical --invert-loopctrl --remove-self-assignments \
      --output "$tmp/$ex.json" . ) > "$tmp/$ex.log" 2>&1 || { cat "$tmp/$ex.log"; exit 1; }
  grep -E 'LIVED|TIMED OUT|NOT VIABLE|NOT COVERED|Killed:|Timed out:|efficacy|coverage' "$tmp/$ex.log" || true
  echo "   ($(( $(date +%s) - start )) s)"
  # Keep the JSON stable for review: drop the elapsed time.
  sed -E 's/"elapsed_time":[0-9.e+-]+,?//' "$tmp/$ex.json" > "tests/mutation/results/$ex.json"
  echo "$digest" > "tests/mutation/results/$ex.inputs"
  rm -rf "$mod"
done

go run ./tests/mutation/report
