#!/usr/bin/env python3
"""Writes a large sheet for the fault tests: the seed sheet's rows repeated as INITIATIVES
initiatives, each overview lengthened by CHARACTERS random kanji, which no compression
shrinks much.

Usage: large_sheet.py SEED.tsv OUT.tsv INITIATIVES CHARACTERS SEED_NUMBER
"""
import random
import sys

seed_path, out_path, initiatives, characters, seed_number = sys.argv[1:6]
lines = open(seed_path, encoding="utf-8").read().split("\n")
head, rows = lines[:6], [line for line in lines[6:] if line.strip()]
random.seed(int(seed_number))
out = list(head)
for n in range(1, int(initiatives) + 1):
    cells = rows[(n - 1) % len(rows)].split("\t")
    cells[0] = str(n)
    cells[8] += "。" + "".join(chr(random.randint(0x4E00, 0x9FA0)) for _ in range(int(characters)))
    out.append("\t".join(cells))
open(out_path, "w", encoding="utf-8").write("\n".join(out) + "\n")
