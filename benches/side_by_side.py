#!/usr/bin/env python3
"""CPU time of chancery builds side by side, and of the bare Aho-Corasick scan.

This shared two-core machine drifts by up to 30% in speed from minute to
minute, so a build is only ever compared with another run in the same rounds:
each round runs every build once (and, with --floor, the floor on that build's
own surfaces), and the figures are medians over rounds of per-round ratios.
CPU time is user + system time of the child (os.wait4), not wall time.

Usage (from the repository root, ../shared beside it):

    python3 ../shared/bench/make_corpus.py 10 -o /tmp/c10.jsonl
    cargo run --release --example export_surfaces > /tmp/surfaces.tsv
    python3 benches/side_by_side.py /tmp/c10.jsonl \\
        before=/path/to/old/chancery:/tmp/old-surfaces.tsv \\
        now=target/release/chancery:/tmp/surfaces.tsv \\
        --rounds 9 --floor /path/to/ac-floor

A build is NAME=BINARY or NAME=BINARY:SURFACES (the surfaces are needed for
--floor). The first build is the reference of the "vs first" column. The floor
is ../shared/bench/ac-floor (build it with cargo); its engines are given with
--engine (default: the aho-corasick DFA and the contiguous NFA, and daachorse).
"""

import argparse
import os
import statistics
import subprocess
import sys

ENGINES = {
    "aho-dfa": ["--engine", "aho", "--kind", "dfa"],
    "aho-nfa": ["--engine", "aho", "--kind", "cnfa"],
    "daac-byte": ["--engine", "daac-byte"],
}


def cpu_seconds(cmd, corpus):
    """User + system CPU seconds of `cmd` reading `corpus` on stdin."""
    with open(corpus, "rb") as stdin:
        child = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        err = child.stderr.read().decode(errors="replace")
        child.stderr.close()
    if status != 0:
        sys.exit(f"side_by_side: {' '.join(cmd)} failed (status {status}): {err.strip()[:300]}")
    return usage.ru_utime + usage.ru_stime


def parse_build(spec):
    name, sep, rest = spec.partition("=")
    if not sep or not rest:
        raise argparse.ArgumentTypeError(f"{spec!r}: expected NAME=BINARY or NAME=BINARY:SURFACES")
    binary, _, surfaces = rest.partition(":")
    if not os.access(binary, os.X_OK):
        raise argparse.ArgumentTypeError(f"{binary}: not an executable file")
    return name, binary, surfaces or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines corpus (make_corpus.py)")
    ap.add_argument("builds", nargs="+", type=parse_build, help="NAME=BINARY[:SURFACES]")
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    ap.add_argument("--floor", help="the ac-floor binary; adds each engine's time on each build's surfaces")
    ap.add_argument("--engine", action="append", choices=sorted(ENGINES), help="floor engine (repeatable)")
    ap.add_argument("--threads", default="1", help="chancery's --threads (default 1)")
    args = ap.parse_args()
    engines = args.engine or sorted(ENGINES)
    if args.floor and any(s is None for _, _, s in args.builds):
        ap.error("--floor needs SURFACES for every build (NAME=BINARY:SURFACES)")

    times = {name: [] for name, _, _ in args.builds}
    floors = {(name, e): [] for name, _, _ in args.builds for e in engines}
    for r in range(args.rounds):
        for name, binary, surfaces in args.builds:
            times[name].append(cpu_seconds([binary, "extract", "--jsonl", "--threads", args.threads], args.corpus))
            if args.floor:
                for e in engines:
                    floors[(name, e)].append(cpu_seconds([args.floor, *ENGINES[e], surfaces], args.corpus))
        print(f"round {r + 1}/{args.rounds}", file=sys.stderr)

    first = args.builds[0][0]
    print(f"corpus {args.corpus}, {args.rounds} rounds, CPU time (user + system), medians")
    for name, _, _ in args.builds:
        t = times[name]
        line = f"{name:>12}: {statistics.median(t) * 1000:8.1f} ms"
        if name != first:
            ratios = [a / b for a, b in zip(t, times[first])]
            line += f"  vs {first} {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
        for e in engines if args.floor else []:
            f = floors[(name, e)]
            ratios = [a / b for a, b in zip(t, f)]
            line += f"  | {e} {statistics.median(f) * 1000:.1f} ms, x{statistics.median(ratios):.2f}"
        print(line)


if __name__ == "__main__":
    main()
