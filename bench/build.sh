#!/usr/bin/env bash
# Whole-process time of `chancery build` for the 2014 draft (txt), with hyperfine.
# Usage: bench/build.sh   (installs hyperfine from Debian packages when missing and root)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; else echo "needs hyperfine"; exit 1; fi
fi
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 20 --runs 200 -N \
  "target/release/chancery build drafts/2014-05-09-washington-2nd --format txt --out $out" \
  "target/release/chancery check drafts/2014-05-09-washington-2nd"
