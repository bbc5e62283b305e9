#!/usr/bin/env bash
# Whole-process cost of `chancery provenance` for the 2015 draft against an archive of N
# generated adopted statements (bench/gen_archive.sh: the 2014 text varied the way a series
# varies), with hyperfine, in one run:
#   1. building the persistent archive index from nothing (its time, size, peak memory);
#   2. a query with the index built and up to date (the aim: under 50 ms at 10,000);
#   3. a query after one statement changed (the index updated: one file read, not N);
#   4. the same query without the index (`--no-index`: every statement read and indexed).
# The index goes where provenance keeps it (the workspace's .chancery/cache/); it is removed
# at the end. Usage: bench/provenance.sh [N] [RUNS]   (default 200 statements, 30 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
runs=${2:-30}
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/provenance.sh needs $tool" >&2; exit 1; }
done
cargo build --release --quiet --bin chancery
bin=$(realpath "${CARGO_TARGET_DIR:-target}")/release/chancery
work=$(mktemp -d)
archive=$work/archive
index=""
trap 'rm -rf "$work"; [ -n "$index" ] && rm -f "$index" "${index%.idx}.lock"' EXIT
bench/gen_archive.sh "$n" "$archive"
# Stamps of files written in the last 2 s are not trusted (their digest is checked instead);
# the archive of a real workspace is older than that.
touch -d '1 hour ago' "$archive"/*.txt
query="$bin provenance drafts/2015-tokyo-3rd --archive $archive --summary"

echo "archive: $(find "$archive" -name '*.txt' | wc -l) statements, $(cat "$archive"/* | wc -w) words"
index=$($query --verbose 2>&1 >/dev/null | sed -n 's/^index \(.*\.idx\): .*/\1/p')
echo "index: $index"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2 " KB"}'; }

echo "== 1. index build (from nothing) =="
hyperfine -N --runs 3 --prepare "rm -f $index" "$query"
echo "index size: $(stat -c %s "$index") bytes; peak memory of a build: $(rm -f "$index"; peak $query)"

echo "== 2. query, index up to date; 3. one statement changed; 4. without the index =="
# Adds a sentence to the first statement, or takes it out again: a changed statement per run.
statements=("$archive"/*.txt)
first=${statements[0]}
cat > "$work/toggle.sh" <<TOGGLE
if grep -q Kyoto-extra "$first"; then sed -i /Kyoto-extra/d "$first"; else echo Kyoto-extra. >> "$first"; fi
touch -d '1 hour ago' "$first"
TOGGLE
toggle="sh $work/toggle.sh"
$query >/dev/null
# One --prepare per command, in order: only the third changes a statement before each run.
hyperfine -N --warmup 3 --runs "$runs" \
  --prepare true --prepare true --prepare "$toggle" --prepare true \
  -n "indexed query" "$query" \
  -n "indexed query --format json" "$bin provenance drafts/2015-tokyo-3rd --archive $archive --format json" \
  -n "one statement changed" "$query" \
  -n "without the index (--no-index)" "$query --no-index"
$toggle
$query --verbose 2>&1 >/dev/null | sed -n 's/^index [^:]*: /after a change: /p'
echo "peak memory: indexed query $(peak $query), --no-index $(peak $query --no-index)"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
