"""Build errors name file and line; bad arguments raise Python's usual exceptions."""

from __future__ import annotations

import pytest

import chancery


def test_bad_gazetteer_line_names_file_and_line(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text("id\tname\taliases\njane-roe\tJane Roe\t\nBad Id\tX\t\n", encoding="utf-8")
    with pytest.raises(chancery.BuildError) as err:
        chancery.Extractor(gazetteers=[path])
    assert (err.value.path, err.value.line) == (str(path), 3)
    assert str(err.value).startswith(f"{path}:3: id \"Bad Id\"")
    assert isinstance(err.value, ValueError)


def test_bad_rule_line_names_file_and_line():
    with pytest.raises(chancery.BuildError) as err:
        chancery.Extractor(rules=[("mine.rules", "rule a/b: endorsement\n  pattern {subject} x {object}\nnonsense here\n")])
    assert err.value.path == "mine.rules"
    assert err.value.line == 3
    assert str(err.value).startswith("mine.rules:3: ")


def test_missing_or_undecodable_file(tmp_path):
    with pytest.raises(chancery.BuildError) as err:
        chancery.Extractor(gazetteers=[tmp_path / "absent.tsv"])
    assert err.value.path == str(tmp_path / "absent.tsv") and err.value.line is None
    latin1 = tmp_path / "people.tsv"
    latin1.write_bytes("id\tname\taliases\njose\tJos\xe9\t\n".encode("latin-1"))
    with pytest.raises(chancery.BuildError, match="not UTF-8"):
        chancery.Extractor(gazetteers=[latin1])


def test_bad_arguments(extractor):
    with pytest.raises(ValueError, match="2025-13-01"):
        extractor.extract("Moscow.", date="2025-13-01")
    with pytest.raises(ValueError, match=r"dates\[1\]"):
        extractor.extract_batch(["a", "b"], dates=["2025", "June"])
    with pytest.raises(ValueError, match="1 dates for 2 texts"):
        extractor.extract_batch(["a", "b"], dates=["2025"])
    with pytest.raises(ValueError, match="1 ids for 2 texts"):
        extractor.extract_arrow(["a", "b"], ids=["x"])
    with pytest.raises(ValueError, match="threads"):
        extractor.extract_batch(["a"], threads=0)
    with pytest.raises(TypeError):
        extractor.extract(b"bytes are not text")
    with pytest.raises(TypeError):
        chancery.Extractor(gazetteers="people.tsv")


def test_any_text_extracts(extractor):
    for text in ["", " ", "\x00\x01\n\t", "a" * 10_000, "“" * 1000, "Moscow" * 500]:
        doc = extractor.extract(text)
        assert set(doc) >= {"id", "entities", "relations"}
