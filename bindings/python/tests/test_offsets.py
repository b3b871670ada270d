"""Character offsets slice Python strings; byte offsets slice the UTF-8 bytes."""

from __future__ import annotations

TEXTS = [
    "“Moscow formally recognised the Taliban government,” the ministry said.",
    "Côte d’Ivoire’s président met Emmanuel Macron in Paris — a first. Moscow welcomed it.",
    "🙂🙂 Ankara and Türkiye’s allies: Russia imposed sanctions on Ukraine in 2014 (naïve “quotes”).",
    "plain ASCII: China has not recognised the Taliban.",
]


def check(doc, text):
    data = text.encode("utf-8")
    assert doc["entities"], text
    for e in doc["entities"]:
        assert text[e["char_start"]:e["char_end"]] == e["text"]
        assert data[e["start"]:e["end"]].decode("utf-8") == e["text"]
    for r in doc["relations"]:
        assert text[r["char_start"]:r["char_end"]] == r["evidence"]
        for key in ("subject_span", "object_span", "trigger_span"):
            (cs, ce), (bs, be) = r["char_" + key], r[key]
            assert text[cs:ce] == data[bs:be].decode("utf-8")


def test_char_offsets_on_curly_quotes_accents_and_emoji(extractor):
    for text in TEXTS:
        check(extractor.extract(text), text)
    assert any(extractor.extract(t)["relations"] for t in TEXTS[:3])
    # Non-ASCII before a mention: byte and character offsets differ.
    e = extractor.extract(TEXTS[0])["entities"][0]
    assert (e["text"], e["start"], e["char_start"]) == ("Moscow", 3, 1)


def test_char_offsets_in_batches_and_arrow(extractor):
    for doc, text in zip(extractor.extract_batch(TEXTS, threads=2), TEXTS):
        check(doc, text)
    tables = extractor.extract_arrow(TEXTS)
    for row in tables.entities.to_pylist():
        text = TEXTS[row["doc_index"]]
        assert text[row["char_start"]:row["char_end"]] == row["text"]
    for row in tables.relations.to_pylist():
        assert TEXTS[row["doc_index"]][row["char_start"]:row["char_end"]] == row["evidence"]
