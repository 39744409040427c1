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
OUT=bench/out
mkdir -p "$OUT"
SQLITE_DB="$OUT/demo-$SALES.db"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_DB="savdo_bench_$SALES"

cargo build --release
BIN=target/release/savdo

if [ ! -f "$SQLITE_DB" ]; then
    DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" demo-data --sales "$SALES"
fi
if ! psql "$PG_ADMIN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    psql "$PG_ADMIN" -c "CREATE DATABASE $PG_DB" >/dev/null
    DATABASE_URL="${PG_ADMIN%/*}/$PG_DB" "$BIN" demo-data --sales "$SALES"
fi

DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" bench --runs "$RUNS" --json "$OUT/rust-sqlite.json"
DATABASE_URL="${PG_ADMIN%/*}/$PG_DB" "$BIN" bench --runs "$RUNS" --json "$OUT/rust-postgres.json"

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet -r bench/requirements.txt
fi
bench/.venv/bin/python bench/seed_sales.py "$SQLITE_DB" --runs "$PY_RUNS" --json "$OUT/python.json"

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $SALES sales"
bench/.venv/bin/python bench/report.py "$OUT/rust-sqlite.json" "$OUT/rust-postgres.json" "$OUT/python.json"
