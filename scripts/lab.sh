#!/usr/bin/env bash
# The course lab: installs what the notebooks need and starts a notebook server.
#
# Usage:
#   scripts/lab.sh                  install what is missing, register the GoNB kernel and serve notebooks/
#   scripts/lab.sh --install-only   install what is missing and register the GoNB kernel, then exit
#   scripts/lab.sh --check [NB...]  install, then execute every notebook (or the given ones) headless into a
#                                   temporary directory and report (runs `go test ./tests/ -run TestNotebooks`)
#   scripts/lab.sh --update-outputs [NB...]
#                                   install, then execute the notebooks in place (full mode unless
#                                   LOSSCOURSE_FAST=1), so they are stored with fresh outputs
#   scripts/lab.sh --help
#
# What it installs (each step is skipped when already satisfied, so a re-run takes a second or two):
#   1. Jupyter (classic notebook server + nbconvert) from the system packages where apt-get exists
#      (Debian/Ubuntu: jupyter-notebook jupyter-nbconvert python3-ipykernel); sudo is used only when not root.
#      JupyterLab (jupyter-lab) in place of the classic server also counts as present (the Docker image has it).
#   2. GoNB, goimports and gopls at the versions pinned by the `tool` directives of tools/go.mod
#      (`cd tools && go install tool`), into $(go env GOBIN) or $(go env GOPATH)/bin.
#   3. The Go modules the notebooks pin in their first cell (`-require=module@version`), plus the course
#      module's own dependencies, into the module cache, so notebooks run offline afterwards.
#   4. The GoNB Jupyter kernel (`gonb --install`; with --raw_error in check mode), into $JUPYTER_DATA_DIR
#      when set (default ~/.local/share/jupyter).
#
# Environment:
#   LAB_PORT=8888           port of the notebook server
#   LAB_IP=127.0.0.1        address the server listens on (the Docker image uses 0.0.0.0 inside the container)
#   LAB_TOKEN               access token; a random one is generated and printed when unset
#   LOSSCOURSE_FAST=1       fast mode: notebooks train smaller models for fewer steps (every claim keeps its sign)
#   LAB_SKIP_APT=1          never call apt-get (fail with instructions if Jupyter is missing)
#   LAB_SKIP_TOOLS=1        do not install GoNB/goimports/gopls (they must already be in PATH)
#   LAB_SKIP_PREFETCH=1     do not download the notebooks' Go modules
#   LAB_SKIP_REGISTER=1     do not register the GoNB kernel with Jupyter
#   LAB_CELL_TIMEOUT=900    per-cell timeout in seconds for --check / --update-outputs
#   LOSSCOURSE_EXPLORE_STATIC=1  set by --check / --update-outputs: explorers draw their initial state and return
#   LOSSCOURSE_EXPLORE_IDLE=15m  a live explorer stops after this long without a slider move
#   JUPYTER_DATA_DIR        where the kernel spec is written (standard Jupyter variable)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=serve
NOTEBOOK_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --install-only) MODE=install ;;
    --check) MODE=check ;;
    --update-outputs) MODE=update ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "lab.sh: unknown option $1 (see scripts/lab.sh --help)" >&2; exit 2 ;;
    *) NOTEBOOK_ARGS+=("$1") ;;
  esac
  shift
done
if [[ ${#NOTEBOOK_ARGS[@]} -gt 0 && $MODE != check && $MODE != update ]]; then
  echo "lab.sh: notebook arguments are only accepted with --check or --update-outputs" >&2; exit 2
fi

say() { echo "lab.sh: $*"; }
die() { echo "lab.sh: ERROR: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "Go is not installed (https://go.dev/dl/); the course needs Go $(awk '/^go /{print $2}' "$ROOT/go.mod") or newer."
GOBIN_DIR="$(go env GOBIN)"
[[ -n "$GOBIN_DIR" ]] || GOBIN_DIR="$(go env GOPATH)/bin"
export PATH="$GOBIN_DIR:$PATH"

# as_root runs a command as root: directly when root, with sudo otherwise.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run '$*' and sudo is not available"
  fi
}

# --- 1. Jupyter -------------------------------------------------------------------------------------
# jupyter_server_cmd prints the notebook server: the classic jupyter-notebook, else JupyterLab's jupyter-lab.
jupyter_server_cmd() { command -v jupyter-notebook 2>/dev/null || command -v jupyter-lab 2>/dev/null; }
have_jupyter() {
  jupyter_server_cmd >/dev/null && command -v jupyter-nbconvert >/dev/null 2>&1
}
if have_jupyter; then
  say "Jupyter: present ($(jupyter_server_cmd))"
elif [[ "${LAB_SKIP_APT:-}" != 1 ]] && command -v apt-get >/dev/null 2>&1; then
  say "Jupyter: installing from the system packages (jupyter-notebook jupyter-nbconvert python3-ipykernel)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    jupyter-notebook jupyter-nbconvert python3-ipykernel
  have_jupyter || die "apt-get finished but jupyter-notebook/jupyter-nbconvert are still not in PATH"
else
  die "Jupyter is missing and apt-get is not available (or LAB_SKIP_APT=1).
Install the classic notebook server and nbconvert another way, e.g.: python3 -m pip install notebook nbconvert"
fi

# --- 2. GoNB, goimports, gopls (pinned by tools/go.mod) ----------------------------------------------
# tool_version prints the version of module $2 built into binary $1 ("" if absent).
tool_version() {
  [[ -x "$1" ]] || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$2" '$1=="mod" && $2==m {print $3}'
}
# pinned_version prints the version tools/go.mod requires for module $1.
pinned_version() {
  awk -v m="$1" '$1==m && $2 ~ /^v/ {print $2} $1=="require" && $2==m {print $3}' "$ROOT/tools/go.mod" | head -1
}
if [[ "${LAB_SKIP_TOOLS:-}" == 1 ]]; then
  say "GoNB/goimports/gopls: skipped (LAB_SKIP_TOOLS=1)"
else
  stale=""
  for spec in gonb:github.com/janpfeifer/gonb goimports:golang.org/x/tools gopls:golang.org/x/tools/gopls; do
    bin="${spec%%:*}" mod="${spec#*:}"
    want="$(pinned_version "$mod")"
    got="$(tool_version "$GOBIN_DIR/$bin" "$mod")"
    [[ -n "$want" && "$got" == "$want" ]] || stale+=" $bin(${got:-missing}→${want:-?})"
  done
  if [[ -z "$stale" ]]; then
    say "GoNB/goimports/gopls: present at the versions pinned in tools/go.mod"
  else
    say "GoNB/goimports/gopls: installing from tools/go.mod:$stale"
    (cd "$ROOT/tools" && go install tool)
  fi
fi
for bin in gonb goimports gopls; do
  command -v "$bin" >/dev/null 2>&1 || die "$bin is not in PATH (expected in $GOBIN_DIR)"
done

# --- 3. Go modules used by the notebooks --------------------------------------------------------------
if [[ "${LAB_SKIP_PREFETCH:-}" == 1 ]]; then
  say "Go modules: prefetch skipped (LAB_SKIP_PREFETCH=1)"
else
  (cd "$ROOT" && go mod download)
  mapfile -t pins < <(grep -ho -- '-require=[^ "\\]*@[^ "\\]*' "$ROOT"/notebooks/*.ipynb 2>/dev/null |
    sed 's/^-require=//' | grep -v '^github.com/losscourse/losscourse@' | sort -u)
  if [[ ${#pins[@]} -gt 0 ]]; then
    # `go mod download` outside a module fetches exactly the pinned versions (a no-op when cached).
    (cd / && GOFLAGS= GO111MODULE=on go mod download "${pins[@]}")
  fi
  say "Go modules: course dependencies and ${#pins[@]} notebook pin(s) are in the module cache"
fi

# --- 4. Register the GoNB kernel ---------------------------------------------------------------------
register_kernel() { # $@: extra gonb flags
  if [[ "${LAB_SKIP_REGISTER:-}" == 1 ]]; then
    say "GoNB kernel: registration skipped (LAB_SKIP_REGISTER=1)"; return
  fi
  gonb --install "$@" >/dev/null 2>&1 || gonb --install "$@" || die "gonb --install failed"
  say "GoNB kernel: registered in ${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb ${*:+(flags: $*)}"
}

notebook_paths() {
  if [[ ${#NOTEBOOK_ARGS[@]} -gt 0 ]]; then
    for nb in "${NOTEBOOK_ARGS[@]}"; do
      [[ -f "$nb" ]] || nb="$ROOT/notebooks/$(basename "$nb")"
      [[ -f "$nb" || "$nb" == *.ipynb ]] || nb="$nb.ipynb"
      [[ -f "$nb" ]] || die "no such notebook: $nb"
      echo "$(cd "$(dirname "$nb")" && pwd)/$(basename "$nb")"
    done
  else
    ls "$ROOT"/notebooks/*.ipynb
  fi
}

# --- 5. Fast cell builds: GoNB builds every cell as a program (scripts/gonb-env.sh says what and why) ----
gonb_env() {
  local out kv
  out="$("$ROOT/scripts/gonb-env.sh")" || die "scripts/gonb-env.sh failed"
  while IFS= read -r kv; do export "${kv?}"; done <<<"$out"
  say "GoNB cell builds: GOFLAGS=$GOFLAGS GOPROXY=$GOPROXY"
}

case "$MODE" in
  install)
    register_kernel
    say "ready: run scripts/lab.sh to start the notebook server"
    ;;
  check)
    # The notebook test owns the checks (errors, panics, failed shell cells, CHECK/CLAIM lines); it
    # registers its own raw-error GoNB kernel in a temporary JUPYTER_DATA_DIR, so the user's is untouched.
    filter=""
    if [[ ${#NOTEBOOK_ARGS[@]} -gt 0 ]]; then
      names=()
      while read -r nb; do names+=("$(basename "$nb" .ipynb)"); done < <(notebook_paths)
      filter="/^($(IFS='|'; echo "${names[*]}"))\$"
    fi
    say "executing notebooks headless (LOSSCOURSE_FAST=${LOSSCOURSE_FAST:-1})"
    cd "$ROOT"
    LOSSCOURSE_FAST="${LOSSCOURSE_FAST:-1}" LOSSCOURSE_REQUIRE_NOTEBOOKS=1 \
      go test -count=1 -timeout 120m -v -run "TestNotebooks$filter" ./tests/
    ;;
  update)
    register_kernel
    gonb_env
    # LAB_JOBS notebooks at a time (default 2: each kernel runs its graphs on about one core), the
    # longest (full mode) first so that the lanes end together; each run is timed.
    jobs="${LAB_JOBS:-2}" failed=0 started="$(date +%s)"
    update_one() {
      local nb="$1" t0
      t0="$(date +%s)"
      say "executing $nb in place (LOSSCOURSE_FAST=${LOSSCOURSE_FAST:-0})"
      if (cd "$(dirname "$nb")" && LOSSCOURSE_FAST="${LOSSCOURSE_FAST:-0}" LOSSCOURSE_EXPLORE_STATIC=1 jupyter-nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.kernel_name=gonb --ExecutePreprocessor.timeout="${LAB_CELL_TIMEOUT:-900}" \
        --ExecutePreprocessor.iopub_timeout=120 --ExecutePreprocessor.raise_on_iopub_timeout=True "$nb"); then
        say "$(basename "$nb") executed in $(($(date +%s) - t0)) s"
      else
        say "$(basename "$nb") FAILED after $(($(date +%s) - t0)) s"; return 1
      fi
    }
    order="06 04 07 02 03 01 05 00" # full-mode run time, longest first
    while read -r nb; do
      while [[ "$(jobs -rp | wc -l)" -ge "$jobs" ]]; do wait -n || failed=1; done
      update_one "$nb" &
    done < <(notebook_paths | awk -v order="$order" '{ n = split($0, p, "/"); k = index(order, substr(p[n], 1, 2)); print (k ? k : 99) "\t" $0 }' | sort -n | cut -f2-)
    while [[ "$(jobs -rp | wc -l)" -gt 0 ]]; do wait -n || failed=1; done
    say "all notebooks executed in $(($(date +%s) - started)) s (LOSSCOURSE_FAST=${LOSSCOURSE_FAST:-0}, $jobs at a time)"
    [[ "$failed" == 0 ]] || die "a notebook failed (see above)"
    ;;
  serve)
    register_kernel
    gonb_env
    port="${LAB_PORT:-8888}" ip="${LAB_IP:-127.0.0.1}"
    token="${LAB_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
    extra=()
    [[ $(id -u) -eq 0 ]] && extra+=(--allow-root)
    say "starting the notebook server on $ip:$port for $ROOT/notebooks"
    say "open: http://${ip/0.0.0.0/127.0.0.1}:$port/?token=$token"
    say "token: $token"
    cd "$ROOT/notebooks"
    if ! command -v jupyter-notebook >/dev/null 2>&1; then
      exec jupyter-lab --no-browser --ip="$ip" --port="$port" --port-retries=0 \
        --ServerApp.token="$token" --ServerApp.root_dir="$ROOT/notebooks" "${extra[@]}"
    fi
    exec jupyter-notebook --no-browser --ip="$ip" --port="$port" --port-retries=0 \
      --NotebookApp.token="$token" --notebook-dir="$ROOT/notebooks" "${extra[@]}"
    ;;
esac
