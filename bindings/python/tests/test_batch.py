"""Batches equal one-by-one; one extractor serves many threads; pickling rebuilds."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import chancery
from conftest import read_jsonl

TEXTS = [
    "Moscow formally recognised the Taliban government.",
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing.",
    "The Russian president spoke to the US president.",
    "“Côte d’Ivoire” will not recognise Kosovo, officials said.",
    "",
]


def test_batch_equals_one_by_one(extractor):
    dates = [None, "2025", "2026-07-04", None, "2024-01"]
    one = [extractor.extract(t, d) for t, d in zip(TEXTS, dates)]
    assert extractor.extract_batch(TEXTS, dates) == one
    assert extractor.extract_batch(TEXTS, dates, threads=1) == one
    assert extractor.extract_batch(TEXTS, dates, threads=2) == one
    assert extractor.extract_batch([]) == []


def test_batch_on_a_corpus_is_deterministic(extractor, corpus):
    texts = [d["text"] for d in read_jsonl(corpus)][:500]
    one = [extractor.extract(t) for t in texts]
    assert extractor.extract_batch(texts, threads=2) == one
    assert sum(len(d["relations"]) for d in one) > 100


def test_thread_safety(extractor, corpus):
    texts = [d["text"] for d in read_jsonl(corpus)][:200]
    want = [extractor.extract(t) for t in texts]

    def work(k):
        # Every thread goes through all texts from a different start.
        order = list(range(k, len(texts))) + list(range(k))
        return all(extractor.extract(texts[i]) == want[i] for i in order)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(8)))
        batches = list(pool.map(lambda n: extractor.extract_batch(texts, threads=1 + n % 2), range(4)))
    assert all(b == want for b in batches)


def test_pickle_rebuilds_from_file_contents(tmp_path):
    people = tmp_path / "people.tsv"
    people.write_text("id\tname\taliases\nmarta-quill\tMarta Quill\t\n", encoding="utf-8")
    ex = chancery.Extractor(gazetteers=[people])
    data = pickle.dumps(ex)
    people.unlink()  # a worker elsewhere does not have the file
    copy = pickle.loads(data)
    text = "Marta Quill met Russian President Vladimir Putin."
    assert copy.extract(text) == ex.extract(text)
    assert "marta-quill" in [e["id"] for e in copy.extract(text)["entities"]]
    assert "people.tsv" in repr(copy)
