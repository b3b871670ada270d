"""PySpark in local mode over a few thousand documents: the Parquet output equals the CLI's."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys

import pytest

from conftest import PACKAGE, read_jsonl
from test_arrow import entity_rows_of, relation_rows_of

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="needs pyspark and a Java runtime (.ci/run installs both)",
)


@pytest.fixture(scope="module")
def session():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # stay on loopback
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("chancery-test")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def sorted_by_doc(rows):
    return sorted(rows, key=lambda r: r["doc_id"])  # stable: rows keep their order within a document


def test_spark_example_equals_the_cli(session, corpus, run_cli, tmp_path):
    import pyarrow.parquet as pq

    sys.path.insert(0, str(PACKAGE / "examples"))
    from spark_extract import run

    out = tmp_path / "out"
    run(session, str(corpus), str(out))
    cli_docs = run_cli("--jsonl", str(corpus))
    assert len(cli_docs) > 2000
    entities = pq.read_table(out / "entities").to_pylist()
    relations = pq.read_table(out / "relations").to_pylist()
    drop = lambda rows: [{k: v for k, v in r.items() if not k.startswith("char_")} for r in rows]
    want_entities = [row for d in cli_docs for row in entity_rows_of(d["id"], d)]
    want_relations = [row for d in cli_docs for row in relation_rows_of(d["id"], d)]
    assert len(want_relations) > 1000
    assert sorted_by_doc(drop(entities)) == sorted_by_doc(want_entities)
    assert sorted_by_doc(drop(relations)) == sorted_by_doc(want_relations)
    # Character offsets slice the documents.
    texts = {d["id"]: d["text"] for d in read_jsonl(corpus)}
    assert all(texts[r["doc_id"]][r["char_start"]:r["char_end"]] == r["evidence"] for r in relations)


def test_spark_ships_an_extractor_built_from_files(session, tmp_path):
    import chancery
    from chancery import spark as cs

    people = tmp_path / "people.tsv"
    people.write_text("id\tname\taliases\nmarta-quill\tMarta Quill\t\n", encoding="utf-8")
    ex = chancery.Extractor(gazetteers=[people])
    people.unlink()  # the workers get the contents, not the path
    docs = session.createDataFrame([("a", "Marta Quill met Vladimir Putin."), ("b", "")], "id string, text string")
    rows = cs.entities(cs.extract(docs, ex)).collect()
    assert [(r.doc_id, r.id) for r in rows] == [("a", "marta-quill"), ("a", "vladimir-putin")]
