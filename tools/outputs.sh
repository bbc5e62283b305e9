#!/usr/bin/env bash
# Usage: tools/outputs.sh BIN OUTDIR [REPO]  (OUTDIR absolute). Writes every observable output of
# chancery for the repo's drafts and fixtures (builds in every format, each copy, finals, diffs,
# provenance, next, extract, import, check, error fixtures) into OUTDIR; compare two runs with
# `diff -r` to prove a change kept (or changed only) the bytes it meant to.
set -u
bin=$1; out=$2; repo=${3:-$(pwd)}
case "$out" in /*) ;; *) echo "OUTDIR must be an absolute path" >&2; exit 2;; esac
[ "$out" != / ] && [ ! -e "$out/meeting.toml" ] || { echo "refusing to clear $out" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out"
cd "$repo"
d14=drafts/2014-05-09-washington-2nd; d15=drafts/2015-tokyo-3rd
for d in $d14 $d15 tests/fixtures/negotiation/open tests/fixtures/negotiation/agreed tests/fixtures/us-france/drafts/*; do
  n=$(echo "$d" | tr '/' '_')
  "$bin" build "$d" --format txt,md,html,docx,pdf --out "$out/build/$n" >/dev/null 2>"$out/build.$n.err"; echo "rc=$?" >> "$out/build.$n.err"
  for p in jp us fr; do
    "$bin" build "$d" --copy $p --format txt,docx,pdf --out "$out/copy/$n.$p" >/dev/null 2>>"$out/copy.$n.err"
  done
  "$bin" build "$d" --final --format txt,docx,pdf --out "$out/final/$n" >/dev/null 2>"$out/final.$n.err"; echo "rc=$?" >> "$out/final.$n.err"
  "$bin" check "$d" >"$out/check.$n.out" 2>&1; echo "rc=$?" >> "$out/check.$n.out"
done
for f in text unified html docx pdf json; do
  "$bin" diff $d14 $d15 --format $f --out "$out/diff.$f" >/dev/null 2>&1; echo "rc=$?" > "$out/diff.$f.rc"
  "$bin" diff $d14/adopted.txt $d15 --format $f --out "$out/diffa.$f" >/dev/null 2>&1
done
"$bin" diff $d14 $d15 --stat > "$out/diff.stat" 2>&1
"$bin" diff $d14 $d15 --substantive --format text > "$out/diff.subst" 2>&1
for f in text html json; do
  "$bin" provenance $d15 --format $f --out "$out/prov.$f" >/dev/null 2>&1; echo "rc=$?" > "$out/prov.$f.rc"
done
"$bin" provenance $d15 --summary > "$out/prov.summary" 2>&1
"$bin" clauses list > "$out/clauses.list" 2>&1
"$bin" clauses show purpose > "$out/clauses.show" 2>&1
tmp=$(mktemp -d)
"$bin" next $d15 --out "$tmp/next" --date 2016-04-01 >/dev/null 2>&1; cp "$tmp/next/meeting.toml" "$out/next.toml" 2>/dev/null
"$bin" clauses extract $d14/adopted.txt --out "$tmp/ex" >/dev/null 2>&1; (cd "$tmp/ex" && find . -type f | sort | xargs cat) > "$out/extract.all" 2>/dev/null
"$bin" import tests/fixtures/import/statement-2014.md --into "$tmp/imp" >/dev/null 2>&1; cp "$tmp/imp/adopted.txt" "$out/import.txt" 2>/dev/null
for e in tests/fixtures/errors/*; do "$bin" check "$e" > "$out/err.$(basename $e)" 2>&1; echo "rc=$?" >> "$out/err.$(basename $e)"; done
rm -rf "$tmp"
# manifests name the engine version and digests; keep them
find "$out" -maxdepth 1 -type f -exec sed -i "s#$out#OUT#g" {} +
echo done
