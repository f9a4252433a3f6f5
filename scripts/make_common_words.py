#!/usr/bin/env python3
"""Writes data/common_words.txt: English words that news writes in lower case.

  scripts/make_common_words.py [DATA_DIR] [OUT]     (defaults: ../shared/data, data/common_words.txt)

Counts, over the unlabeled news of DATA_DIR (BBC bbc/*/*.txt, Reuters-21578 articles.tsv bodies),
each word's occurrences inside a sentence (not its first word, not on an all-caps line) written in
lower case and written capitalised. A word is common when it is seen in lower case at least
MIN_LOWER times and at least RATIO times as often as capitalised: "looking", "several", "based",
"currently" are; "turkey" and "china" are not (news capitalises them). The place finder uses the
list to tell a capital that only starts a sentence or a headline from a name. Only the word list is
written (no text); rerun it to rebuild. Python 3 standard library.
"""
import collections, glob, os, re, sys

MIN_LOWER = 5
RATIO = 4

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|[.!?:;\"]")


def count(text, lower, cap):
    for line in text.split('\n'):
        letters = [c for c in line if c.isalpha()]
        if letters and not any(c.islower() for c in letters):
            continue  # a headline or a dateline in capitals tells nothing
        initial = True
        for m in WORD.finditer(line):
            w = m.group()
            if not w[0].isalpha():
                initial = w in '.!?:"'
                continue
            if not initial:
                if w.islower():
                    lower[w] += 1
                elif w[0].isupper() and w[1:].islower():
                    cap[w.lower()] += 1
            initial = False


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'data', 'common_words.txt')
    lower, cap = collections.Counter(), collections.Counter()
    for path in sorted(glob.glob(os.path.join(data, 'bbc-news', 'bbc', '*', '*.txt'))):
        with open(path, encoding='latin-1') as f:
            count(f.read(), lower, cap)
    with open(os.path.join(data, 'reuters21578', 'articles.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        body = head.index('body')
        for line in f:
            c = line.rstrip('\n').split('\t')
            if len(c) > body:
                count(c[body].replace('\\n', '\n'), lower, cap)
    words = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= RATIO * cap[w])
    with open(out, 'w', encoding='utf-8') as o:
        o.write('# Words news writes in lower case (scripts/make_common_words.py; counts from the BBC and\n'
                '# Reuters-21578 corpora, no text). Do not edit: rerun the script.\n')
        for w in words:
            o.write(w + '\n')
    print(f'{out}: {len(words)} words', file=sys.stderr)


if __name__ == '__main__':
    main()
