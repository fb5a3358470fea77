#!/usr/bin/env bash
# Install what the app needs and run it on the bundled demo data (http://localhost:8501).
# Borders: fetched from their public sources and checksum-verified; offline, from ../shared/geo/raw if it is
# there; without either the map still works (points and county labels) and says how to install them.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -r requirements.txt
if ! python -m clusterviz geo install 2>/dev/null; then
  if [ -d ../shared/geo/raw ]; then
    python -m clusterviz geo install --from ../shared/geo/raw || echo "warning: county borders not installed; the map shows points only"
  else
    echo "warning: county borders not installed (no network?); the map shows points only"
  fi
fi
# The first room on a fresh server should not wait for the first computations: once the server answers its health
# check, every page's default view is computed once (clusterviz/app/prewarm.py; scripts/serve.sh does the same per
# replica; the app's own watcher takes over from there when a snapshot is added or replaced).
port="${STREAMLIT_SERVER_PORT:-8501}"
previous=""
for arg in "$@"; do
  case "$previous" in --server.port) port="$arg" ;; esac
  case "$arg" in --server.port=*) port="${arg#*=}" ;; esac
  previous="$arg"
done
python -m clusterviz.app.prewarm --url "http://127.0.0.1:$port" --wait 180 > /dev/null 2>&1 &
exec python -m streamlit run app.py "$@"
