"""What the gazetteer generators share: reading chancery's TSV files, surface
markers and spelling folds, and writing (or checking) a generated file.

Imported by scripts/gen_countries.py and scripts/gen_organisations.py; it
reads and writes nothing by itself.
"""

import hashlib
import sys
import unicodedata


def fail(script, msg):
    """Stop the generator with its name and the reason."""
    sys.exit(f"{script}: {msg}")


def sha256(path):
    """The first 16 hex digits of a source file's SHA-256, for file headers."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def fold(s):
    """Plain-ASCII spelling: 'Côte d'Ivoire' -> 'Cote d'Ivoire'."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_marker(s):
    """'!Georgia' -> ('!', 'Georgia'): a surface's clash markers and its text."""
    i = 0
    while i < len(s) and s[i] in "!?":
        i += 1
    return s[:i], s[i:]


def items(field):
    """The |-separated surfaces of a column, blanks dropped."""
    return [s.strip() for s in field.split("|") if s.strip()]


def read_rows(script, path, columns=None):
    """(line number, row dict) of a TSV file with a header line; '#' lines and
    blank lines are skipped. With `columns`, the header must be exactly those and
    every row must have as many fields (the generator fails naming file:line)."""
    header = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            if header is None:
                if columns is not None and cols != columns:
                    fail(script, f"{path}:{n}: header must be {columns}, found {cols}")
                header = cols
                continue
            if columns is not None and len(cols) != len(header):
                fail(script, f"{path}:{n}: expected {len(header)} fields, found {len(cols)}")
            yield n, dict(zip(header, (c.strip() for c in cols)))
    if header is None and columns is not None:
        fail(script, f"{path}: no header")


def write_or_check(script, path, text, what, check):
    """Write the generated `text` to `path`, or with `check` exit 1 unless the
    file already holds exactly it. `what` counts the rows for the message."""
    if check:
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != text:
            sys.exit(f"{path} is out of date: run python3 scripts/{script}.py")
        print(f"{path}: up to date ({what})")
        return
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{path}: {what}")
