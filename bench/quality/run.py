#!/usr/bin/env python3
"""Diff quality benchmark: seeded, deterministic pairs of edited statements with ground truth,
scored for every diff tool given, in one run.

It owns the generator and the scoring, nothing else: it runs the tools as a reviewer would
(`chancery diff --format json`, `git diff --no-index --word-diff=porcelain`, `wdiff -s`) and
never reads their sources. Inputs are built from the words of the 2014 statement in this
repository (`drafts/2014-05-09-washington-2nd/adopted.txt`).

Kinds of pairs (N of each, seed fixed):
  words        word replacements, insertions and deletions (truth: words inserted/deleted)
  sentence     a sentence moved into a paragraph of its own (truth: one move, no word change)
  typography   straight quotes/apostrophes/hyphens made typographic (truth: no change with
               `--ignore typography`)

Usage: bench/quality/run.py [CHANCERY_BINARY] [N]   (default: $CARGO_TARGET_DIR or target,
debug binary; N = 40). Prints one table.
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def vocabulary():
    with open(os.path.join(ROOT, "drafts/2014-05-09-washington-2nd/adopted.txt")) as f:
        words = re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]", f.read())
    return sorted(set(w for w in words if "-" not in w))


def sentence(rng, vocab):
    n = rng.randint(8, 20)
    ws = [rng.choice(vocab) for _ in range(n)]
    ws[0] = ws[0].capitalize()
    return " ".join(ws) + "."


def paragraphs(rng, vocab, n):
    return [[sentence(rng, vocab) for _ in range(rng.randint(2, 4))] for _ in range(n)]


def text(paras):
    return "\n\n".join(" ".join(p) for p in paras) + "\n"


def word_edits(rng, vocab, paras):
    """Edit 5 % of the words; return the new paragraphs and (inserted, deleted) truth."""
    ins = dele = 0
    out = []
    for p in paras:
        new_p = []
        for s in p:
            ws = s[:-1].split(" ")
            new_ws = []
            for w in ws:
                r = rng.random()
                if r < 0.05 / 3:
                    new_ws.append(rng.choice(vocab).lower())
                    ins += 1
                    dele += 1
                elif r < 0.10 / 3 and len(ws) > 1:
                    dele += 1
                elif r < 0.05:
                    new_ws.extend([w, rng.choice(vocab).lower()])
                    ins += 1
                else:
                    new_ws.append(w)
            if not new_ws:
                new_ws = ws
            new_p.append(" ".join(new_ws) + ".")
        out.append(new_p)
    return out, ins, dele


def sentence_move(rng, paras):
    paras = [list(p) for p in paras]
    i = rng.randrange(len(paras))
    s = paras[i].pop(rng.randrange(len(paras[i])))
    paras.insert(rng.randrange(len(paras) + 1), [s])
    return paras


def typographic(t):
    return t.replace("'", "\u2019").replace(" - ", " \u2013 ")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def chancery_counts(binary, a, b, *extra):
    out = json.loads(run([binary, "diff", "--format", "json", *extra, a, b]))
    moves = sum(1 for op in out["ops"] if op["op"] == "move")
    st = out["stats"]
    return st["words_inserted"], st["words_deleted"], moves


def git_counts(a, b):
    out = run(["git", "diff", "--no-index", "--word-diff=porcelain", a, b])
    ins = dele = 0
    for line in out.splitlines():
        if line.startswith("+") and not line.startswith("+++"):
            ins += len(re.findall(r"\w+", line[1:]))
        elif line.startswith("-") and not line.startswith("---"):
            dele += len(re.findall(r"\w+", line[1:]))
    return ins, dele


def wdiff_counts(a, b):
    out = run(["wdiff", "-1", "-2", a, b]) if shutil.which("wdiff") else None
    if out is None:
        return None
    ins = len(re.findall(r"\w+", run(["wdiff", "-1", "-3", a, b])))
    dele = len(re.findall(r"\w+", run(["wdiff", "-2", "-3", a, b])))
    return ins, dele


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "debug", "chancery")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = random.Random(20140509)
    vocab = vocabulary()
    work = tempfile.mkdtemp()
    a, b = os.path.join(work, "old.txt"), os.path.join(work, "new.txt")
    truth = [0, 0]
    got = {"chancery": [0, 0], "git": [0, 0], "wdiff": [0, 0]}
    moves_found = typo_zero = 0
    for k in range(n):
        paras = paragraphs(rng, vocab, rng.randint(4, 10))
        new, ins, dele = word_edits(rng, vocab, paras)
        with open(a, "w") as f:
            f.write(text(paras))
        with open(b, "w") as f:
            f.write(text(new))
        truth[0] += ins
        truth[1] += dele
        ci, cd, _ = chancery_counts(binary, a, b)
        got["chancery"][0] += ci
        got["chancery"][1] += cd
        gi, gd = git_counts(a, b)
        got["git"][0] += gi
        got["git"][1] += gd
        w = wdiff_counts(a, b)
        if w:
            got["wdiff"][0] += w[0]
            got["wdiff"][1] += w[1]

        moved = sentence_move(rng, paras)
        with open(b, "w") as f:
            f.write(text(moved))
        ci, cd, m = chancery_counts(binary, a, b)
        moves_found += int(m == 1 and ci == 0 and cd == 0)

        t = text(paras).replace("Japan", "Japan's").replace(" and ", " - ")
        with open(a, "w") as f:
            f.write(t)
        with open(b, "w") as f:
            f.write(typographic(t))
        ci, cd, _ = chancery_counts(binary, a, b, "--ignore", "typography")
        typo_zero += int(ci == 0 and cd == 0)
    shutil.rmtree(work)

    tw = truth[0] + truth[1]
    print(f"{n} pairs of each kind, seed 20140509")
    print(f"{'tool':<10} {'inserted':>9} {'deleted':>9} {'changed':>9} {'vs truth':>9}")
    print(f"{'truth':<10} {truth[0]:>9} {truth[1]:>9} {tw:>9} {'':>9}")
    for tool, (i, d) in got.items():
        if tool == "wdiff" and not shutil.which("wdiff"):
            continue
        print(f"{tool:<10} {i:>9} {d:>9} {i + d:>9} {100.0 * (i + d - tw) / tw:>+8.1f}%")
    print(f"sentence moves found as one move, no word change: {moves_found}/{n}")
    print(f"typography-only pairs with zero changes under --ignore typography: {typo_zero}/{n}")


if __name__ == "__main__":
    main()
