#!/usr/bin/env python3
"""Extract entities and relations from articles with PySpark, into Parquet.

    SPARK_LOCAL_IP=127.0.0.1 python examples/spark_extract.py articles.jsonl out/ --master 'local[2]'

INPUT is JSON Lines or Parquet (a `.parquet` file or folder) of articles with
an `id` and a `text` column (and optionally `--date-col`). OUTPUT gets two
Parquet folders: `entities/` (one row per entity) and `relations/` (one row
per relation), in the schema the README's "Spark" section documents. The
same script runs unchanged on a cluster: leave out --master and submit it
with spark-submit, after installing the chancery wheel on every node.
"""

from __future__ import annotations

import argparse
import time

from pyspark.sql import SparkSession

import chancery
from chancery import spark as cs


def run(session, input_path: str, output: str, *, gazetteers=(), rules=(), date_col=None):
    """Reads INPUT, extracts once per document, writes OUTPUT/entities and OUTPUT/relations."""
    if input_path.endswith(".parquet"):
        docs = session.read.parquet(input_path)
    else:
        schema = "id string, text string" + (f", `{date_col}` string" if date_col else "")
        docs = session.read.schema(schema).json(input_path)
    extractor = chancery.Extractor(gazetteers=gazetteers, rules=rules) if gazetteers or rules else None
    found = cs.extract(docs, extractor, date_col=date_col).persist()
    try:
        cs.entities(found).write.mode("overwrite").parquet(f"{output}/entities")
        cs.relations(found).write.mode("overwrite").parquet(f"{output}/relations")
    finally:
        found.unpersist()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", help="e.g. local[2]; default: whatever spark-submit says")
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--rules", action="append", default=[])
    ap.add_argument("--date-col")
    args = ap.parse_args()
    builder = SparkSession.builder.appName("chancery")
    if args.master:
        builder = builder.master(args.master)
    session = builder.getOrCreate()
    start = time.perf_counter()
    run(session, args.input, args.output, gazetteers=args.gazetteer, rules=args.rules, date_col=args.date_col)
    print(f"extracted {args.input} into {args.output} in {time.perf_counter() - start:.1f} s")
    session.stop()


if __name__ == "__main__":
    main()
