#!/usr/bin/env bash
# The project's one test command:  bash scripts/test.sh [--fast] [pytest args...]
#
# 1. installs the Python dependencies (requirements-dev.txt: the app's, pytest, ruff, mypy),
# 2. installs Debian's chromium when it is missing (browser tests; never `playwright install`) and
#    Debian's haproxy (the replica tests run scripts/serve.sh),
# 3. installs the county borders from ../shared/geo/raw when that folder exists,
# 4. lints: `ruff check`, `ruff format --check` and `mypy` (settings in pyproject.toml), zero findings,
# 5. runs pytest (all of tests/, browser tests included); extra arguments go to pytest.
#
# --fast: the local loop: no browser and no slow tests (-m "not browser and not slow"), no chromium
# install; lint still runs. CI runs the whole thing.
#
# Interpreter: $PYTHON if set, else `python` (or `python3`). When that is a system Python
# that refuses pip installs (PEP 668, Debian's own python3), a virtualenv at
# ${CLUSTERVIZ_VENV:-~/.cache/clusterviz/venv} is created and used instead.
# `bash scripts/test.sh --print-python` prints the interpreter used and exits.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }

# Run a command as root: directly, through sudo, or not at all (returns 1).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

pick_python() {
  local py="${PYTHON:-}"
  if [ -z "$py" ]; then
    if command -v python >/dev/null 2>&1; then py=python; else py=python3; fi
  fi
  local managed
  managed="$("$py" -c 'import os, sys, sysconfig
print(int(sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))))')"
  if [ "$managed" = 1 ]; then
    local venv="${CLUSTERVIZ_VENV:-$HOME/.cache/clusterviz/venv}"
    if [ ! -x "$venv/bin/python" ]; then
      log "$py is externally managed (PEP 668): creating a virtualenv at $venv"
      if ! "$py" -m venv "$venv" >&2; then
        rm -rf "$venv"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2 \
          || { warn "cannot install python3-venv"; return 1; }
        "$py" -m venv "$venv" >&2
      fi
    fi
    py="$venv/bin/python"
  fi
  printf '%s\n' "$py"
}

FAST=0
if [ "${1:-}" = "--fast" ]; then
  FAST=1
  shift
fi

PY="$(pick_python)"
if [ "${1:-}" = "--print-python" ]; then
  printf '%s\n' "$PY"
  exit 0
fi

log "Python dependencies (requirements-dev.txt) with $PY"
"$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements-dev.txt

if [ "$FAST" = 0 ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian chromium for the browser tests"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then
    warn "could not install chromium (need root or sudo); the browser tests will fail"
  fi
fi

if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  log "installing Debian haproxy for the replica tests (scripts/serve.sh)"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }; then
    warn "could not install haproxy (need root or sudo); the replica tests will fail"
  fi
fi

if [ -d ../shared/geo/raw ]; then
  log "county borders from ../shared/geo/raw"
  if ! "$PY" -m clusterviz geo install --from ../shared/geo/raw; then
    warn "'python -m clusterviz geo install' failed; continuing (tests that need borders install their own)"
  fi
fi

log "lint: ruff check, ruff format --check, mypy"
lint=0
"$PY" -m ruff check clusterviz tests benchmarks pages app.py || lint=1
"$PY" -m ruff format --check clusterviz tests benchmarks pages app.py || lint=1
"$PY" -m mypy || lint=1

status=0
if [ "$FAST" = 1 ]; then
  log "pytest -m 'not browser and not slow' $*"
  "$PY" -m pytest -q -p no:cacheprovider -m "not browser and not slow" "$@" || status=$?
else
  log "pytest --durations=20 $*"  # the slowest tests named in the log: CI must stay well under an hour
  "$PY" -m pytest -q -p no:cacheprovider --durations=20 "$@" || status=$?
fi
if [ "$status" -eq 5 ]; then
  printf 'error: pytest collected no tests (exit code 5); this project always has tests - check the arguments and tests/\n' >&2
  exit 1
fi
if [ "$status" -eq 0 ] && [ "$lint" -ne 0 ]; then
  printf 'error: the tests passed but lint found problems (above)\n' >&2
  exit 1
fi
exit "$status"
