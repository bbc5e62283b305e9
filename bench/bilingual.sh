#!/usr/bin/env bash
# The bilingual 2014 statement, timed in one run on one machine (hyperfine -N, whole
# processes, the output folder replaced each run):
#   1. `chancery build <2014 draft> --lang all --format pdf` (statement.pdf, statement.ja.pdf)
#   2. `chancery build <2014 draft> --parallel --format pdf` (statement.en-ja.pdf)
#   3. both in one process each: `--lang all --format txt,docx,pdf` and `--parallel` (html,
#      docx, pdf)
# then peak memory of each (`/usr/bin/time -v`). The Japanese font (IPAex Mincho, Debian's
# fonts-ipaexfont-mincho) is found by the usual discovery, which is part of what is timed.
# Usage: bench/bilingual.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/bilingual.sh needs $tool (apt-get install hyperfine time)" >&2; exit 1; }
done
cargo build --release --quiet --bin chancery
bin=${CARGO_TARGET_DIR:-target}/release/chancery
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
draft=drafts/2014-05-09-washington-2nd

declare -a names=(
  "both languages, pdf"
  "parallel, pdf"
  "both languages, txt,docx,pdf"
  "parallel, html,docx,pdf"
)
declare -a cmds=(
  "$bin build $draft --lang all --format pdf --out $out/a"
  "$bin build $draft --parallel --format pdf --out $out/b"
  "$bin build $draft --lang all --format txt,docx,pdf --out $out/c"
  "$bin build $draft --parallel --out $out/d"
)
echo "== 2014 statement in English and Japanese, whole process =="
args=()
for i in "${!names[@]}"; do
  args+=(-n "${names[$i]}" "${cmds[$i]}")
done
hyperfine --warmup 5 --runs "$runs" -N --export-json "$out/times.json" "${args[@]}"
echo "== medians =="
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-32s %6.1f ms (min %.1f ms)" % (r["command"], r["median"] * 1000, r["min"] * 1000))' "$out/times.json"

echo "== peak memory =="
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  kb=$(/usr/bin/time -v ${cmds[$i]} 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}')
  printf '%-32s %6.1f MB\n' "${names[$i]}" "$(echo "$kb / 1024" | bc -l)"
done
