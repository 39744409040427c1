#!/usr/bin/env bash
# One command for the /sales benchmark: builds release, makes demo databases (SQLite file and a
# PostgreSQL database) once, runs Savdo's benchmark on both and the seed system's Python on the
# same SQLite file, and prints the figures side by side.
#   SALES=1000000 RUNS=300 PY_RUNS=10 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SALES="${SALES:-1000000}"
RUNS="${RUNS:-300}"
PY_RUNS="${PY_RUNS:-10}"
source bench/demo-dbs.sh

DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" bench --runs "$RUNS" --json "$OUT/rust-sqlite.json"
DATABASE_URL="$PG_URL" "$BIN" bench --runs "$RUNS" --json "$OUT/rust-postgres.json"

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet -r bench/requirements.txt
fi
bench/.venv/bin/python bench/seed_sales.py "$SQLITE_DB" --runs "$PY_RUNS" --json "$OUT/python.json"

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $SALES sales"
bench/.venv/bin/python bench/report.py "$OUT/rust-sqlite.json" "$OUT/rust-postgres.json" "$OUT/python.json"
