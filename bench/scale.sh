#!/usr/bin/env bash
# The scale figures of docs/scale.md, in one run (hyperfine, whole processes):
#   1. `build --format txt` of drafts of 300 / 600 / 1,200 / 2,400 paragraphs (bench/gen_draft.sh)
#   2. the 2,400-paragraph draft to PDF and DOCX, pandoc on the same Markdown, peak memory
#   3. a workspace of 200 drafts, every format, both copies (--final), 1 and 2 threads
# Usage: bench/scale.sh [RUNS]   (needs hyperfine, pandoc, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
for tool in hyperfine pandoc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/scale.sh needs $tool" >&2; exit 1; }
done
cargo build --release --quiet --bin chancery
bin=$(realpath "${CARGO_TARGET_DIR:-target}")/release/chancery
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 300 600 1200 2400; do bench/gen_draft.sh "$n" "$work/d$n"; done

echo "== assembly to txt, by paragraphs =="
hyperfine -N --warmup 2 --runs "$runs" \
  -n 300 "$bin build $work/d300 --format txt --out $work/o" \
  -n 600 "$bin build $work/d600 --format txt --out $work/o" \
  -n 1200 "$bin build $work/d1200 --format txt --out $work/o" \
  -n 2400 "$bin build $work/d2400 --format txt --out $work/o"

echo "== the 2,400-paragraph draft to PDF and DOCX, and pandoc =="
"$bin" build "$work/d2400" --format md --out "$work/o" 2>/dev/null
hyperfine -N --warmup 1 --runs "$runs" \
  -n "chancery pdf" "$bin build $work/d2400 --format pdf --out $work/o" \
  -n "chancery docx" "$bin build $work/d2400 --format docx --out $work/o" \
  -n "pandoc docx" "pandoc $work/o/statement.md -o $work/o/p.docx"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2 " KB"}'; }
echo "peak: pdf $(peak "$bin" build "$work/d2400" --format pdf --out "$work/o")," \
  "docx $(peak "$bin" build "$work/d2400" --format docx --out "$work/o")," \
  "pandoc $(peak pandoc "$work/o/statement.md" -o "$work/o/p.docx")"

echo "== a workspace of 200 drafts, every format, both copies =="
for i in $(seq -w 1 200); do
  mkdir -p "$work/ws/drafts/d$i"
  cp drafts/2014-05-09-washington-2nd/meeting.toml "$work/ws/drafts/d$i/"
done
hyperfine -N --runs 3 \
  -n "1 thread" "env RAYON_NUM_THREADS=1 $bin build --workspace $work/ws --final --force" \
  -n "2 threads" "env RAYON_NUM_THREADS=2 $bin build --workspace $work/ws --final --force"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
