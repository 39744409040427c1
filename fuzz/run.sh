#!/usr/bin/env bash
# Builds every fuzz target once, then runs each for SECONDS_EACH seconds (default 600) and prints
# what it did and found. Needs the nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   fuzz/run.sh                      # all targets, 10 minutes each
#   SECONDS_EACH=60 TARGETS=amounts fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-600}
TARGETS=${TARGETS:-"amounts words commands import webhook forecast scans"}
cargo +nightly fuzz build -O
BIN_DIR=fuzz/target/x86_64-unknown-linux-gnu/release
for target in $TARGETS; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  echo "== $target: ${SECONDS_EACH}s"
  # Run the built binary directly: `cargo fuzz run` would rebuild after any source change.
  "$BIN_DIR/$target" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="fuzz/artifacts/$target/" "fuzz/corpus/$target" 2>&1 \
    | grep -E "^#[0-9]+ *DONE|^Done|SUMMARY|panicked|Test unit written|ERROR" || true
  found=$(ls "fuzz/artifacts/$target" | wc -l)
  echo "   crashes found: $found"
done
