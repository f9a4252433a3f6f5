#!/usr/bin/env python3
"""Reuters-21578 document countries scored on what `whosaid-extract --json` prints.

  bench/reuters_countries.py EXTRACT_BIN ARTICLES_TSV WORKDIR [--limit=N]

(EXTRACT_BIN may also be the WORKDIR/extract.json an earlier run saved, to score it again.)

Each story with gold PLACES labels and a body becomes one JSON Lines article (title; body =
dateline + body). The predicted countries of a story are the countries of its extracted place
mentions (the `places` of the JSON), mapped to Reuters PLACES codes as bench/eval_places.cc does;
each (story, country) pair is scored by the number of mentions of that country in the story.

Printed (one JSON line):
- precision / recall / f1 of all predicted pairs (what the country facet shows);
- the operating point "precision at recall >= 0.95": pairs are kept when their mention count is
  at least K; K runs 1, 2, 3 ... and the highest-precision K whose recall is still >= 0.95 is
  reported. When even K = 1 (every pair) has recall < 0.95, the point does not exist and the
  all-pairs precision and recall are what can be compared (the figure is "null").
Micro-averaged over stories. Reads the data at run time only; Python 3 standard library.
"""
import json, os, subprocess, sys

# ISO 3166-1 alpha-2 -> Reuters code where the code is not the lower-case English name
# (kept equal to bench/eval_places.cc).
REUTERS = {
    'US': 'usa', 'GB': 'uk', 'AE': 'uae', 'DE': 'west-germany',
    **{c: 'ussr' for c in 'RU UA BY KZ UZ GE AM AZ LT LV EE MD KG TJ TM'.split()},
    'CZ': 'czechoslovakia', 'SK': 'czechoslovakia',
    **{c: 'yugoslavia' for c in 'RS HR SI BA MK ME XK'.split()},
    'CD': 'zaire', 'CG': 'congo', 'MM': 'burma', 'KH': 'kampuchea', 'SZ': 'swaziland',
    'CV': 'cape-verde', 'CI': 'ivory-coast', 'VA': 'vatican', 'TT': 'trinidad-tobago',
    'WS': 'western-samoa', 'YE': 'yemen-arab-republic', 'VI': 'us-virgin-islands',
    'VG': 'british-virgin-islands', 'CW': 'netherlands-antilles', 'SX': 'netherlands-antilles',
    'BQ': 'netherlands-antilles', 'AG': 'antigua', 'KR': 'south-korea', 'KP': 'north-korea',
    'HK': 'hong-kong', 'TR': 'turkey', 'BN': 'brunei',
}


def country_names(repo):
    names = {}
    with open(os.path.join(repo, 'data', 'places.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            c = line.rstrip('\n').split('\t')
            if len(c) > 2 and c[0] == 'country':
                names[c[2]] = c[1]
    return names


def code(iso, names):
    if iso in REUTERS:
        return REUTERS[iso]
    n = names.get(iso, iso)
    return ''.join('-' if ch == ' ' else ch.lower() for ch in n if ch not in ".'")


def unescape(s):
    out = []; i = 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s):
            c = s[i + 1]; out.append('\n' if c == 'n' else '\t' if c == 't' else c); i += 2
        else:
            out.append(s[i]); i += 1
    return ''.join(out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--limit')]
    limit = None
    for a in sys.argv[1:]:
        if a.startswith('--limit='):
            limit = int(a.split('=', 1)[1])
    binary, tsv, work = args[:3]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    names = country_names(repo)
    os.makedirs(work, exist_ok=True)
    gold = {}
    jl = os.path.join(work, 'reuters.jsonl')
    with open(tsv, encoding='utf-8') as f, open(jl, 'w', encoding='utf-8') as o:
        head = f.readline().rstrip('\n').split('\t')
        col = {h: i for i, h in enumerate(head)}
        for line in f:
            c = line.rstrip('\n').split('\t')
            if len(c) < len(head):
                continue
            places, body = c[col['places']], c[col['body']]
            if not places or not body:
                continue
            doc = 'r' + c[col['newid']]
            gold[doc] = set(places.split('|'))
            o.write(json.dumps({'id': doc, 'title': unescape(c[col['title']]),
                                'body': unescape(c[col['dateline']]) + ' ' + unescape(body)}) + '\n')
            if limit and len(gold) >= limit:
                break
    if binary.endswith('.json'):  # the saved output of an earlier run
        out = subprocess.CompletedProcess([], 0, open(binary, encoding='utf-8').read(), '')
    else:
        out = subprocess.run([binary, '--json', jl], capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-2000:]); raise SystemExit(f'{binary} exited {out.returncode}')
    if not binary.endswith('.json'):
        with open(os.path.join(work, 'extract.json'), 'w', encoding='utf-8') as o:
            o.write(out.stdout)  # for looking at the errors
    dec = json.JSONDecoder(); s = out.stdout; i = 0; pred = {}
    while True:
        while i < len(s) and s[i] in ' \t\r\n':
            i += 1
        if i >= len(s):
            break
        obj, i = dec.raw_decode(s, i)
        for a in obj if isinstance(obj, list) else [obj]:
            counts = pred.setdefault(a.get('id'), {})
            for p in a.get('places', []):
                if p.get('country'):
                    k = code(p['country'], names)
                    counts[k] = counts.get(k, 0) + 1
    n_gold = sum(len(g) for g in gold.values())

    def at(k):
        n_p = tp = 0
        for doc, g in gold.items():
            for c, n in pred.get(doc, {}).items():
                if n >= k:
                    n_p += 1; tp += c in g
        p = tp / n_p if n_p else 0.0; r = tp / n_gold if n_gold else 0.0
        return p, r, n_p, tp

    p, r, n_p, tp = at(1)
    res = {'documents': len(gold), 'gold': n_gold, 'predicted': n_p, 'correct': tp,
           'precision': round(p, 4), 'recall': round(r, 4),
           'f1': round(2 * p * r / (p + r), 4) if p + r else 0.0}
    best = None
    for k in range(1, 50):
        pk, rk, _, _ = at(k)
        if rk >= 0.95 and (best is None or pk > best[1]):
            best = (k, pk, rk)
    res['precision_at_recall_0.95'] = round(best[1], 4) if best else None
    res['operating_point'] = {'min_mentions': best[0], 'recall': round(best[2], 4)} if best else None
    print(json.dumps(res))


if __name__ == '__main__':
    main()
