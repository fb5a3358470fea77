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
exec python -m streamlit run app.py "$@"
