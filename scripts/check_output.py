#!/usr/bin/env python3
"""Checks chancery's output the way a pipeline consumes it (run by .ci/run).

1. Every output line of the test corpus (tests/fixtures/**/*.txt, as plain
   text and as JSON Lines) and of a bench corpus, when one is given, validates
   against schema/document.schema.json.
2. Character offsets slice Python strings correctly on curly quotes and
   accents: text[char_start:char_end] is the entity's text, the relation's
   evidence, and the subject/object/trigger spans' surfaces.
0. Memory follows the output, at most: a 2 MB document dense with names
   (about 300 MB of JSON) is written piece by piece, and the process's peak
   resident set stays under 0.9 times its output plus 64 MiB (the README's
   stated bound; measured with getrusage on the child, before any other child runs).
3. DuckDB reads two batches with different relation mixes (one without any
   holds_office, so no role/to/verified values) and one query over each batch
   and over both runs without a schema error.

Usage: check_output.py CHANCERY_BINARY [BENCH_CORPUS.jsonl]
Needs the packages pinned in scripts/requirements-ci.txt.
"""

import json
import pathlib
import resource
import subprocess
import sys
import tempfile

import duckdb
import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(binary, args, stdin=None):
    out = subprocess.run(
        [binary, "extract", "--no-progress", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"chancery {' '.join(args)} exited {out.returncode}: {out.stderr.decode()}")
    return out.stdout.decode("utf-8").splitlines()


def validate(lines, validator, what):
    for n, line in enumerate(lines, 1):
        errors = sorted(validator.iter_errors(json.loads(line)), key=str)
        if errors:
            sys.exit(f"{what}: output line {n} breaks the schema: {errors[0].message} at {list(errors[0].absolute_path)}")
    print(f"schema: {len(lines)} lines of {what} valid")


def check_schema(binary, bench):
    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    fixtures = sorted(str(p) for p in (ROOT / "tests" / "fixtures").rglob("*.txt"))
    validate(run(binary, fixtures), validator, "the test corpus as plain text")
    records = "".join(
        json.dumps({"id": i, "text": pathlib.Path(p).read_text(), "source": p, "date": "2025-07-04"}) + "\n"
        for i, p in enumerate(fixtures)
    )
    validate(run(binary, ["--jsonl"], records.encode()), validator, "the test corpus as JSON Lines")
    if bench:
        validate(run(binary, ["--jsonl", bench]), validator, bench)


def check_char_offsets(binary):
    text = "“Macron’s” visit to Türkiye: Erdoğan met Emmanuel Macron in Ankara, and France’s minister praised Türkiye."
    line = json.dumps({"id": "curly", "text": text}) + "\n"
    [doc] = [json.loads(l) for l in run(binary, ["--jsonl"], line.encode())]
    assert doc["entities"], "the test text names entities"
    assert doc["relations"], "the test text states a relation"
    assert len(text.encode()) != len(text), "the text has multi-byte characters"
    for e in doc["entities"]:
        assert text[e["char_start"]:e["char_end"]] == e["text"], e
        assert text.encode()[e["start"]:e["end"]].decode() == e["text"], e
    for r in doc["relations"]:
        assert text[r["char_start"]:r["char_end"]] == r["evidence"], r
        # A relation's subject and object are mentions: their entities carry code-point offsets.
        by_start = {e["start"]: e for e in doc["entities"]}
        for which in ("subject", "object"):
            e = by_start[r[f"{which}_span"][0]]
            assert e["id"] == r[which], (which, r)
    print(f"char offsets: {len(doc['entities'])} entities and {len(doc['relations'])} relations slice correctly")


def check_duckdb(binary):
    without_office = "Russia recognised the Taliban. China condemned Israel. Iran met Qatar."
    with_office = "Russian President Vladimir Putin met Chinese Foreign Minister Wang Yi. The US ambassador to Turkey, Tom Barrack, spoke."
    with tempfile.TemporaryDirectory() as tmp:
        a, b = pathlib.Path(tmp, "a.jsonl"), pathlib.Path(tmp, "b.jsonl")
        a.write_text("\n".join(run(binary, ["--jsonl"], (json.dumps({"id": 1, "text": without_office}) + "\n").encode())) + "\n")
        b.write_text("\n".join(run(binary, ["--jsonl"], (json.dumps({"id": "b-1", "text": with_office, "url": "https://example.org/b"}) + "\n").encode())) + "\n")
        assert "holds_office" not in a.read_text() and "holds_office" in b.read_text(), "the batches differ in their relation mix"
        query = """
            SELECT id, r.type, r.subject, r.object, r.role, r."to", r.verified, r.year, r.char_start
            FROM (SELECT id, unnest(relations) AS r FROM read_json_auto({files}, format = 'newline_delimited'))
            ORDER BY id, r.start
        """
        rows = {}
        for name, files in [("a", f"'{a}'"), ("b", f"'{b}'"), ("both", f"['{a}', '{b}']")]:
            rows[name] = duckdb.sql(query.format(files=files)).fetchall()
        assert rows["a"] and rows["b"], rows
        assert sorted(rows["both"]) == sorted(rows["a"] + rows["b"]), rows
        assert all(r[4] is None for r in rows["a"]), "no role outside holds_office"
        assert any(r[4] is not None for r in rows["b"]), "holds_office has its role"
        ids = {r[0] for r in rows["both"]}
        assert ids == {"1", "b-1"}, f"ids are strings: {ids}"
    print(f"duckdb: one query over batches of {len(rows['a'])} and {len(rows['b'])} relations, separately and together")


def check_memory(binary):
    sentence = "Russia, China, Iran, Turkey, Qatar, Egypt and Japan condemned Israel, Syria, Iraq and Sudan. "
    with tempfile.TemporaryDirectory() as tmp:
        dense = pathlib.Path(tmp, "dense.txt")
        dense.write_text(sentence * (2_000_000 // len(sentence)))
        out = pathlib.Path(tmp, "out.jsonl")
        subprocess.run([binary, "extract", "--no-progress", "--threads", "1", "-o", str(out), str(dense)], check=True)
        output = out.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # Linux: KiB
    bound = 0.9 * output + (64 << 20)
    print(f"memory: a {dense_size(sentence)} MB dense document wrote {output / 1e6:.0f} MB at a peak of {peak / 1e6:.0f} MB (bound {bound / 1e6:.0f} MB)")
    if peak > bound:
        sys.exit(f"peak resident set {peak} bytes is over the bound {bound:.0f}")


def dense_size(sentence):
    return round(len(sentence) * (2_000_000 // len(sentence)) / 1e6, 1)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    binary = sys.argv[1]
    bench = sys.argv[2] if len(sys.argv) == 3 else None
    check_memory(binary)  # first: getrusage reports the largest child so far
    check_char_offsets(binary)
    check_duckdb(binary)
    check_schema(binary, bench)


if __name__ == "__main__":
    main()
