#!/usr/bin/env bash
# One command for the catalogue list benchmark: Savdo's `GET /api/v1/nomenklatura/` against the
# same list written the usual way in Django REST Framework (bench/drf_catalogue: ListAPIView,
# SearchFilter, OrderingFilter, PageNumberPagination, under gunicorn), on the same database.
# Builds release, makes a SQLite file and a PostgreSQL database with PRODUCTS products once
# (`savdo demo-catalogue`, a no-op when done before), a virtualenv with the DRF project's
# requirements once, installs wrk if missing; then for each database: checks that both servers
# answer every path of bench/catalogue.lua with 200 and the same page (count and ids), and runs
# `wrk -t2 -cCONNECTIONS --latency -s bench/catalogue.lua` against Savdo (with a bearer token)
# and against DRF (no authentication at all, which favours DRF), after a short warm-up each.
#   PRODUCTS=100000 DURATION=15 CONNECTIONS=32 bench/catalogue.sh
# DURATION (or SECONDS, when given in the environment) is seconds per case; it must stay under
# 290: the access token lives 5 minutes and wrk cannot fetch a new one. wrk, Savdo and gunicorn
# share this machine's cores, so the numbers compare the two servers, not absolute capacity.
# Exits 1 when any answer during a run was 4xx/5xx (the table still prints).
set -euo pipefail
cd "$(dirname "$0")/.."
PRODUCTS="${PRODUCTS:-100000}"
# Bash's own SECONDS counts from the shell's start (0 here), so it counts only when exported.
SECONDS_EACH="${DURATION:-$(printenv SECONDS || echo 15)}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-3}"
DRF_WORKERS="${DRF_WORKERS:-$(nproc)}"
PYTHON="${PYTHON:-python3}"
USERNAME=bench
PASSWORD=benchpassword1
OUT=bench/out
mkdir -p "$OUT"
PG_ADMIN="${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}"
SQLITE_DB="$OUT/catalogue-$PRODUCTS.db"
PG_DB="savdo_bench_catalogue_$PRODUCTS"
PG_URL="${PG_ADMIN%/*}/$PG_DB"
VENV="$OUT/venv-drf"
[ "$SECONDS_EACH" -lt 290 ] || { echo "DURATION must be under 290 s: the access token lives 5 minutes" >&2; exit 1; }
command -v wrk >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq wrk >/dev/null; }

cargo build --release
BIN=target/release/savdo

if ! psql "$PG_ADMIN" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    psql "$PG_ADMIN" -c "CREATE DATABASE $PG_DB" >/dev/null
fi
# Nothing is done (a note is printed) where the API user exists already.
for url in "sqlite:$SQLITE_DB" "$PG_URL"; do
    DATABASE_URL="$url" "$BIN" demo-catalogue --products "$PRODUCTS" --username "$USERNAME" --password "$PASSWORD"
done

# The DRF project's virtualenv, made again when requirements.txt changes.
if ! cmp -s bench/drf_catalogue/requirements.txt "$VENV/requirements.txt" 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q -r bench/drf_catalogue/requirements.txt
    cp bench/drf_catalogue/requirements.txt "$VENV/requirements.txt"
fi
DRF_VERSIONS=$("$VENV/bin/python" -c 'import django, rest_framework, gunicorn; print(f"Django {django.get_version()}, DRF {rest_framework.VERSION}, gunicorn {gunicorn.__version__}")')

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The servers this script started and has not stopped yet (stopped on any exit too).
server=
stub=
stop_servers() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ -n "$stub" ]; then kill -TERM "$stub" 2>/dev/null || true; wait "$stub" 2>/dev/null || true; fi
    server=
    stub=
}
trap stop_servers EXIT

wait_up() { # $1: URL to GET, $2: the server's pid
    for _ in $(seq 600); do
        curl -sf -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || { echo "FAILED: the server exited before answering $1" >&2; return 1; }
        sleep 0.1
    done
    echo "FAILED: no answer from $1 in 60 s" >&2
    return 1
}

start_savdo() { # $1: database URL; sets base
    local api port
    api=$(free_port)
    port=$(free_port)
    "$BIN" dev-telegram --addr "127.0.0.1:$api" >/dev/null 2>&1 & stub=$!
    sleep 0.5
    DATABASE_URL="$1" TELEGRAM_BOT_TOKEN=7000000001:STUBstubSTUBstubSTUBstubSTUBstub00 \
        TELEGRAM_API_URL="http://127.0.0.1:$api/" TELEGRAM_PACING=off HTTP_ADDR="127.0.0.1:$port" SAVDO_LOG=error \
        API_RATE_PER_MINUTE=100000000 API_RATE_PER_IP_PER_MINUTE=100000000 \
        "$BIN" serve & server=$!
    base="http://127.0.0.1:$port"
    wait_up "$base/health" "$server"
}

start_drf() { # $1: database URL, $2: company id, $3: the company's time zone; sets base
    local port
    port=$(free_port)
    # PYTHONDONTWRITEBYTECODE: no __pycache__ in the source tree.
    DATABASE_URL="$1" SAVDO_COMPANY_ID="$2" SAVDO_TIME_ZONE="$3" PYTHONDONTWRITEBYTECODE=1 \
        "$VENV/bin/gunicorn" --pythonpath bench/drf_catalogue --workers "$DRF_WORKERS" \
        --bind "127.0.0.1:$port" --log-level warning catalogue.wsgi:application & server=$!
    base="http://127.0.0.1:$port"
    wait_up "$base/api/v1/nomenklatura/?page_size=1" "$server"
}

# The company of the API user (the one Savdo's token lists) and its time zone: "ID ZONE".
company_of() { # $1: database URL
    local sql="SELECT u.company_id, c.time_zone FROM api_users u JOIN companies c ON c.id = u.company_id
               WHERE u.username = '$USERNAME'"
    case "$1" in
        sqlite:*)
            python3 -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone())' \
                "$SQLITE_DB" "$sql" ;;
        *) psql "$1" -tAF ' ' -c "$sql" ;;
    esac
}

token_of() { # $1: Savdo's base URL
    curl -sf -X POST "$1/api/token/" -H 'Content-Type: application/json' \
        -d "{\"username\": \"$USERNAME\", \"password\": \"$PASSWORD\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access"])'
}

# Every path of bench/catalogue.lua must answer 200 with a page; writes "path count ids" lines.
check_answers() { # $1: base URL, $2: file to write, $3: token or ""
    local path code auth=()
    [ -z "$3" ] || auth=(-H "Authorization: Bearer $3")
    : >"$2"
    while read -r path; do
        code=$(curl -s -o "$OUT/catalogue-answer.json" -w '%{http_code}' "${auth[@]}" "$1$path")
        if [ "$code" != 200 ]; then
            echo "FAILED: GET $1$path answered $code:" >&2
            head -c 800 "$OUT/catalogue-answer.json" >&2
            echo >&2
            return 1
        fi
        python3 -c 'import json, sys
page = json.load(open(sys.argv[1]))
print(sys.argv[2], page["count"], ",".join(str(r["id"]) for r in page["results"]))' "$OUT/catalogue-answer.json" "$path" >>"$2"
    done < <(grep -o '^ *"/api/[^"]*"' bench/catalogue.lua | tr -d ' "')
}

# wrk's time ("850.00us", "1.23ms", "2.01s", "1.00m") in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

rows=()
notes=()
failed=0
measure() { # $1: database, $2: server, $3: base URL, $4: token or ""; sets rps
    local log="$OUT/catalogue-wrk-$1-$2.txt" status=0 bad
    if [ "$WARMUP" -gt 0 ]; then
        TOKEN="$4" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s -s bench/catalogue.lua "$3" >/dev/null 2>&1 || true
    fi
    TOKEN="$4" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency --timeout 30s -s bench/catalogue.lua "$3" \
        >"$log" 2>&1 || status=$?
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$log")
    bad=$(sed -n 's/^catalogue\.lua: [0-9]* requests, \([0-9]*\) non-2xx.*/\1/p' "$log")
    rows+=("| $1 | $2 | ${rps:-?} | $(ms "$(awk '$1 == "50%" {print $2}' "$log")") | $(ms "$(awk '$1 == "99%" {print $2}' "$log")") | ${bad:-?} |")
    if [ "$status" != 0 ]; then
        failed=1
        notes+=("FAILED: $2 on $1: wrk exited $status ($(grep -m1 'FAILED' "$log" || tail -n1 "$log")); see $log")
    fi
    if grep -q 'socket errors' "$log" && ! grep -q ' 0 socket errors' "$log"; then
        notes+=("$2 on $1: $(sed -n 's/^catalogue\.lua: [0-9]* requests, [0-9]* non-2xx, //p' "$log")")
    fi
}

for url in "sqlite:$SQLITE_DB" "$PG_URL"; do
    db=${url%%:*}
    read -r company zone <<<"$(company_of "$url")"
    [ -n "$company" ] || { echo "FAILED: no API user $USERNAME in $db" >&2; exit 1; }

    echo "$db: Savdo" >&2
    start_savdo "$url"
    token=$(token_of "$base") || { echo "FAILED: no token from $base/api/token/ for $USERNAME" >&2; exit 1; }
    check_answers "$base" "$OUT/catalogue-answers-$db-savdo.txt" "$token"
    measure "$db" savdo "$base" "$token"
    savdo_rps=$rps
    stop_servers

    echo "$db: DRF (company $company, $DRF_WORKERS workers)" >&2
    start_drf "$url" "$company" "$zone"
    check_answers "$base" "$OUT/catalogue-answers-$db-drf.txt" ""
    measure "$db" drf "$base" ""
    drf_rps=$rps
    stop_servers

    notes+=("$db: Savdo/DRF requests/s = $(awk -v a="${savdo_rps:-0}" -v b="${drf_rps:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')")
    if ! diff -q "$OUT/catalogue-answers-$db-savdo.txt" "$OUT/catalogue-answers-$db-drf.txt" >/dev/null; then
        notes+=("WARNING: on $db the two servers' pages differ (count or ids): diff $OUT/catalogue-answers-$db-savdo.txt $OUT/catalogue-answers-$db-drf.txt")
    fi
done

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $PRODUCTS products; ${SECONDS_EACH}s per case after ${WARMUP}s warm-up; wrk -t2 -c$CONNECTIONS"
echo "DRF: $DRF_VERSIONS ($DRF_WORKERS sync workers), no authentication; Savdo: a bearer token checked on every request"
echo
echo "| database | server | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${notes[@]}"
exit "$failed"
