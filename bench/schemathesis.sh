#!/usr/bin/env bash
# Property-based checks of the catalogue API with schemathesis: requests generated from the
# OpenAPI document Savdo serves (/api/openapi.json), valid and invalid ones, for the catalogue's
# paths (/api/v1/nomenklatura, client, project, their pictures and sheets, thumbnails, images,
# agent locations) and /api/token/…; every answer must not be a 5xx (not_a_server_error), have
# a documented status (status_code_conformance) and match its documented schema
# (response_schema_conformance). Builds (debug; a BIN given in the environment is used as it is,
# unbuilt; SKIP_BUILD=1 skips `cargo build` and uses BIN, else $CARGO_TARGET_DIR/debug/savdo or
# target/debug/savdo, as already built), starts Savdo on a fresh SQLite file seeded with
# `savdo demo-catalogue --products 200`, checks that the demo API user gets a token, and runs
# schemathesis. The report is
# bench/out/schemathesis.txt; the script exits with schemathesis's status.
#   MAX_EXAMPLES=25 bench/schemathesis.sh        (SEED=N repeats a run; MAX_TIME=S keeps fuzzing
#                                                 for S seconds; CHECKS=… other checks)
#   SKIP_BUILD=1 BIN=/path/to/savdo bench/schemathesis.sh   (no cargo build: a binary built before)
# An access token lives 5 minutes, and a run can take longer: so schemathesis logs in by itself
# instead of a fixed `-H "Authorization: Bearer …"` (auth.dynamic in bench/out/schemathesis.toml,
# written below): it fetches a token from /api/token/, again every 300 s and after any 401.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
ST_VERSION=4.32.5
MAX_EXAMPLES="${MAX_EXAMPLES:-25}"
CHECKS="${CHECKS:-not_a_server_error,status_code_conformance,response_schema_conformance}"
PYTHON="${PYTHON:-python3}"
USERNAME=bench
PASSWORD=benchpassword1
VENV="$OUT/venv-st"
DB="$OUT/schemathesis.db"

if [ "$("$VENV/bin/st" --version 2>/dev/null)" != "st, version $ST_VERSION" ]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q "schemathesis==$ST_VERSION"
fi

if [ -z "${BIN:-}" ]; then
    [ "${SKIP_BUILD:-}" = 1 ] || cargo build
    BIN="${CARGO_TARGET_DIR:-target}/debug/savdo"
fi
[ -x "$BIN" ] || { echo "FAILED: no savdo binary at $BIN (build it, or give BIN=…)" >&2; exit 1; }

rm -f "$DB" "$DB-wal" "$DB-shm"
DATABASE_URL="sqlite:$DB" "$BIN" demo-catalogue --products 200 --username "$USERNAME" --password "$PASSWORD"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api=$(free_port)
port=$(free_port)
base="http://127.0.0.1:$port"
server=
stub=
# shellcheck disable=SC2317 # called by the trap
stop_servers() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ -n "$stub" ]; then kill -TERM "$stub" 2>/dev/null || true; wait "$stub" 2>/dev/null || true; fi
}
trap stop_servers EXIT

"$BIN" dev-telegram --addr "127.0.0.1:$api" >/dev/null 2>&1 & stub=$!
sleep 0.5
DATABASE_URL="sqlite:$DB" TELEGRAM_BOT_TOKEN=7000000001:STUBstubSTUBstubSTUBstubSTUBstub00 \
    TELEGRAM_API_URL="http://127.0.0.1:$api/" TELEGRAM_PACING=off HTTP_ADDR="127.0.0.1:$port" SAVDO_LOG=error \
    API_RATE_PER_MINUTE=100000000 API_RATE_PER_IP_PER_MINUTE=100000000 \
    "$BIN" serve & server=$!
for _ in $(seq 600); do
    curl -sf -o /dev/null "$base/health" && break
    kill -0 "$server" 2>/dev/null || { echo "FAILED: savdo serve exited before answering /health" >&2; exit 1; }
    sleep 0.1
done

# Fail early and plainly where logging in does not work (schemathesis would report every
# operation instead).
curl -sf -X POST "$base/api/token/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$USERNAME\", \"password\": \"$PASSWORD\"}" |
    python3 -c 'import json, sys; json.load(sys.stdin)["access"]' ||
    { echo "FAILED: no access token from $base/api/token/ for $USERNAME" >&2; exit 1; }

cat >"$OUT/schemathesis.toml" <<EOF
# Written by bench/schemathesis.sh. The OpenAPI document's "bearer" scheme: a token from
# POST /api/token/, fetched again every 300 s and after a 401 (access tokens live 5 minutes).
[auth.dynamic.openapi.bearer]
path = "/api/token/"
payload = { username = "$USERNAME", password = "$PASSWORD" }
extract_selector = "/access"
EOF

# Run from bench/out: schemathesis keeps its crashes (for `st replay ID`, run there too) in
# ./.schemathesis and Hypothesis its examples (failing ones are tried first next time) in
# ./.hypothesis, neither of which a setting moves.
st=("$PWD/$VENV/bin/st" --config-file "$PWD/$OUT/schemathesis.toml" run "$base/api/openapi.json"
    --url "$base"
    --include-path-regex '^/api/(token/|v1/(nomenklatura|client|project|thumbnails|images|agent-location)[/-])'
    --checks "$CHECKS"
    --max-examples "$MAX_EXAMPLES"
    --request-timeout 30
    --no-color)
[ -z "${SEED:-}" ] || st+=(--seed "$SEED")
[ -z "${MAX_TIME:-}" ] || st+=(--max-time "$MAX_TIME")
echo "(cd $OUT && ${st[*]})" | tee "$OUT/schemathesis.txt"
status=0
(cd "$OUT" && "${st[@]}") 2>&1 | tee -a "$OUT/schemathesis.txt" || status=${PIPESTATUS[0]}
echo "schemathesis exited $status; report: $OUT/schemathesis.txt"
exit "$status"
