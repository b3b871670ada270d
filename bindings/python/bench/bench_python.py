#!/usr/bin/env python3
"""Throughput of the Python package against the CLI on the same JSON Lines corpus.

    python3 ../../../shared/bench/make_corpus.py 20 -o /tmp/c20.jsonl
    python bench/bench_python.py /tmp/c20.jsonl --cli ../../target/release/chancery

For one thread and for every core, it times (best of --runs, runs interleaved):
- cli: `chancery extract --jsonl --threads N CORPUS > /dev/null`, the whole
  process (reading and parsing the JSON Lines, building the extractor,
  extracting, writing JSON);
- arrow: `Extractor.extract_arrow(texts, ids, threads=N)` into pyarrow tables;
- arrow+read: the same plus reading the corpus with `json.loads` per line and
  building the extractor, the work the CLI's time includes;
- dicts: `Extractor.extract_batch(texts, threads=N)`, for reference.

Each is reported as wall-clock seconds and CPU seconds (user + system, every
thread, children included): on a machine shared with other work the wall
clock of a multi-threaded run says little, the CPU time still compares.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import chancery


def read_corpus(path):
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            ids.append(str(obj["id"]))
            texts.append(obj["text"])
    return ids, texts


def cpu_seconds():
    """CPU time of this process (every thread) and of its finished children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(fn):
    """(wall seconds, CPU seconds) of fn(); CPU time is what to compare on a busy machine."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    fn()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--cli", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "target", "release", "chancery"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="*", help="thread counts (default: 1 and every core)")
    args = ap.parse_args()

    size_mb = os.path.getsize(args.corpus) / 1e6
    cores = os.cpu_count() or 1
    thread_counts = args.threads or sorted({1, cores})
    ids, texts = read_corpus(args.corpus)
    ex = chancery.Extractor()

    def cli(n):
        with open(os.devnull, "wb") as null:
            subprocess.run([args.cli, "extract", "--jsonl", "--no-progress", "--threads", str(n), args.corpus],
                           stdout=null, check=True)

    def arrow(n):
        return ex.extract_arrow(texts, ids, threads=n)

    def arrow_read(n):
        i, t = read_corpus(args.corpus)
        return chancery.Extractor().extract_arrow(t, i, threads=n)

    def dicts(n):
        return ex.extract_batch(texts, threads=n)

    ways = {"cli": cli, "arrow": arrow, "arrow+read": arrow_read, "dicts": dicts}
    rows = []
    for n in thread_counts:
        best = {name: (float("inf"), float("inf")) for name in ways}
        for _ in range(args.runs):
            for name, fn in ways.items():
                wall, cpu = timed(lambda: fn(n))
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
        rows.append((n, best))
        tables = arrow(n)
        print(f"threads={n}: {tables.entities.num_rows} entities, {tables.relations.num_rows} relations",
              file=sys.stderr)

    print(f"corpus: {args.corpus}, {size_mb:.1f} MB, {len(texts)} documents; best of {args.runs}")
    print("seconds as wall / CPU")
    print("| threads | " + " | ".join(ways) + " | arrow / cli | arrow+read / cli |")
    print("|---:|" + "---:|" * (len(ways) + 2))
    for n, best in rows:
        cells = " | ".join(f"{best[name][0]:.2f} / {best[name][1]:.2f}" for name in ways)
        ratio = lambda name: "{:.2f} / {:.2f}".format(*(best[name][k] / best["cli"][k] for k in (0, 1)))
        print(f"| {n} | {cells} | {ratio('arrow')} | {ratio('arrow+read')} |")


if __name__ == "__main__":
    main()
