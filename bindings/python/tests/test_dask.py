"""Dask over the test corpus: the Parquet output and the lazy frames equal the CLI's."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import PACKAGE
from test_arrow import entity_rows_of, relation_rows_of

pytestmark = pytest.mark.skipif(importlib.util.find_spec("dask") is None, reason="needs dask[dataframe]")


def plain(rows):
    return [{k: v for k, v in r.items() if not k.startswith("char_")} for r in rows]


def test_dask_example_equals_the_cli(corpus, run_cli, tmp_path):
    import pyarrow.parquet as pq

    sys.path.insert(0, str(PACKAGE / "examples"))
    from dask_extract import run

    n_entities, n_relations = run(str(corpus), str(tmp_path / "out"), scheduler="threads")
    cli_docs = run_cli("--jsonl", str(corpus))
    want_entities = [row for d in cli_docs for row in entity_rows_of(d["id"], d)]
    want_relations = [row for d in cli_docs for row in relation_rows_of(d["id"], d)]
    assert (n_entities, n_relations) == (len(want_entities), len(want_relations))
    assert plain(pq.read_table(tmp_path / "out" / "entities").to_pylist()) == want_entities
    assert plain(pq.read_table(tmp_path / "out" / "relations").to_pylist()) == want_relations


def test_dask_lazy_frames_have_their_types(corpus, run_cli):
    import dask.dataframe as dd
    import pandas as pd

    from chancery import dask as cd

    docs = dd.read_json(str(corpus), lines=True, blocksize=2**20, dtype={"id": "string", "text": "string"})
    assert docs.npartitions > 1
    relations = cd.relations(docs)
    assert str(relations.dtypes["year"]) == "int32[pyarrow]"
    frame = relations.compute(scheduler="sync")
    assert isinstance(frame, pd.DataFrame)
    cli_docs = run_cli("--jsonl", str(corpus))
    want = [row for d in cli_docs for row in relation_rows_of(d["id"], d)]
    got = plain(frame.astype(object).where(frame.notna(), None).to_dict("records"))
    assert got == want
