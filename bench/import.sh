#!/usr/bin/env bash
# One command for the import benchmark: ROWS sale lines (receipts of three lines) as CSV and as
# XLSX, imported with `savdo import sales` into a fresh copy of a small demo company on SQLite
# and on PostgreSQL (parse, check every row, commit in one transaction), side by side with
# openpyxl (read-only mode) merely parsing the same XLSX. Wall time and peak RSS per run.
#   ROWS=100000 RUNS=3 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-100000}"
RUNS="${RUNS:-3}"
SALES=1000
source bench/demo-dbs.sh
python3 -c "import xlsxwriter, openpyxl" 2>/dev/null || pip install -q -r bench/requirements.txt
read -r COMPANY MADE RECEIPTS < <(python3 bench/import_python.py make "$SQLITE_DB" "$ROWS" "$OUT/import-$ROWS")
PG_TEMPLATE="$PG_DB"

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "Rows: $MADE sale lines in $RECEIPTS receipts; median of $RUNS runs (wall s, peak RSS MB)"
echo
echo "| what | wall | peak RSS |"
echo "|---|---|---|"

# Runs `prepare` then the command RUNS times; prints the median wall seconds and peak RSS.
measure() {
    local label="$1" prepare="$2"; shift 2
    local walls=() rss=()
    for _ in $(seq "$RUNS"); do
        $prepare
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/import.log" 2>&1 || { cat "$OUT/import.log"; exit 1; }
        read -r w m < "$OUT/time.txt"
        walls+=("$w"); rss+=("$m")
    done
    local w m
    w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    m=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    echo "| $label | $w s | $(( m / 1024 )) MB |"
}

fresh_sqlite() { cp "$SQLITE_DB" "$OUT/import.db"; rm -f "$OUT/import.db-wal" "$OUT/import.db-shm"; }
fresh_pg() {
    psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS savdo_import_bench" -c "CREATE DATABASE savdo_import_bench TEMPLATE $PG_TEMPLATE" >/dev/null
}
PG_RUN="${PG_ADMIN%/*}/savdo_import_bench"

for format in csv xlsx; do
    measure "Savdo import $format, SQLite" fresh_sqlite env DATABASE_URL="sqlite:$OUT/import.db" "$BIN" import sales "$OUT/import-$ROWS.$format" --company "$COMPANY"
    measure "Savdo import $format, PostgreSQL" fresh_pg env DATABASE_URL="$PG_RUN" "$BIN" import sales "$OUT/import-$ROWS.$format" --company "$COMPANY"
done
measure "Python openpyxl 3.1, parse only (read_only)" true python3 bench/import_python.py openpyxl "$OUT/import-$ROWS.xlsx"
