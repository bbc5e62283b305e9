#!/usr/bin/env bash
# Word-diff benchmark: `chancery diff` against `git diff --no-index --word-diff=porcelain` and
# `wdiff` on two ~1 MB documents with 5% of the words edited.
#
# The documents are generated here, deterministically (awk with a fixed seed), from the
# vocabulary of the 2014 statement: paragraphs of 40-220 words, one paragraph per line with
# blank lines between (so git and wdiff see the same text). Each word of the new version is,
# with probability 5%, replaced, deleted or followed by an inserted word (a third each).
# chancery does more work than the other two: it aligns paragraphs and looks for moves before
# diffing words, and prints the whole redline.
#
# Usage: bench/diff.sh [SIZE_BYTES]   (default 1000000). Uses hyperfine when installed, else a
# simple best-of-10 timing loop. Set CARGO_TARGET_DIR as usual; the release binary is built.
# DIFF_BENCH_KEEP=DIR keeps the generated documents in DIR.
set -euo pipefail

size="${1:-1000000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${DIFF_BENCH_KEEP:-}" ]]; then
  work="$DIFF_BENCH_KEEP"   # keep the generated inputs there (for profiling)
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/chancery"

awk -v size="$size" -v out_old="$work/old.txt" -v out_new="$work/new.txt" '
BEGIN { srand(20140509); n = 0 }
{ for (i = 1; i <= NF; i++) { w = $i; gsub(/[^A-Za-z0-9-]/, "", w); if (w != "") vocab[++n] = w } }
END {
  total = 0
  while (total < size) {
    len = 40 + int(rand() * 180)
    old = ""; new = ""
    for (k = 1; k <= len; k++) {
      w = vocab[1 + int(rand() * n)]
      if (k == 1) w = toupper(substr(w, 1, 1)) substr(w, 2)
      sep = (k == len) ? "." : ((rand() < 0.08) ? ", " : " ")
      old = old w sep
      r = rand()
      if (r < 0.05 / 3) {            # replace
        new = new vocab[1 + int(rand() * n)] sep
      } else if (r < 0.10 / 3) {     # delete
        if (k == len) new = new "."
      } else if (r < 0.05) {         # insert after
        new = new w " " vocab[1 + int(rand() * n)] sep
      } else {
        new = new w sep
      }
    }
    print old "\n" > out_old
    print new "\n" > out_new
    total += length(old) + 2
  }
}' "$root/drafts/2014-05-09-washington-2nd/adopted.txt"

ls -l "$work/old.txt" "$work/new.txt" | awk '{ print $5, $NF }'
"$bin" diff --stat "$work/old.txt" "$work/new.txt" || true

cmds=(
  "git diff --no-index --word-diff=porcelain $work/old.txt $work/new.txt"
  "$bin diff $work/old.txt $work/new.txt"
  "$bin diff --format json $work/old.txt $work/new.txt"
)
if command -v wdiff >/dev/null; then
  cmds+=("wdiff $work/old.txt $work/new.txt")
fi

export NO_COLOR=1
if command -v hyperfine >/dev/null; then
  # Exit codes are 1 when the inputs differ: that is the expected outcome here.
  hyperfine --warmup 3 --min-runs 20 -N --ignore-failure --output=null "${cmds[@]}"
else
  for c in "${cmds[@]}"; do
    best=999999
    for _ in $(seq 10); do
      s=$(date +%s%N); $c >/dev/null || true; e=$(date +%s%N)
      t=$(((e - s) / 1000000)); ((t < best)) && best=$t
    done
    echo "$best ms  $c"
  done
fi
