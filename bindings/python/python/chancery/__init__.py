"""chancery: who did what to whom in international politics, from English news.

Gazetteers of countries, organisations and people feed one matcher; rule
patterns then emit typed relations (recognition, meeting, sanction,
holds_office, ...), each with negation, modality and year.

>>> import chancery
>>> doc = chancery.extract("Moscow formally recognised the Taliban government.")
>>> [(r["type"], r["subject"], r["object"]) for r in doc["relations"]]
[('recognition', 'RUS', 'taliban')]

`Extractor` is the compiled extractor (build once, reuse: building parses every
gazetteer and rule file); `extract`, `extract_batch` and `explain` at module
level use a default one over the embedded data, built on first use in each
process. Results are dicts in the output contract, exactly the objects the
`chancery extract` command writes, plus character offsets (`char_start`,
`char_end`) that slice Python strings; `Extractor.extract_arrow` returns
pyarrow tables instead, for engines (Spark, Dask, Ray, polars, DuckDB).
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
from typing import Any, Iterable, NamedTuple, Sequence, Union

from ._chancery import BuildError, Core as _Core

__all__ = [
    "ArrowResult",
    "BuildError",
    "Extractor",
    "default",
    "explain",
    "extract",
    "extract_batch",
]

#: A gazetteer or rule source: a file path, or a ``(name, text)`` pair whose
#: name stands for the file (it names the file in errors and, for a gazetteer
#: without a ``kind`` column, tells the kind: ``people.tsv``).
Source = Union[str, "os.PathLike[str]", tuple[str, str]]
#: A publication date: ``datetime.date``, or ``"YYYY"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"``.
Date = Union[str, _dt.date, None]


class ArrowResult(NamedTuple):
    """Entities and relations of a batch as two ``pyarrow.Table``, one row each."""

    entities: Any
    relations: Any


def _read(source: Source) -> tuple[str, str]:
    if isinstance(source, tuple):
        name, text = source
        return str(name), str(text)
    path = os.fspath(source)
    try:
        with open(path, encoding="utf-8") as f:
            return path, f.read()
    except OSError as e:
        err = BuildError(f"cannot read {path}: {e.strerror or e}")
        err.path, err.line = path, None
        raise err from e
    except UnicodeDecodeError as e:
        err = BuildError(f"cannot read {path}: not UTF-8 ({e.reason} at byte {e.start})")
        err.path, err.line = path, None
        raise err from e


def _date(date: Date) -> str | None:
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        date = date.date()
    if isinstance(date, _dt.date):
        return date.isoformat()
    if isinstance(date, str):
        return date
    raise TypeError(f"date must be a str, a datetime.date or None, not {type(date).__name__}")


def _dates(dates: Sequence[Date] | None) -> list[str | None] | None:
    return None if dates is None else [_date(d) for d in dates]


class Extractor:
    """A compiled extractor: immutable, thread-safe, picklable.

    ``Extractor()`` uses the gazetteers and rules embedded in chancery.
    ``Extractor(gazetteers=[...], rules=[...])`` adds files (paths, or
    ``(name, text)`` pairs) whose entries add to, or replace by id, the
    embedded ones, as the CLI's ``--gazetteer`` and ``--rules`` do;
    ``embedded=False`` starts from nothing.

    The files are read once, here: the extractor keeps their contents, so a
    pickled extractor rebuilds on a machine that does not have them (Spark
    and Ray workers).

    Raises:
        BuildError: a file cannot be read or has a bad line; the message
            says ``path:line: reason`` and the attributes ``path`` and
            ``line`` say where (``line`` is None for an unreadable file).

    Building parses every gazetteer and rule and compiles one automaton (a
    fraction of a second): build once and reuse.
    """

    __slots__ = ("_core", "_gazetteers", "_rules", "_embedded")

    def __init__(
        self,
        gazetteers: Iterable[Source] = (),
        rules: Iterable[Source] = (),
        *,
        embedded: bool = True,
    ) -> None:
        if isinstance(gazetteers, (str, os.PathLike)) or isinstance(rules, (str, os.PathLike)):
            raise TypeError("gazetteers and rules are lists of files, not one file")
        self._gazetteers = [_read(s) for s in gazetteers]
        self._rules = [_read(s) for s in rules]
        self._embedded = bool(embedded)
        self._core = _Core(self._gazetteers, self._rules, self._embedded, self._embedded)

    def __reduce__(self):
        # Rebuilt from the sources' contents, never from paths.
        return (_rebuild, self._spec())

    def _spec(self) -> tuple:
        """What the extractor is built from, hashable: ``_rebuild(*spec)`` makes it again."""
        return (tuple(self._gazetteers), tuple(self._rules), self._embedded)

    def __repr__(self) -> str:
        names = [n for n, _ in self._gazetteers] + [n for n, _ in self._rules]
        extra = f", files={names!r}" if names else ""
        return f"chancery.Extractor(embedded={self._embedded}{extra})"

    def extract(self, text: str, date: Date = None, *, id: Any = None) -> dict:
        """Entities and relations of one text, as a dict in the output contract.

        The dict is exactly the object ``chancery extract`` writes for the
        text (``id`` is null unless given), plus ``char_start``/``char_end``
        on every entity and relation and ``char_subject_span``,
        ``char_object_span``, ``char_trigger_span`` on relations: character
        offsets, so ``text[e["char_start"]:e["char_end"]] == e["text"]``.
        ``start``/``end`` stay UTF-8 byte offsets, as in the contract.

        ``date`` (the publication date) resolves titles without names ("the
        Russian president") to that year's office holder and checks
        ``holds_office`` against terms of office, as the CLI's ``--date``.
        The GIL is released while extracting.

        Raises:
            ValueError: a malformed date.
        """
        doc = self._core.extract(text, _date(date))
        if id is not None:
            doc["id"] = id
        return doc

    def extract_batch(
        self,
        texts: Sequence[str],
        dates: Sequence[Date] | None = None,
        threads: int | None = None,
        *,
        ids: Sequence[Any] | None = None,
    ) -> list[dict]:
        """``extract`` of every text, in order, on ``threads`` threads (default: every core).

        The GIL is released while extracting; converting the results to
        dicts costs about as much again, so for large inputs prefer
        ``extract_arrow``.

        Raises:
            ValueError: a malformed date, or ``dates``/``ids`` of the wrong length.
        """
        texts = list(texts)
        docs = self._core.extract_batch(texts, _dates(dates), threads)
        if ids is not None:
            ids = list(ids)
            if len(ids) != len(docs):
                raise ValueError(f"{len(ids)} ids for {len(docs)} texts")
            for doc, id in zip(docs, ids):
                doc["id"] = id
        return docs

    def extract_arrow(
        self,
        texts: Sequence[str],
        ids: Sequence[Any] | None = None,
        dates: Sequence[Date] | None = None,
        threads: int | None = None,
    ) -> ArrowResult:
        """Entities and relations of many texts as two ``pyarrow.Table``.

        One row per entity and one per relation, with ``doc_index`` (the
        text's position in ``texts``) and ``doc_id`` (``str(ids[i])``, or
        null) first; the columns are the contract's fields (the README's
        "Spark" section lists them). The columns are built in Rust without
        the GIL, on ``threads`` threads, and handed to pyarrow without a copy.
        Needs ``pyarrow`` (``pip install chancery[arrow]``).
        """
        import pyarrow as pa

        texts = list(texts)
        id_strs = None if ids is None else [None if i is None else str(i) for i in ids]
        entities, relations = self._core.extract_arrow(texts, id_strs, _dates(dates), threads)
        return ArrowResult(
            pa.Table.from_batches([pa.record_batch(b) for b in entities]),
            pa.Table.from_batches([pa.record_batch(b) for b in relations]),
        )

    def explain(self, text: str, *, as_text: bool = False) -> Any:
        """Why chancery found what it found in ``text``: every sentence with its
        mentions (and the gazetteer line of each), the rules that matched and
        why, and the rules that came close. A dict (the CLI's ``explain
        --json``), or with ``as_text=True`` the CLI's readable report. It
        re-runs the pipeline with tracing on: use it to understand one
        result, not on a corpus."""
        return self._core.explain_text(text) if as_text else self._core.explain(text)


def _rebuild(gazetteers, rules, embedded) -> Extractor:
    ex = Extractor.__new__(Extractor)
    ex._gazetteers, ex._rules, ex._embedded = list(gazetteers), list(rules), embedded
    ex._core = _Core(gazetteers, rules, embedded, embedded)
    return ex


_default: Extractor | None = None
_default_lock = threading.Lock()


def default() -> Extractor:
    """The extractor over the embedded data, built on first use in each process
    (a Spark or Dask worker builds its own once)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Extractor()
    return _default


def extract(text: str, date: Date = None, *, id: Any = None) -> dict:
    """``default().extract(text, date, id=id)``."""
    return default().extract(text, date, id=id)


def extract_batch(
    texts: Sequence[str], dates: Sequence[Date] | None = None, threads: int | None = None
) -> list[dict]:
    """``default().extract_batch(texts, dates, threads)``."""
    return default().extract_batch(texts, dates, threads)


def explain(text: str, *, as_text: bool = False) -> Any:
    """``default().explain(text, as_text=as_text)``."""
    return default().explain(text, as_text=as_text)
