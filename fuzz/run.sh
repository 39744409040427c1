#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) and prints what each found.
# Needs the nightly toolchain and cargo-fuzz: rustup toolchain install nightly; cargo install cargo-fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-600}
TARGETS=${TARGETS:-"amounts words commands import webhook"}
cargo +nightly fuzz build -O
for target in $TARGETS; do
  echo "== $target: ${SECONDS_EACH}s"
  cargo +nightly fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 2>&1 \
    | grep -E "^(#[0-9]+ *DONE|Done|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)" || true
  ls "fuzz/artifacts/$target" 2>/dev/null | sed "s/^/  crash: /" || true
done
