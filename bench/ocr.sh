#!/usr/bin/env bash
# One command for the invoice-reading benchmark: builds release, then scores every fixture in
# tests/fixtures/scans field by field (clean scans and phone photos; page segmentation modes 4,
# 3 and 6), times Savdo's whole pipeline against the `tesseract` command line on the same images,
# and reads a batch of photos one at a time and side by side.
#   RUNS=5 PHOTOS=10 bench/ocr.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
PHOTOS="${PHOTOS:-10}"
.ci/packages
env -u CARGO_TARGET_DIR cargo build --release --quiet
mkdir -p bench/out
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB; $(tesseract --version 2>&1 | head -1)"
./target/release/savdo bench ocr --fixtures tests/fixtures/scans --runs "$RUNS" --photos "$PHOTOS" --json bench/out/ocr.json
