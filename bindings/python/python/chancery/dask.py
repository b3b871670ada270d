"""chancery on Dask: entities and relations of a Dask DataFrame of articles.

    import dask.dataframe as dd
    from chancery import dask as cd
    docs = dd.read_json("articles.jsonl", lines=True, blocksize=2**24)   # columns id, text
    cd.to_parquet(docs, "out")           # one pass: out/entities/*.parquet, out/relations/*.parquet
    rel = cd.relations(docs)             # or lazy frames, one per kind (each extracts on its own)

Rows are the Arrow columns of ``Extractor.extract_arrow`` with ``doc_id``
(the ``id`` column as a string) first; ``doc_index`` is dropped (it counts
within a partition). Dask needs the column types of a lazy frame up front:
``ENTITY_META`` and ``RELATION_META`` give them, as pandas' Arrow-backed
dtypes, so nullable integers (``year``) stay integers. Each Dask worker
process builds its extractor once (see ``chancery.spark``).
"""

from __future__ import annotations

import functools
import os

import chancery
from chancery.spark import _extractor


def _tables(part, spec, text_col, id_col, date_col, threads):
    texts = ["" if t is None else str(t) for t in part[text_col].tolist()]
    ids = None if id_col is None else [None if i is None else str(i) for i in part[id_col].tolist()]
    dates = None if date_col is None else [None if d is None else str(d) for d in part[date_col].tolist()]
    found = _extractor(spec).extract_arrow(texts, ids=ids, dates=dates, threads=threads)
    return chancery.ArrowResult(found.entities.drop_columns(["doc_index"]),
                                found.relations.drop_columns(["doc_index"]))


def _frame(part, which, spec, text_col, id_col, date_col, threads):
    import pandas as pd

    table = getattr(_tables(part, spec, text_col, id_col, date_col, threads), which)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _meta(which: str):
    import pandas as pd

    empty = chancery.default().extract_arrow([])
    return getattr(empty, which).drop_columns(["doc_index"]).to_pandas(types_mapper=pd.ArrowDtype)


def _spec(extractor):
    return None if extractor is None else extractor._spec()


def entities(docs, extractor: chancery.Extractor | None = None, *, text_col="text", id_col="id",
             date_col=None, threads=1):
    """A lazy Dask DataFrame with one row per entity of ``docs``."""
    run = functools.partial(_frame, which="entities", spec=_spec(extractor), text_col=text_col,
                            id_col=id_col, date_col=date_col, threads=threads)
    return docs.map_partitions(run, meta=_meta("entities"))


def relations(docs, extractor: chancery.Extractor | None = None, *, text_col="text", id_col="id",
              date_col=None, threads=1):
    """A lazy Dask DataFrame with one row per relation of ``docs``."""
    run = functools.partial(_frame, which="relations", spec=_spec(extractor), text_col=text_col,
                            id_col=id_col, date_col=date_col, threads=threads)
    return docs.map_partitions(run, meta=_meta("relations"))


def _write_partition(part, index, out, spec, text_col, id_col, date_col, threads):
    import pyarrow.parquet as pq

    found = _tables(part, spec, text_col, id_col, date_col, threads)
    for which in ("entities", "relations"):
        pq.write_table(getattr(found, which), os.path.join(out, which, f"part-{index:05d}.parquet"))
    return found.entities.num_rows, found.relations.num_rows


def to_parquet(docs, out: str, extractor: chancery.Extractor | None = None, *, text_col="text",
               id_col="id", date_col=None, threads=1, **compute_kwargs) -> tuple[int, int]:
    """Extracts every partition once and writes ``out/entities/part-N.parquet``
    and ``out/relations/part-N.parquet``; returns the entity and relation counts."""
    import dask

    for which in ("entities", "relations"):
        os.makedirs(os.path.join(out, which), exist_ok=True)
    write = dask.delayed(_write_partition, pure=False)
    spec = _spec(extractor)
    counts = dask.compute(*[write(part, i, out, spec, text_col, id_col, date_col, threads)
                            for i, part in enumerate(docs.to_delayed())], **compute_kwargs)
    return sum(c[0] for c in counts), sum(c[1] for c in counts)
