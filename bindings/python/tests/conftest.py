"""Shared fixtures: the CLI binary built by cargo, and corpora to run both on."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

import chancery

PACKAGE = pathlib.Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]
SHARED = REPO.parent / "shared"


def normalise(obj):
    """JSON normalisation: the object as canonical JSON (sorted keys, no spaces)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def contract_only(doc: dict) -> dict:
    """The document without the character offsets of the subject, object and
    trigger spans, which the package adds (the crate writes `char_start` and
    `char_end` itself)."""
    strip = lambda o: {k: v for k, v in o.items()
                       if not (k.startswith("char_") and k.endswith("_span"))}
    return {**doc, "entities": [strip(e) for e in doc["entities"]],
            "relations": [strip(r) for r in doc["relations"]]}


def without_context(doc: dict) -> dict:
    """The CLI's object for a JSON line, as if the line held only id and text:
    the CLI carries a line's other fields under `context`, and a text passed
    to the package has none."""
    return {**doc, "context": None}


@pytest.fixture(scope="session")
def cli() -> str:
    """The `chancery` command: $CHANCERY_CLI, else the repository's release
    build, made with cargo if missing."""
    path = os.environ.get("CHANCERY_CLI")
    if path:
        return path
    binary = REPO / "target" / "release" / "chancery"
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "chancery"], cwd=REPO, check=True)
    return str(binary)


@pytest.fixture(scope="session")
def run_cli(cli):
    """`chancery extract ARGS...` → list of parsed output lines."""

    def run(*args: str, input: str | None = None) -> list[dict]:
        out = subprocess.run([cli, "extract", "--no-progress", *args], input=input,
                             capture_output=True, text=True, check=True)
        return [json.loads(line) for line in out.stdout.splitlines()]

    return run


@pytest.fixture(scope="session")
def extractor() -> chancery.Extractor:
    return chancery.Extractor()


def bench_corpus(tmp_dir: pathlib.Path, size_mb: float) -> pathlib.Path:
    """A JSON Lines corpus of about size_mb: the bench corpus of ../shared when
    it is there, else the repository's own test articles dealt into documents."""
    out = tmp_dir / f"corpus-{size_mb:g}mb.jsonl"
    make = SHARED / "bench" / "make_corpus.py"
    if make.exists() and (SHARED / "corpus" / "seeds").is_dir():
        subprocess.run(["python3", str(make), str(size_mb), "-o", str(out)], check=True,
                       capture_output=True)
        return out
    paragraphs = []
    for path in sorted((REPO / "tests" / "fixtures").glob("*/*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    with open(out, "w", encoding="utf-8") as f:
        written, i = 0, 0
        while written < size_mb * 1e6:
            doc = "\n\n".join(paragraphs[(i * 7 + k) % len(paragraphs)] for k in range(1 + i % 5))
            line = json.dumps({"id": f"doc-{i:07d}", "text": doc}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode())
            i += 1
    return out


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> pathlib.Path:
    """About 3 MB, a few thousand documents."""
    return bench_corpus(tmp_path_factory.mktemp("corpus"), 3)


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]
