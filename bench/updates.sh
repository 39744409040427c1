#!/usr/bin/env bash
# One command for the webhook throughput benchmark: builds release, makes demo databases (a
# SQLite file and a PostgreSQL database, SALES sales) once, then for each database and for one
# and two instances runs `savdo bench updates` (end to end: POST to the webhook until the answer
# reaches the Bot API stand-in) for a question in words and for a `/sales` button press, and
# `wrk` for how fast the webhook takes updates in (stored, 200; handled afterwards).
#   SALES=100000 PEOPLE=64 SECONDS=15 bench/updates.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SALES="${SALES:-100000}"
PEOPLE="${PEOPLE:-64}"
SECONDS_EACH="${SECONDS:-15}"
command -v wrk >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq wrk >/dev/null; }
source bench/demo-dbs.sh

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $SALES sales; $PEOPLE people; ${SECONDS_EACH}s per case"
echo
echo "| database | kind | instances | people | updates | updates/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
for url in "sqlite:$SQLITE_DB" "$PG_URL"; do
    for instances in 1 2; do
        for kind in text press; do
            DATABASE_URL="$url" "$BIN" bench updates --instances "$instances" --people "$PEOPLE" \
                --seconds "$SECONDS_EACH" --kind "$kind"
        done
    done
done

# The webhook's intake alone: updates stored and acknowledged per second, as Telegram sees it
# (a fresh database each, the Bot API stand-in as its own process; handling runs behind).
echo
echo "wrk -t2 -c64 -d${SECONDS_EACH}s --latency -s bench/webhook.lua, one instance:"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rm -f "$OUT/wrk.db"*
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS savdo_bench_wrk" -c "CREATE DATABASE savdo_bench_wrk" >/dev/null
for url in "sqlite:$OUT/wrk.db" "${PG_ADMIN%/*}/savdo_bench_wrk"; do
    api=$(free_port); port=$(free_port)
    "$BIN" dev-telegram --addr "127.0.0.1:$api" >/dev/null 2>&1 & stub=$!
    sleep 0.5
    DATABASE_URL="$url" TELEGRAM_BOT_TOKEN=7000000001:STUBstubSTUBstubSTUBstubSTUBstub00 \
        TELEGRAM_API_URL="http://127.0.0.1:$api/" TELEGRAM_WEBHOOK_URL=https://bench.invalid/telegram/webhook \
        TELEGRAM_WEBHOOK_SECRET=bench_secret TELEGRAM_PACING=off HTTP_ADDR="127.0.0.1:$port" SAVDO_LOG=error \
        "$BIN" serve & server=$!
    until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
    echo "$url" | sed 's/:.*//'
    wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency -s bench/webhook.lua \
        "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
    kill -TERM "$server"; wait "$server" || true
    kill -TERM "$stub"; wait "$stub" 2>/dev/null || true
done
