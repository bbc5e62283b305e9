#!/usr/bin/env bash
# The 1 MB draft (2,400 paragraphs, bench/gen_draft.sh) to PDF and DOCX, whole processes, against
# typst (through its Python binding: `pip install typst`) and pandoc, in one hyperfine run; then
# typst's compile inside one Python process (the first compile after import, and warm repeats),
# and peak memory. The Typst source is chancery's own text output, paragraph for paragraph
# (the first as a heading, markup characters escaped), justified and A4 like chancery's PDF.
# Usage: bench/typst.sh [RUNS]   (needs hyperfine, pandoc, python3 with typst, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
for tool in hyperfine pandoc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/typst.sh needs $tool" >&2; exit 1; }
done
python3 -c 'import typst' 2>/dev/null || { echo "bench/typst.sh needs typst for Python (pip install typst)" >&2; exit 1; }
cargo build --release --quiet --bin chancery
bin=$(realpath "${CARGO_TARGET_DIR:-target}")/release/chancery
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench/gen_draft.sh 2400 "$work/d"
"$bin" build "$work/d" --format md,txt --out "$work/o" 2>/dev/null
python3 - "$work/o/statement.txt" "$work/s.typ" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
esc = lambda t: re.sub(r"([\\#$*_@<>\[\]`~/=+-])", r"\\\1", t)
paras = [p.strip() for p in text.split("\n\n") if p.strip()]
out = ['#set page(paper: "a4")', '#set text(font: "Libertinus Serif", size: 11pt)',
       '#set par(justify: true)', "", "= " + esc(paras[0].replace("\n", " ")), ""]
out += [esc(p.replace("\n", " ")) + "\n" for p in paras[1:]]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
echo "input: $(wc -c < "$work/o/statement.md") bytes of Markdown, $(wc -c < "$work/s.typ") bytes of Typst"
compile="import typst; typst.compile('$work/s.typ', output='$work/t.pdf')"

hyperfine -N --warmup 1 --runs "$runs" \
  -n "chancery pdf" "$bin build $work/d --format pdf --out $work/o" \
  -n "typst pdf (python binding)" "python3 -c \"$compile\"" \
  -n "chancery docx" "$bin build $work/d --format docx --out $work/o" \
  -n "pandoc docx" "pandoc $work/o/statement.md -o $work/p.docx"

python3 - "$work/s.typ" "$work/t.pdf" <<'PY'
import statistics, sys, time
t0 = time.perf_counter()
import typst
t1 = time.perf_counter()
typst.compile(sys.argv[1], output=sys.argv[2])
t2 = time.perf_counter()
warm = []
for _ in range(5):
    s = time.perf_counter()
    typst.compile(sys.argv[1], output=sys.argv[2])
    warm.append(time.perf_counter() - s)
print(f"typst in process: import {1000*(t1-t0):.0f} ms, first compile {1000*(t2-t1):.0f} ms, "
      f"warm compile median {1000*statistics.median(warm):.0f} ms (5 runs; typst memoizes across compiles)")
PY
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2 " KB"}'; }
echo "peak: chancery pdf $(peak "$bin" build "$work/d" --format pdf --out "$work/o")," \
  "typst $(peak python3 -c "$compile")," \
  "chancery docx $(peak "$bin" build "$work/d" --format docx --out "$work/o")," \
  "pandoc $(peak pandoc "$work/o/statement.md" -o "$work/p.docx")"
echo "pages: chancery $(pdfinfo "$work/o/statement.pdf" 2>/dev/null | awk '/^Pages/ {print $2}'), typst $(pdfinfo "$work/t.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
