"""The dicts are the CLI's objects: equal after JSON normalisation."""

from __future__ import annotations

import pytest

import chancery
from conftest import REPO, SHARED, contract_only, normalise, read_jsonl, without_context

DEV = SHARED / "eval" / "dev.jsonl"
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))


@pytest.mark.skipif(not DEV.exists(), reason="no ../shared/eval/dev.jsonl beside the repository")
def test_development_sentences_equal_the_cli(extractor, run_cli):
    items = read_jsonl(DEV)
    expected = run_cli("--jsonl", str(DEV))
    assert len(expected) == len(items) > 100
    for item, want in zip(items, expected):
        got = extractor.extract(item["text"], id=item["id"])
        assert normalise(contract_only(got)) == normalise(without_context(want)), item["id"]


@pytest.mark.skipif(not DEV.exists(), reason="no ../shared/eval/dev.jsonl beside the repository")
def test_development_sentences_with_a_date_equal_the_cli(extractor, run_cli):
    items = read_jsonl(DEV)
    expected = run_cli("--jsonl", "--date", "2024-03-01", str(DEV))
    got = extractor.extract_batch([i["text"] for i in items], dates=["2024-03-01"] * len(items),
                                  ids=[i["id"] for i in items])
    assert [normalise(contract_only(g)) for g in got] == [normalise(without_context(w)) for w in expected]


def test_articles_equal_the_cli(extractor, run_cli):
    expected = run_cli(*map(str, ARTICLES))
    assert len(expected) == len(ARTICLES) > 0
    for path, want in zip(ARTICLES, expected):
        got = extractor.extract(path.read_text(encoding="utf-8"), id=str(path))
        assert got["relations"], path  # the articles state relations: the test compares something
        assert normalise(contract_only(got)) == normalise(want), path


def test_added_gazetteer_and_rules_equal_the_cli(tmp_path, run_cli):
    people = tmp_path / "people.tsv"
    people.write_text("id\tname\taliases\nmarta-quill\tMarta Quill\tM. Quill\n", encoding="utf-8")
    rules = tmp_path / "mine.rules"
    rules.write_text("rule welcome/toast: endorsement\n  pattern {subject} toasted {object}\n",
                     encoding="utf-8")
    text = "Marta Quill toasted Norway. Moscow formally recognised the Taliban government."
    want = run_cli("--gazetteer", str(people), "--rules", str(rules), input=text)[0]
    got = chancery.Extractor(gazetteers=[people], rules=[rules]).extract(text, id="-")
    assert [r["rule"] for r in got["relations"]] == ["welcome/toast", "recognition/active"]
    assert normalise(contract_only(got)) == normalise(want)


def test_embedded_false_starts_from_nothing():
    ex = chancery.Extractor(gazetteers=[("countries.tsv", "id\tname\taliases\nNOR\tNorway\t\n")],
                            embedded=False)
    doc = ex.extract("Norway and Russia.")
    assert [e["id"] for e in doc["entities"]] == ["NOR"]
    assert doc["relations"] == []


def test_module_level_default_is_built_once():
    assert chancery.default() is chancery.default()
    doc = chancery.extract("Moscow formally recognised the Taliban government.")
    assert [(r["type"], r["subject"], r["object"]) for r in doc["relations"]] == [
        ("recognition", "RUS", "taliban")]
    assert chancery.extract_batch(["Moscow formally recognised the Taliban government."]) == [doc]


def test_explain_is_the_cli_explanation(extractor, cli):
    import json
    import subprocess

    text = "China has not recognised the Taliban."
    want = json.loads(subprocess.run([cli, "explain", "--json", text], capture_output=True,
                                     text=True, check=True).stdout)
    assert normalise(extractor.explain(text)) == normalise(want)
    report = subprocess.run([cli, "explain", text], capture_output=True, text=True, check=True).stdout
    assert extractor.explain(text, as_text=True) == report
