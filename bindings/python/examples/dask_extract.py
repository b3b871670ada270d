#!/usr/bin/env python3
"""Extract entities and relations from JSON Lines articles with Dask, into Parquet.

    python examples/dask_extract.py articles.jsonl out/ [--workers 2]

Writes OUTPUT/entities/part-N.parquet and OUTPUT/relations/part-N.parquet
(the README's "Spark" section gives the columns; Dask's rows have no
doc_index). One pass over the input; each worker process builds one
extractor. With --workers, a local process pool; on a cluster, create a
dask.distributed Client first and the same call runs there.
"""

from __future__ import annotations

import argparse
import time

import dask.dataframe as dd

from chancery import dask as cd


def run(input_path: str, output: str, **compute_kwargs) -> tuple[int, int]:
    # Explicit types: Dask infers them from a sample otherwise, and an `id`
    # column of numbers would come out as integers in one partition only.
    docs = dd.read_json(input_path, lines=True, blocksize=2**22, dtype={"id": "string", "text": "string"})
    return cd.to_parquet(docs, output, **compute_kwargs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--workers", type=int, help="processes (default: Dask's threads)")
    args = ap.parse_args()
    kwargs = {"scheduler": "processes", "num_workers": args.workers} if args.workers else {}
    start = time.perf_counter()
    n_entities, n_relations = run(args.input, args.output, **kwargs)
    print(f"{n_entities} entities, {n_relations} relations in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
