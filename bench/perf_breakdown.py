#!/usr/bin/env python3
"""Where whosaid-index's CPU goes, from `perf script -F comm,tid,ip,sym,dso`.

Usage: perf_breakdown.py FREQ BINARY < perf-script-output

Each sample (a call stack) is counted once, so that the parts add up to
100%. A sample inside libxapian is put under the line of whosaid's code that
called Xapian (libxapian has no symbols for its internals on Debian and no
-dbgsym package is reachable here, so the caller says what Xapian was
doing: add_document, commit, index_text...), found with addr2line in
BINARY; any other sample goes to the first part of PARTS whose rules match
frames of its stack. Prints the share and CPU seconds (samples / FREQ) of
each part, and of each thread. Used by bench/write_profile.sh.
"""
import os
import re
import subprocess
import sys
from collections import Counter

# (part, [all of these regexes match some frame of the stack]); first wins.
PARTS = [
    ("start-up (extraction models, opening the database)",
     [r"Gazetteer::Gazetteer|shared_place_finder|load_aliases|EntityTagger::EntityTagger|"
      r"open_for_index|check_schema|Extractor::Extractor|person_names"]),
    ("compaction (Database::compact)", [r"Database::compact"]),
    ("Xapian: spelling table (add_spelling at commit)", [r"add_spelling|remove_spelling"]),
    ("Xapian: commit (flush of postings and positions, writing the tables)",
     [r"WritableDatabase::commit"]),
    ("Xapian: add_document of quote documents (at commit)",
     [r"WritableDatabase::add_document", r"Writer::commit"]),
    ("whosaid: completing quote documents (add_quote_common)", [r"add_quote_common"]),
    ("Xapian: add_document of articles", [r"WritableDatabase::add_document"]),
    ("Xapian: replace/delete (existing articles)",
     [r"WritableDatabase::replace_document|WritableDatabase::delete_document"]),
    ("Xapian: looking up ids (term_exists, postlist)",
     [r"Writer::write|Writer::unchanged", r"term_exists|postlist_begin|get_document|get_value"]),
    ("writer: other (spelling counts, bookkeeping)", [r"Writer::write|Writer::commit"]),
    ("extraction: tokenize", [r"Extractor::extract", r"whosaid::tokenize"]),
    ("extraction: places and entity tagger",
     [r"Extractor::extract", r"find_places|PlaceFinder|EntityTagger"]),
    ("extraction: attributions (quotes, cues, attribution tagger)",
     [r"Extractor::extract", r"find_attributions|AttributionTagger"]),
    ("extraction: speakers", [r"Extractor::extract", r"resolve_speakers"]),
    ("extraction: other", [r"Extractor::extract"]),
    ("building: term generation (TermGenerator::index_text)",
     [r"DocumentBuilder::build", r"TermGenerator::index_text|index_text_without_positions"]),
    ("building: stored data (JSON) and content hash",
     [r"DocumentBuilder::build", r"article_data|quote_data|nlohmann|hash_hex|dump"]),
    ("building: other (normalise_text, fields, documents)", [r"DocumentBuilder::build"]),
    ("reading and parsing inputs", [r"read_inputs|JsonlReader|read_text|read_html|InputHashes"]),
]


FRAME = re.compile(r"^\s*([0-9a-f]+) (.*) \((.*)\)$")


def xapian_caller(frames, binary):
    """The return address in BINARY of the innermost call into libxapian."""
    inside = False
    for addr, sym, dso in frames:
        if "libxapian" in dso:
            inside = True
        elif inside and os.path.basename(dso) == os.path.basename(binary):
            return addr
    return None


def source_lines(addrs, binary):
    """addr -> 'function (file:line): code' of the call before each return address."""
    addrs = sorted(addrs)
    if not addrs:
        return {}
    out = subprocess.run(["addr2line", "-e", binary, "-f", "-C"] +
                         [hex(int(a, 16) - 1) for a in addrs],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    result = {}
    for i, a in enumerate(addrs):
        func, where = out[2 * i], out[2 * i + 1]
        path, _, line = where.partition(":")
        line = line.split(" ")[0]
        code = ""
        try:
            with open(path) as f:
                code = f.readlines()[int(line) - 1].strip()
        except (OSError, ValueError, IndexError):
            pass
        func = re.sub(r"\(.*", "", func).replace("whosaid::", "").replace("(anonymous namespace)::", "")
        result[a] = f"Xapian, called by {func} ({os.path.basename(path)}:{line}): `{code}`"
    return result


def main():
    freq = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
    binary = sys.argv[2] if len(sys.argv) > 2 else "whosaid-index"
    parts, threads, callers = Counter(), Counter(), Counter()
    frames, comm = [], None

    def flush():
        if comm is None:
            return
        threads[comm] += 1
        stack = [sym for _, sym, _ in frames]
        # Start-up and compaction first: they call Xapian too.
        for name, rules in PARTS[:2]:
            if all(any(re.search(r, f) for f in stack) for r in rules):
                parts[name] += 1
                return
        caller = xapian_caller(frames, binary)
        if caller:
            callers[caller] += 1
            return
        for name, rules in PARTS[2:]:
            if all(any(re.search(r, f) for f in stack) for r in rules):
                parts[name] += 1
                return
        parts[f"other ({comm})"] += 1

    for line in sys.stdin:
        if not line.strip():
            continue
        if not line[0].isspace():
            flush()
            fields = line.split()
            comm = fields[0] if len(fields) >= 2 else "?"
            frames = []
        else:
            m = FRAME.match(line.rstrip("\n"))
            if m:
                frames.append(m.groups())
    flush()
    for addr, line in source_lines(callers.keys(), binary).items():
        parts[line] += callers[addr]
    total = sum(parts.values()) or 1
    print(f"| part | CPU s | share |\n|---|---:|---:|")
    for name, n in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {n / freq:.1f} | {100 * n / total:.1f}% |")
    print(f"| all | {total / freq:.1f} | 100% |")
    print()
    print("| thread | CPU s |\n|---|---:|")
    for name, n in sorted(threads.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {n / freq:.1f} |")


if __name__ == "__main__":
    main()
