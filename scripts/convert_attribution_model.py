#!/usr/bin/env python3
"""Converts an attribution model of the tagger's own former format
("whosaid-attribution-model 2" header, 64-bit feature keys, float weights,
tab-separated) into the shared perceptron format the tagger reads now
(indexer/extract/perceptron/perceptron.h): keys folded to 32 bits as the
tagger folds them, weights in units of 1/100, the previous-tag feature as
the transition rows, the O bias as the "o-bias" vocabulary entry. It keeps
the former model's decisions (weights rounded to 0.01) without retraining.
  scripts/convert_attribution_model.py OLD.model > data/attribution.model"""
import sys

M = (1 << 64) - 1
SCALE = 100
TAGS = 7
P1 = 100  # the previous-tag template


def mix(x):
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & M
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & M
    x ^= x >> 31
    return x


def fkey(t, a=0, b=0, c=0):
    h = mix((t * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & M)
    h = mix(h ^ ((a + 0x8CB92BA72F3D8DD7) & M))
    if b:
        h = mix(h ^ ((b + 0xD6E8FEB86659FD93) & M))
    if c:
        h = mix(h ^ ((c + 0xA0761D6478BD642F) & M))
    return h or 1


def fold(k):
    return (k ^ (k >> 32)) & 0xFFFFFFFF


def main():
    lines = open(sys.argv[1]).read().split("\n")
    head = lines[0].split()
    if head[:2] != ["whosaid-attribution-model", "2"]:
        sys.exit("convert_attribution_model.py: %s is not a former attribution model" % sys.argv[1])
    bias = head[2].split("=")[1] if len(head) > 2 else "0"
    weights = {}
    for line in lines[1:]:
        if not line:
            continue
        f = line.split("\t")
        w = [0] * TAGS
        for kv in f[1:]:
            t, v = kv.split(":")
            w[int(t)] = max(-32767, min(32767, round(float(v) * SCALE)))
        weights[int(f[0], 16)] = w
    trans = {fkey(P1, p + 1, 1): p for p in range(TAGS + 1)}
    out = ["# whosaid attribution tagger: averaged-perceptron weights over hashed features",
           "# converted from the former format by scripts/convert_attribution_model.py",
           "whosaid-attribution-model 2 %d %d" % (TAGS, SCALE), "V o-bias %s" % bias]
    for p in range(TAGS + 1):
        key = fkey(P1, p + 1, 1)
        out.append("T %d %s" % (p, " ".join(str(v) for v in weights.get(key, [0] * TAGS))))
    rows = sorted((fold(k), w) for k, w in weights.items() if k not in trans)
    for k, w in rows:
        if any(w):
            out.append("%x %s" % (k, " ".join("%d:%d" % (t, v) for t, v in enumerate(w) if v)))
    sys.stdout.write("\n".join(out) + "\n")


main()
