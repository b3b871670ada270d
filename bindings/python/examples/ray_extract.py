#!/usr/bin/env python3
"""Extract relations (or entities) from JSON Lines articles with Ray Data, into Parquet.

    python examples/ray_extract.py articles.jsonl out/relations [--kind entities] [--cpus 2]

An actor pool of extractors (one per actor, built once) takes Arrow batches
of articles and returns one row per relation or entity, in the columns of
`Extractor.extract_arrow` with `doc_id` first (the README's "Spark" section
lists them). The pool leaves one CPU free: Ray Data needs a CPU to read the
input, and a pool that takes every CPU waits forever for batches that nobody
reads. Each kind is one pass over the input; `chancery.spark.extract_batches`
gives both kinds in one pass, as nested lists, for engines that can explode them.
"""

from __future__ import annotations

import argparse
import os

import pyarrow as pa
import ray

import chancery


class Extract:
    """One extractor per actor."""

    def __init__(self, kind: str):
        self.kind = kind
        self.extractor = chancery.Extractor()

    def __call__(self, batch: pa.Table) -> pa.Table:
        texts = ["" if t is None else t for t in batch.column("text").to_pylist()]
        ids = [None if i is None else str(i) for i in batch.column("id").to_pylist()]
        found = self.extractor.extract_arrow(texts, ids=ids, threads=1)
        return getattr(found, self.kind).drop_columns(["doc_index"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--kind", choices=["relations", "entities"], default="relations")
    ap.add_argument("--cpus", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    ray.init(num_cpus=args.cpus, include_dashboard=False)
    docs = ray.data.read_json(args.input)
    rows = docs.map_batches(Extract, fn_constructor_args=(args.kind,), batch_format="pyarrow",
                            batch_size=1024, concurrency=max(1, args.cpus - 1), num_cpus=1)
    rows.write_parquet(args.output)
    print(f"{args.kind} written to {args.output}")


if __name__ == "__main__":
    main()
