#!/usr/bin/env python3
"""Write lib/fold.h, the folding table of text search: each letter of the
Latin, Greek and Cyrillic blocks that PostgreSQL's unaccent rules strip of
its diacritics, or that has a lower-case form, mapped to what unaccent
makes of it, lower-cased; and the final sigma to sigma.  The PostgreSQL
function tkt_fold (store-pg-schema.c) folds with unaccent, lower() and
that last mapping, so both backends fold these letters alike.  Run once,
with the rules file of the PostgreSQL release the table is made for; the
table is kept in the repository:

    python3 tools/mkfold.py /usr/share/postgresql/15/tsearch_data/unaccent.rules > lib/fold.h
"""
import sys
import unicodedata

RANGES = [(0x41, 0x5A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF),
          (0x1E00, 0x1EFF), (0x1F00, 0x1FFF)]

rules = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            rules[parts[0]] = parts[1]

def lit(s):
    return '"' + "".join(ch if ch not in '"\\' else "\\" + ch for ch in s) + '"'

pairs = []
for lo, hi in RANGES:
    for cp in range(lo, hi + 1):
        c = chr(cp)
        if unicodedata.category(c)[0] != "L":
            continue
        f = rules.get(c, c)
        # One letter at a time: no context (final sigma) in the lower case.
        f = "".join(x.lower() for x in f).replace("ς", "σ")
        if f != c and f.isalpha():
            pairs.append((c, f))

print("/* fold.h: the folding table of text search, made by tools/mkfold.py from")
print(" * PostgreSQL's unaccent rules: (letter, what it folds to) pairs in code")
print(" * point order.  libtkt's tkt_fold folds with it, for SQLite's index and")
print(" * every query; PostgreSQL's tkt_fold gives the same with unaccent and")
print(" * lower(). */")
print("#define TKT_FOLD_LIST(X) \\")
for i, (a, b) in enumerate(pairs):
    end = " \\" if i < len(pairs) - 1 else ""
    print("\tX(%s, %s)%s" % (lit(a), lit(b), end))
