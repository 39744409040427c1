#!/usr/bin/env bash
# One command for the assistant benchmark: builds release, makes the demo databases (a SQLite file
# and a PostgreSQL database with $SALES sales) once, and times plain questions on both, offline and
# against the development model stand-in.
#   SALES=1000000 RUNS=300 bench/assistant.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SALES="${SALES:-1000000}"
RUNS="${RUNS:-300}"
source bench/demo-dbs.sh

echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; $SALES sales"
DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" bench assistant --runs "$RUNS" --json "$OUT/assistant-sqlite.json"
DATABASE_URL="$PG_URL" "$BIN" bench assistant --runs "$RUNS" --json "$OUT/assistant-postgres.json"
