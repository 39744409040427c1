#!/usr/bin/env bash
# One command for the export benchmark: a demo company with about a million sale lines
# (SALES receipts of 1–4 lines), exported as XLSX and CSV by `savdo export sales` on SQLite and
# on PostgreSQL, side by side with Python writing the same rows (read from the same SQLite
# file with the same query) with XlsxWriter in constant_memory mode, openpyxl in write_only
# mode and the csv module. Wall time and peak RSS per run from /usr/bin/time.
#   SALES=400000 RUNS=3 PY_RUNS=1 bench/export.sh   (Python takes minutes a run)
set -euo pipefail
cd "$(dirname "$0")/.."
SALES="${SALES:-400000}"
RUNS="${RUNS:-3}"
PY_RUNS="${PY_RUNS:-1}"
source bench/demo-dbs.sh
python3 -c "import xlsxwriter, openpyxl" 2>/dev/null || pip install -q -r bench/requirements.txt
COMPANY=$(sqlite3 "$SQLITE_DB" "SELECT MIN(id) FROM companies" 2>/dev/null || echo 1)
LINES=$(sqlite3 "$SQLITE_DB" "SELECT COUNT(*) FROM sale_lines" 2>/dev/null || echo "?")

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "Rows: $LINES sale lines × 8 columns; median of $RUNS runs of Savdo, $PY_RUNS of Python (wall s, peak RSS MB)"
echo
echo "| what | wall | peak RSS | file |"
echo "|---|---|---|---|"

# Runs a command RUNS times; prints the median wall seconds and the median peak RSS in MB.
measure() {
    local runs="$1" label="$2" out="$3"; shift 3
    local walls=() rss=()
    for _ in $(seq "$runs"); do
        rm -f "$out"
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>&1
        read -r w m < "$OUT/time.txt"
        walls+=("$w"); rss+=("$m")
    done
    local w m size
    w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    m=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    size=$(du -m "$out" | cut -f1)
    echo "| $label | $w s | $(( m / 1024 )) MB | $size MB |"
}

measure "$RUNS" "Savdo XLSX, SQLite" "$OUT/sales.xlsx" env DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" export sales --company "$COMPANY" --from 2000-01-01 --format xlsx --out "$OUT/sales.xlsx"
measure "$RUNS" "Savdo XLSX, PostgreSQL" "$OUT/sales-pg.xlsx" env DATABASE_URL="$PG_URL" "$BIN" export sales --company "$COMPANY" --from 2000-01-01 --format xlsx --out "$OUT/sales-pg.xlsx"
measure "$PY_RUNS" "Python XlsxWriter 3.2 (constant_memory)" "$OUT/sales-xlsxwriter.xlsx" python3 bench/export_python.py "$SQLITE_DB" xlsxwriter "$OUT/sales-xlsxwriter.xlsx"
measure "$PY_RUNS" "Python openpyxl 3.1 (write_only)" "$OUT/sales-openpyxl.xlsx" python3 bench/export_python.py "$SQLITE_DB" openpyxl "$OUT/sales-openpyxl.xlsx"
measure "$RUNS" "Savdo CSV, SQLite" "$OUT/sales.csv" env DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" export sales --company "$COMPANY" --from 2000-01-01 --format csv --out "$OUT/sales.csv"
measure "$RUNS" "Savdo CSV, PostgreSQL" "$OUT/sales-pg.csv" env DATABASE_URL="$PG_URL" "$BIN" export sales --company "$COMPANY" --from 2000-01-01 --format csv --out "$OUT/sales-pg.csv"
measure "$PY_RUNS" "Python csv module" "$OUT/sales-python.csv" python3 bench/export_python.py "$SQLITE_DB" csv "$OUT/sales-python.csv"
