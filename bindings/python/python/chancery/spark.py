"""chancery on PySpark: one extraction per document through ``mapInArrow``.

    from chancery import spark as cs
    docs = session.read.json("articles.jsonl")          # columns id, text (date optional)
    found = cs.extract(docs).persist()                  # one row per document
    cs.entities(found).write.parquet("out/entities")    # one row per entity
    cs.relations(found).write.parquet("out/relations")  # one row per relation

``extract`` runs ``Extractor.extract_arrow`` on each Arrow batch Spark hands
its Python workers, and returns one row per document: its ``id`` and the
arrays ``entities`` and ``relations`` of structs (the contract's objects as
the Arrow columns of ``extract_arrow``). ``entities`` and ``relations`` explode
them into one row per entity or relation with ``doc_id`` first; persist the
result of ``extract`` so that writing both does not extract twice.

Every worker process builds its extractor once and keeps it: the extractor
travels as the contents of its gazetteer and rule files (never paths), so a
cluster needs nothing but the ``chancery`` wheel on its workers. The functions
the workers run live here, in an importable module, not in the caller's script.

Needs pyspark (3.5 or later) with pandas < 3 and pyarrow; on a laptop, set
``SPARK_LOCAL_IP=127.0.0.1`` to keep Spark on the loopback interface.
"""

from __future__ import annotations

import functools
from typing import Any, Iterator

import chancery

#: Spark's schema of one entity row as ``entities`` returns it (after ``doc_id``).
ENTITY_FIELDS = [
    ("id", "string"), ("kind", "string"), ("name", "string"), ("text", "string"),
    ("start", "bigint"), ("end", "bigint"), ("via", "string"),
    ("char_start", "bigint"), ("char_end", "bigint"),
]
#: Spark's schema of one relation row as ``relations`` returns it (after ``doc_id``).
RELATION_FIELDS = [
    ("type", "string"), ("subject", "string"), ("object", "string"), ("negated", "boolean"),
    ("modality", "string"), ("year", "int"), ("rule", "string"), ("cameo", "string"),
    ("plover", "string"), ("start", "bigint"), ("end", "bigint"), ("evidence", "string"),
    ("role", "string"), ("to", "string"), ("verified", "boolean"),
    ("subject_start", "bigint"), ("subject_end", "bigint"), ("object_start", "bigint"),
    ("object_end", "bigint"), ("trigger_start", "bigint"), ("trigger_end", "bigint"),
    ("char_start", "bigint"), ("char_end", "bigint"),
]


def _struct(fields) -> str:
    return "struct<" + ", ".join(f"`{name}`: {kind}" for name, kind in fields) + ">"


#: The DDL schema of ``extract``'s rows.
DOCUMENT_SCHEMA = (
    f"id string, entities array<{_struct(ENTITY_FIELDS)}>, relations array<{_struct(RELATION_FIELDS)}>"
)

_extractors: dict[Any, chancery.Extractor] = {}


def _extractor(spec) -> chancery.Extractor:
    """The worker process's extractor for ``spec``, built on first use."""
    if spec is None:
        return chancery.default()
    ex = _extractors.get(spec)
    if ex is None:
        ex = _extractors[spec] = chancery._rebuild(*spec)
    return ex


def _nest(table, n: int, names: list[str]):
    """Rows of one kind, grouped by ``doc_index`` into a list array of ``n`` documents."""
    import numpy as np
    import pyarrow as pa

    counts = np.bincount(table.column("doc_index").to_numpy(), minlength=n)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int32())
    columns = [column.combine_chunks() for column in table.select(names).columns]
    structs = pa.StructArray.from_arrays(columns, names=names)
    return pa.ListArray.from_arrays(offsets, structs)


def extract_batches(batches: Iterator[Any], spec=None, text_col: str = "text", id_col: str = "id",
                    date_col: str | None = None, threads: int | None = 1) -> Iterator[Any]:
    """The ``mapInArrow`` function: Arrow batches of documents in, batches of
    ``DOCUMENT_SCHEMA`` out. Usable on its own (Ray Data, plain pyarrow)."""
    import pyarrow as pa

    ex = _extractor(spec)
    for batch in batches:
        texts = batch.column(text_col).to_pylist()
        texts = ["" if t is None else t for t in texts]
        ids = batch.column(id_col).cast(pa.string()) if id_col else pa.nulls(len(texts), pa.string())
        dates = None
        if date_col:
            dates = [None if d is None else str(d) for d in batch.column(date_col).to_pylist()]
        found = ex.extract_arrow(texts, dates=dates, threads=threads)
        yield pa.RecordBatch.from_arrays(
            [
                ids,
                _nest(found.entities, len(texts), [n for n, _ in ENTITY_FIELDS]),
                _nest(found.relations, len(texts), [n for n, _ in RELATION_FIELDS]),
            ],
            names=["id", "entities", "relations"],
        )


def extract(df, extractor: chancery.Extractor | None = None, *, text_col: str = "text",
            id_col: str = "id", date_col: str | None = None, threads: int | None = 1):
    """One row per document of ``df``: ``id`` (as a string), ``entities``, ``relations``.

    ``extractor`` defaults to the embedded data; another one is shipped to the
    workers as its files' contents. ``threads`` is per Spark task: Spark
    already runs one task per core, so 1 is right unless tasks have cores
    to spare. ``date_col`` names a column of publication dates (strings
    ``YYYY[-MM[-DD]]`` or dates).
    """
    spec = None if extractor is None else extractor._spec()
    run = functools.partial(extract_batches, spec=spec, text_col=text_col, id_col=id_col,
                            date_col=date_col, threads=threads)
    return df.mapInArrow(run, DOCUMENT_SCHEMA)


def entities(found):
    """One row per entity of ``extract``'s result: ``doc_id``, then ``ENTITY_FIELDS``."""
    from pyspark.sql import functions as F

    return found.select(F.col("id").alias("doc_id"), F.explode("entities").alias("e")).select("doc_id", "e.*")


def relations(found):
    """One row per relation of ``extract``'s result: ``doc_id``, then ``RELATION_FIELDS``."""
    from pyspark.sql import functions as F

    return found.select(F.col("id").alias("doc_id"), F.explode("relations").alias("r")).select("doc_id", "r.*")
