"""Type stubs of the compiled module; use the `chancery` package's wrappers."""

from typing import Any

class BuildError(ValueError):
    """A gazetteer or rule file could not be read or has a bad line."""

    path: str | None
    line: int | None

class ArrowBatch:
    """One Arrow record batch; ``pyarrow.record_batch(batch)`` imports it without a copy."""

    @property
    def num_rows(self) -> int: ...
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

class Core:
    def __new__(
        cls,
        gazetteers: list[tuple[str, str]],
        rules: list[tuple[str, str]],
        embedded_gazetteer: bool = True,
        embedded_rules: bool = True,
    ) -> Core: ...
    def extract(self, text: str, date: str | None = None) -> dict[str, Any]: ...
    def extract_batch(
        self, texts: list[str], dates: list[str | None] | None = None, threads: int | None = None
    ) -> list[dict[str, Any]]: ...
    def extract_arrow(
        self,
        texts: list[str],
        ids: list[str | None] | None = None,
        dates: list[str | None] | None = None,
        threads: int | None = None,
    ) -> tuple[list[ArrowBatch], list[ArrowBatch]]: ...
    def explain(self, text: str) -> dict[str, Any]: ...
    def explain_text(self, text: str) -> str: ...
