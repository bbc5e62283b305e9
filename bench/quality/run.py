#!/usr/bin/env python3
"""Diff quality benchmark: seeded, deterministic pairs of edited statements with ground truth,
scored for every diff tool given, in one run.

It owns the generator and the scoring, nothing else: it runs the tools as a reviewer would
(`chancery diff --format json`, `git diff --no-index --word-diff=porcelain`, `wdiff -s`) and
never reads their sources. Inputs are built from the words of the 2014 statement in this
repository (`drafts/2014-05-09-washington-2nd/adopted.txt`).

Kinds of pairs (N of each, seed fixed):
  words        word replacements, insertions and deletions (truth: words inserted/deleted)
  data         only data changed: meeting dates and ordinals ("the Second Meeting ... on May 9,
               2014" -> "the Third Meeting ... on March 3, 2015"; truth: the words replaced)
  split        a paragraph split in two at a sentence end, with up to two words replaced
               (truth: one split, the words replaced)
  merge        two neighbouring paragraphs merged into one, with up to two words replaced
               (truth: one merge, the words replaced)
  sentence     a sentence moved into a paragraph of its own (truth: one move, no word change)
  typography   straight quotes/apostrophes/hyphens made typographic (truth: no change with
               `--ignore typography`)

Changed words (inserted + deleted) are scored per kind and in total for every tool; moves,
splits and merges only for chancery, the one tool that reports them.

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
    """Move a sentence into a paragraph of its own; return the new paragraphs and whether the
    move is also a split (the last sentence to right after its paragraph, or the first to right
    before it: then a split with no word changed is as true as a move)."""
    paras = [list(p) for p in paras]
    i = rng.randrange(len(paras))
    j = rng.randrange(len(paras[i]))
    last = j == len(paras[i]) - 1
    s = paras[i].pop(j)
    at = rng.randrange(len(paras) + 1)
    paras.insert(at, [s])
    also_split = bool(paras[i if at > i else i + 1]) and (
        (last and at == i + 1) or (j == 0 and at == i))
    return paras, also_split


ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def data_sentence(ordinal, month, day, year):
    return f"The {ordinal} Meeting of the Dialogue was held on {month} {day}, {year} in Tokyo."


def random_data(rng):
    return (rng.choice(ORDINALS), rng.choice(MONTHS), rng.randint(1, 28), rng.randint(2010, 2030))


def data_edits(rng, paras):
    """Put a dated, numbered sentence into some paragraphs on both sides, with other values on
    the new side; return (old paragraphs, new paragraphs, words replaced)."""
    old, new = [list(p) for p in paras], [list(p) for p in paras]
    replaced = 0
    for i in rng.sample(range(len(paras)), k=max(1, len(paras) // 2)):
        a, b = random_data(rng), random_data(rng)
        replaced += sum(1 for x, y in zip(a, b) if x != y)
        at = rng.randrange(len(paras[i]) + 1)
        old[i].insert(at, data_sentence(*a))
        new[i].insert(at, data_sentence(*b))
    return old, new, replaced


def replace_words(rng, vocab, paras, i, k):
    """Replace k different words of paragraph i; return how many changed."""
    p = paras[i]
    places = [(s, w) for s, sent in enumerate(p) for w in range(len(sent[:-1].split(" ")))]
    changed = 0
    for s, w in rng.sample(places, k=min(k, len(places))):
        ws = p[s][:-1].split(" ")
        new = rng.choice(vocab).lower()
        if new != ws[w].lower():
            ws[w] = new
            changed += 1
        p[s] = " ".join(ws) + "."
    return changed


def split_paragraph(rng, vocab, paras):
    """Split a paragraph of two sentences or more at a sentence end; return (new paragraphs,
    words replaced)."""
    paras = [list(p) for p in paras]
    i = rng.choice([k for k, p in enumerate(paras) if len(p) >= 2])
    changed = replace_words(rng, vocab, paras, i, rng.randint(0, 2))
    cut = rng.randint(1, len(paras[i]) - 1)
    paras[i:i + 1] = [paras[i][:cut], paras[i][cut:]]
    return paras, changed


def merge_paragraphs(rng, vocab, paras):
    """Merge two neighbouring paragraphs; return (new paragraphs, words replaced)."""
    paras = [list(p) for p in paras]
    i = rng.randrange(len(paras) - 1)
    paras[i:i + 2] = [paras[i] + paras[i + 1]]
    changed = replace_words(rng, vocab, paras, i, rng.randint(0, 2))
    return paras, changed


def typographic(t):
    return t.replace("'", "\u2019").replace(" - ", " \u2013 ")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def chancery_counts(binary, a, b, *extra):
    """Words inserted and deleted, and the number of ops of each kind."""
    out = json.loads(run([binary, "diff", "--format", "json", *extra, a, b]))
    kinds = {}
    for op in out["ops"]:
        kinds[op["op"]] = kinds.get(op["op"], 0) + 1
    st = out["stats"]
    return st["words_inserted"], st["words_deleted"], kinds


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


def write(path, t):
    with open(path, "w") as f:
        f.write(t)


class Score:
    """Changed words per kind and tool, against the truth."""

    KINDS = ["words", "data", "split", "merge"]

    def __init__(self):
        self.truth = {k: 0 for k in self.KINDS}
        self.got = {t: {k: 0 for k in self.KINDS} for t in ["chancery", "git", "wdiff"]}

    def add(self, kind, truth, binary, a, b):
        """Score every tool on one pair; return chancery's op kinds."""
        self.truth[kind] += truth
        ci, cd, kinds = chancery_counts(binary, a, b)
        self.got["chancery"][kind] += ci + cd
        gi, gd = git_counts(a, b)
        self.got["git"][kind] += gi + gd
        w = wdiff_counts(a, b)
        if w:
            self.got["wdiff"][kind] += w[0] + w[1]
        return ci + cd, kinds

    def print(self):
        head = "".join(f"{k:>14}" for k in self.KINDS + ["total"])
        print(f"changed words (inserted + deleted), and vs truth")
        print(f"{'tool':<10}{head}")
        rows = [("truth", self.truth)] + [
            (t, g) for t, g in self.got.items() if t != "wdiff" or shutil.which("wdiff")]
        tt = sum(self.truth.values())
        for tool, counts in rows:
            cells = ""
            for k in self.KINDS + ["total"]:
                v = sum(counts.values()) if k == "total" else counts[k]
                t = tt if k == "total" else self.truth[k]
                if tool == "truth" or t == 0:
                    cells += f"{v:>14}"
                else:
                    cells += f"{v:>6} {100.0 * (v - t) / t:>+6.1f}%"
            print(f"{tool:<10}{cells}")


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "debug", "chancery")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = random.Random(20140509)
    vocab = vocabulary()
    work = tempfile.mkdtemp()
    a, b = os.path.join(work, "old.txt"), os.path.join(work, "new.txt")
    score = Score()
    found = {"sentence": 0, "split": 0, "merge": 0}
    typo_zero = 0
    for k in range(n):
        paras = paragraphs(rng, vocab, rng.randint(4, 10))
        new, ins, dele = word_edits(rng, vocab, paras)
        write(a, text(paras))
        write(b, text(new))
        score.add("words", ins + dele, binary, a, b)

        old, new, replaced = data_edits(rng, paras)
        write(a, text(old))
        write(b, text(new))
        score.add("data", 2 * replaced, binary, a, b)

        write(a, text(paras))
        for kind, make in [("split", split_paragraph), ("merge", merge_paragraphs)]:
            new, replaced = make(rng, vocab, paras)
            write(b, text(new))
            changed, kinds = score.add(kind, 2 * replaced, binary, a, b)
            others = sum(v for op, v in kinds.items() if op not in ("equal", "change", kind))
            found[kind] += int(kinds.get(kind) == 1 and others == 0 and changed == 2 * replaced)

        moved, also_split = sentence_move(rng, paras)
        write(b, text(moved))
        ci, cd, kinds = chancery_counts(binary, a, b)
        one = kinds.get("move") == 1 or (also_split and kinds.get("split") == 1)
        found["sentence"] += int(one and ci == 0 and cd == 0)

        t = text(paras).replace("Japan", "Japan's").replace(" and ", " - ")
        write(a, t)
        write(b, typographic(t))
        ci, cd, _ = chancery_counts(binary, a, b, "--ignore", "typography")
        typo_zero += int(ci == 0 and cd == 0)
    shutil.rmtree(work)

    print(f"{n} pairs of each kind, seed 20140509")
    score.print()
    print(f"sentence moves found as one move, no word change: {found['sentence']}/{n}")
    print(f"paragraph splits found as one split, exact words: {found['split']}/{n}")
    print(f"paragraph merges found as one merge, exact words: {found['merge']}/{n}")
    print(f"typography-only pairs with zero changes under --ignore typography: {typo_zero}/{n}")


if __name__ == "__main__":
    main()
