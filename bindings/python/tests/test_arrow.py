"""The Arrow path: the same rows as the CLI's objects, imported by pyarrow without a copy."""

from __future__ import annotations

import pyarrow as pa

import chancery
from conftest import read_jsonl

ENTITY_FIELDS = ["id", "kind", "name", "text", "start", "end", "via"]


def entity_rows_of(doc_id, doc):
    return [{"doc_id": doc_id, **{k: e[k] for k in e if not k.startswith("char_")}} for e in doc["entities"]]


def relation_rows_of(doc_id, doc):
    """A contract relation as an Arrow row: spans as two columns, optional fields null."""
    rows = []
    for r in doc["relations"]:
        row = {"doc_id": doc_id, "role": None, "to": None, "verified": None}
        for k, v in r.items():
            if k.startswith("char_"):
                continue
            if k.endswith("_span"):
                row[k[:-5] + "_start"], row[k[:-5] + "_end"] = v
            else:
                row[k] = v
        rows.append(row)
    return rows


def arrow_rows(table):
    drop = [c for c in table.column_names if c == "doc_index" or c.startswith("char_")]
    return table.drop_columns(drop).to_pylist()


def test_arrow_rows_equal_the_cli(corpus, run_cli):
    items = read_jsonl(corpus)
    cli_docs = run_cli("--jsonl", str(corpus))
    tables = chancery.Extractor().extract_arrow([i["text"] for i in items], ids=[i["id"] for i in items],
                                                threads=2)
    want_entities = [row for d in cli_docs for row in entity_rows_of(d["id"], d)]
    want_relations = [row for d in cli_docs for row in relation_rows_of(d["id"], d)]
    assert len(want_relations) > 1000
    assert arrow_rows(tables.entities) == want_entities
    assert arrow_rows(tables.relations) == want_relations


def test_schema_and_doc_index(extractor):
    texts = ["Moscow formally recognised the Taliban government.", "", "Putin met Xi in Beijing."]
    tables = extractor.extract_arrow(texts, threads=1)
    assert tables.entities.schema.field("doc_id").type == pa.string()
    assert tables.relations.schema.field("year").type == pa.int32()
    assert tables.relations.schema.field("negated").type == pa.bool_()
    assert set(tables.entities.column("doc_index").to_pylist()) == {0, 2}
    assert tables.entities.column("doc_id").null_count == tables.entities.num_rows
    empty = extractor.extract_arrow([])
    assert empty.entities.num_rows == empty.relations.num_rows == 0
    assert empty.relations.schema == tables.relations.schema


def test_capsules_import_without_copy(extractor):
    texts = ["Moscow formally recognised the Taliban government."] * 50
    entity_batches, _ = extractor._core.extract_arrow(texts, None, None, 1)
    batch = pa.record_batch(entity_batches[0])
    again = pa.record_batch(entity_batches[0])
    # Both imports share the buffers the Rust side built.
    assert batch.column("text").buffers()[2].address == again.column("text").buffers()[2].address
    assert batch.num_rows == entity_batches[0].num_rows > 0
    assert sum(b.num_rows for b in entity_batches) == 2 * len(texts)  # Moscow, the Taliban


def test_arrow_thread_counts_agree(extractor, corpus):
    texts = [d["text"] for d in read_jsonl(corpus)][:800]
    one = extractor.extract_arrow(texts, threads=1)
    two = extractor.extract_arrow(texts, threads=2)
    assert one.relations.equals(two.relations) and one.entities.equals(two.entities)
