# Sourced by the benchmark scripts: builds release and makes the demo databases for $SALES sales
# once (a SQLite file and a PostgreSQL database). Sets BIN, OUT, SQLITE_DB, PG_ADMIN, PG_URL.
OUT=bench/out
mkdir -p "$OUT"
SQLITE_DB="$OUT/demo-$SALES.db"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_DB="savdo_bench_$SALES"
PG_URL="${PG_ADMIN%/*}/$PG_DB"

cargo build --release
BIN=target/release/savdo

if [ ! -f "$SQLITE_DB" ]; then
    DATABASE_URL="sqlite:$SQLITE_DB" "$BIN" demo-data --sales "$SALES"
fi
if ! psql "$PG_ADMIN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    psql "$PG_ADMIN" -c "CREATE DATABASE $PG_DB" >/dev/null
    DATABASE_URL="$PG_URL" "$BIN" demo-data --sales "$SALES"
fi
