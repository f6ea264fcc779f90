#!/usr/bin/env python3
"""Write lib/fold.h, the folding table of text search: each letter of the
Latin, Greek and Cyrillic blocks that has a case or carries a diacritic,
mapped to one lower-case letter without it.  The base letter is the one
PostgreSQL's unaccent rules name (when given their file), else the first
of the letter's canonical decomposition (NFD).  Run once; the table is
kept in the repository:

    python3 tools/mkfold.py [/usr/share/postgresql/15/tsearch_data/unaccent.rules] > lib/fold.h
"""
import sys
import unicodedata

RANGES = [(0x41, 0x5A), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF),
          (0x1E00, 0x1EFF), (0x1F00, 0x1FFF)]

rules = {}
if len(sys.argv) > 1:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
                rules[parts[0]] = parts[1]

def fold(c):
    if c == "\u00a0":
        return " "
    if c == "ς":
        return "σ"
    base = rules.get(c)
    if base is None:
        d = [x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)]
        base = d[0] if len(d) == 1 else c
    low = base.lower()
    if len(low) != 1:
        low = base
    return low

def lit(s):
    return '"' + "".join(ch if ch not in '"\\' else "\\" + ch for ch in s) + '"'

pairs = []
for lo, hi in RANGES:
    for cp in range(lo, hi + 1):
        c = chr(cp)
        if unicodedata.category(c)[0] != "L" and c != "\u00a0":
            continue
        f = fold(c)
        if f != c and (unicodedata.category(f)[0] == "L" or f == " "):
            pairs.append((c, f))

print("/* fold.h: the folding table of text search, made by tools/mkfold.py:")
print(" * (from, to) letter pairs in code point order.  Both backends fold")
print(" * with it: libtkt's tkt_fold (SQLite's index and every query) and the")
print(" * PostgreSQL function of the same name, through translate(). */")
print("#define TKT_FOLD_LIST(X) \\")
for i, (a, b) in enumerate(pairs):
    end = " \\" if i < len(pairs) - 1 else ""
    print("\tX(%s, %s)%s" % (lit(a), lit(b), end))
