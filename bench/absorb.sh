#!/usr/bin/env bash
# Absorbing a returned 2015 draft with 20 changes, whole process (hyperfine -N), and its
# instruction count (callgrind, when valgrind is installed). The returned file is the 2015
# export with 20 words replaced untracked in its document.xml (the first occurrence of each) (each one a proposal, found by
# comparing the returned text with the text as sent), so no office suite is needed.
# Usage: bench/absorb.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
command -v hyperfine >/dev/null || { echo "bench/absorb.sh needs hyperfine" >&2; exit 1; }
cargo build --release --quiet --bin chancery
bin=$(pwd)/${CARGO_TARGET_DIR:-target}/release/chancery
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
mkdir -p "$ws/drafts"
cp -r templates "$ws/"
cp -r drafts/2014-05-09-washington-2nd drafts/2015-tokyo-3rd "$ws/drafts/"
rm -rf "$ws/drafts/2015-tokyo-3rd/exports"
"$bin" build "$ws/drafts/2015-tokyo-3rd" --format docx --out "$ws/out" 2>/dev/null
python3 - "$ws/out/statement.docx" "$ws/returned.docx" <<'PY'
import sys, zipfile
src, dst = sys.argv[1:3]
pairs = [("cooperation", "collaboration"), ("discussions", "talks"), ("further", "additional"),
         ("continue", "keep"), ("confirmed", "reaffirmed"), ("strengthen", "deepen"),
         ("welcomed", "noted"), ("importance", "value"), ("activities", "operations"),
         ("interest", "intention"), ("bilateral", "joint"), ("recognized", "agreed"),
         ("initiative", "effort"), ("experts", "specialists"), ("approach", "method"),
         ("ensuring", "securing"), ("between", "among"), ("information", "data"),
         ("implementing", "pursuing"), ("opportunities", "chances"), ("global", "worldwide"),
         ("advanced", "capable"), ("environmental", "ecological"), ("scientific", "research"),
         ("technology", "engineering"), ("disaster", "emergency")]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for item in z.infolist():
        data = z.read(item.filename)
        if item.filename == "word/document.xml":
            xml = data.decode()
            done = 0
            for old, new in pairs:
                # The first occurrence of each word, until 20 changes are made.
                if done < 20 and (" " + old + " ") in xml:
                    xml = xml.replace(" " + old + " ", " " + new + " ", 1)
                    done += 1
            print("changes made:", done, file=sys.stderr)
            data = xml.encode()
        out.writestr(item, data)
PY
"$bin" absorb "$ws/returned.docx" --into "$ws/drafts/2015-tokyo-3rd" --party us --dry-run | tail -1
meeting=$ws/drafts/2015-tokyo-3rd/meeting.toml
cp "$meeting" "$ws/meeting.orig"
hyperfine -N --warmup 3 --runs "$runs" \
  -n "absorb --dry-run (plan only)" \
  "$bin absorb $ws/returned.docx --into $ws/drafts/2015-tokyo-3rd --party us --dry-run"
hyperfine --warmup 3 --runs "$runs" --prepare "cp $ws/meeting.orig $meeting" \
  -n "absorb (plan, meeting.toml edited, checked and written)" \
  "$bin absorb $ws/returned.docx --into $ws/drafts/2015-tokyo-3rd --party us"
if command -v valgrind >/dev/null; then
  valgrind --tool=callgrind --callgrind-out-file="$ws/cg.out" "$bin" absorb "$ws/returned.docx" \
    --into "$ws/drafts/2015-tokyo-3rd" --party us --dry-run >/dev/null 2>"$ws/cg.log"
  grep -E "Collected" "$ws/cg.log" | sed 's/^==[0-9]*== /callgrind: /'
fi
