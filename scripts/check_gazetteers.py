#!/usr/bin/env python3
"""Validate chancery gazetteer files (stdlib only).

    python3 scripts/check_gazetteers.py                 # every gazetteers/*.tsv
    python3 scripts/check_gazetteers.py FILE [FILE ...]  # just these (checked together)

Entity files (header starting `id<TAB>name<TAB>aliases`):
- the file starts with `#` lines saying where the data came from, then ONE
  header row; `countries*.tsv` must have exactly
  `id name aliases demonyms capitals seats`;
- every row has as many tab-separated fields as the header, no field has
  surrounding blanks, id and name are non-empty;
- ids are well formed: `^[A-Z]{3}$` for countries, `^[a-z0-9]+(-[a-z0-9]+)*$`
  otherwise (a `kind` column, if any, decides; else the file name);
- rows are sorted by id (byte order), so ids are unique;
- surfaces (name and the |-separated aliases, demonyms, capitals, seats) are
  non-empty, carry markers only as a prefix (`!` wins a clash, `?` marks an
  ambiguous word), and have no leading article;
- no surface is claimed by two entries unless exactly one marks it `!`
  (checked across all the files given, a later file's id replacing an
  earlier one as the loader does).

Non-actor files (header `surface<TAB>reason`): two fields, both non-empty,
sorted by surface, no repeats, no markers.

Warnings (do not fail): the same surface twice in one entry, surfaces that
differ only in ASCII case between entries (the matcher folds case), an
all-lower-case surface (it would match in any case), a non-actor that an
entry also claims (the loader ignores it) or that contains no entity surface.
Exit status: 0 clean (warnings allowed), 1 errors.
"""
import glob
import os
import re
import sys

COUNTRY_ID = re.compile(r"^[A-Z]{3}$")
OTHER_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY_HEADER = ["id", "name", "aliases", "demonyms", "capitals", "seats"]
SURFACE_COLUMNS = ("aliases", "demonyms", "capitals", "seats")
# Proper names whose article is part of the name.
ARTICLE_OK = {"The Hague"}


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f"{where}: error: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"{where}: warning: {msg}")


def kind_from_path(path):
    stem = os.path.basename(path).lower()
    if stem.startswith("countr"):
        return "country"
    if stem.startswith("org"):
        return "organisation"
    if stem.startswith("people") or stem.startswith("person"):
        return "person"
    return None


def split_marker(raw):
    i = 0
    while i < len(raw) and raw[i] in "!?":
        i += 1
    return raw[:i], raw[i:]


def read_rows(path, rep):
    """(header, header_line, [(line_no, fields)]) or None."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        rep.error(path, f"cannot read as UTF-8: {e}")
        return None
    if not text.startswith("#"):
        rep.error(f"{path}:1", "start the file with # lines saying where the data came from")
    if "\r" in text:
        rep.error(path, "CR characters: use LF line ends")
    if text and not text.endswith("\n"):
        rep.error(path, "no newline at end of file")
    header, header_line, rows = None, 0, []
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("#"):
            if header is not None:
                rep.warn(f"{path}:{n}", "comment line after the header")
            continue
        if not line.strip():
            if line:
                rep.error(f"{path}:{n}", "blank line with spaces")
            continue
        fields = line.split("\t")
        if header is None:
            header, header_line = fields, n
        else:
            rows.append((n, fields))
    if header is None:
        rep.error(path, "no header row")
        return None
    return header, header_line, rows


def check_fields(path, n, fields, width, rep):
    if len(fields) != width:
        rep.error(f"{path}:{n}", f"expected {width} tab-separated fields, found {len(fields)}")
        return False
    for i, f in enumerate(fields):
        if f != f.strip():
            rep.error(f"{path}:{n}", f"field {i + 1} has surrounding blanks: {f!r}")
    return True


def check_surface(where, raw, rep, column):
    mark, bare = split_marker(raw)
    if not bare:
        rep.error(where, f"empty surface {raw!r} in {column}")
        return None
    if len(set(mark)) != len(mark):
        rep.error(where, f"bad marker in {raw!r}")
    if bare != bare.strip() or "  " in bare or "\t" in bare:
        rep.error(where, f"stray blanks in {raw!r}")
    if bare.startswith("the "):
        rep.error(where, f"leading article in {raw!r}: write the surface without it")
    elif bare.startswith("The ") and bare not in ARTICLE_OK:
        rep.error(where, f"leading article in {raw!r}: write the surface without it")
    if bare == bare.lower() and any(c.isalpha() for c in bare):
        rep.warn(where, f"{bare!r} has no capital letter: it would match in any case")
    return mark, bare


def check_entities(path, header, header_line, rows, rep, claims, defined):
    if header[:3] != ["id", "name", "aliases"]:
        rep.error(f"{path}:{header_line}", f"header must start with id, name, aliases; found {header}")
        return
    file_kind = kind_from_path(path)
    if file_kind == "country" and header != COUNTRY_HEADER:
        rep.error(f"{path}:{header_line}", f"header must be {' '.join(COUNTRY_HEADER)}; found {' '.join(header)}")
    if len(set(header)) != len(header):
        rep.error(f"{path}:{header_line}", "a column name appears twice")
    col = {name: i for i, name in enumerate(header)}
    if file_kind is None and "kind" not in col:
        rep.error(f"{path}:{header_line}", "no kind column and the file name does not say the kind")
    prev = None
    for n, fields in rows:
        where = f"{path}:{n}"
        if not check_fields(path, n, fields, len(header), rep):
            continue
        cid, name = fields[col["id"]], fields[col["name"]]
        kind = file_kind
        if "kind" in col and fields[col["kind"]]:
            kind = fields[col["kind"]]
            if kind not in ("country", "organisation", "person"):
                rep.error(where, f"unknown kind {kind!r}")
        if not cid:
            rep.error(where, "empty id")
            continue
        pattern = COUNTRY_ID if kind == "country" else OTHER_ID
        if not pattern.match(cid):
            rep.error(where, f"bad id {cid!r} for a {kind}: must match {pattern.pattern}")
        if prev is not None and not prev < cid:
            what = "repeats" if prev == cid else "is not after"
            rep.error(where, f"id {cid!r} {what} {prev!r}: keep rows sorted by id, ids unique")
        prev = cid
        if not name:
            rep.error(where, "empty name")
            continue
        if split_marker(name)[0]:
            rep.error(where, f"marker on the name {name!r}: repeat the name in aliases with the marker")
        surfaces = {}  # bare -> wins
        items = [("name", name)]
        for column in SURFACE_COLUMNS:
            if column in col:
                field = fields[col[column]]
                if field:
                    items += [(column, s) for s in field.split("|")]
        for column, raw in items:
            got = check_surface(where, raw, rep, column)
            if got is None:
                continue
            mark, bare = got
            if bare in surfaces:
                if column != "aliases" or bare != name:
                    rep.warn(where, f"{bare!r} listed twice in {cid}")
                surfaces[bare] = surfaces[bare] or "!" in mark
            else:
                surfaces[bare] = "!" in mark
        # A later file's entry with the same id replaces the earlier one.
        if cid in defined:
            for bare in defined[cid][1]:
                claims[bare] = [c for c in claims[bare] if c[0] != cid]
        defined[cid] = (where, surfaces)
        for bare, wins in surfaces.items():
            claims.setdefault(bare, []).append((cid, wins, where))


def check_non_actors(path, header, header_line, rows, rep, non_actors):
    if header != ["surface", "reason"]:
        rep.error(f"{path}:{header_line}", f"header must be surface, reason; found {header}")
        return
    prev = None
    for n, fields in rows:
        where = f"{path}:{n}"
        if not check_fields(path, n, fields, 2, rep):
            continue
        surface, reason = fields
        if not surface or not reason:
            rep.error(where, "empty surface or reason")
            continue
        if split_marker(surface)[0]:
            rep.error(where, f"markers make no sense on a non-actor: {surface!r}")
        if surface.startswith("the ") or (surface.startswith("The ") and surface not in ARTICLE_OK):
            rep.error(where, f"leading article in {surface!r}")
        if prev is not None and not prev < surface:
            what = "repeats" if prev == surface else "is not after"
            rep.error(where, f"{surface!r} {what} {prev!r}: keep rows sorted by surface, unique")
        prev = surface
        non_actors.append((where, surface))


def main(argv):
    paths = argv or sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gazetteers", "*.tsv")))
    if not paths:
        print("no gazetteer files given or found")
        return 1
    rep = Report()
    claims, defined, non_actors = {}, {}, []
    counts = []
    for path in paths:
        got = read_rows(path, rep)
        if got is None:
            continue
        header, header_line, rows = got
        if "surface" in header and "id" not in header:
            check_non_actors(path, header, header_line, rows, rep, non_actors)
        else:
            check_entities(path, header, header_line, rows, rep, claims, defined)
        counts.append(f"{os.path.basename(path)}: {len(rows)} rows")

    for bare, cl in sorted(claims.items()):
        ids = {c[0] for c in cl}
        if len(ids) < 2:
            continue
        winners = sorted({c[0] for c in cl if c[1]})
        if len(winners) != 1:
            who = ", ".join(f"{c[0]} ({c[2]})" for c in cl)
            why = "no claimant marks it !" if not winners else f"{len(winners)} claimants mark it !"
            rep.error(cl[-1][2], f"surface {bare!r} claimed by {who}: {why}")
    folded = {}
    for bare, cl in claims.items():
        folded.setdefault(bare.lower(), []).append((bare, cl))
    for key, group in sorted(folded.items()):
        if len(group) > 1:
            ids = {c[0] for _, cl in group for c in cl}
            if len(ids) > 1:
                forms = ", ".join(f"{b!r} ({'/'.join(sorted({c[0] for c in cl}))})" for b, cl in group)
                rep.warn(group[-1][1][-1][2], f"surfaces differ only in case across entries: {forms}")

    if claims:
        # Word-bounded search of entity surfaces inside each non-actor.
        bares = sorted(claims, key=len, reverse=True)
        for where, surface in non_actors:
            if surface in claims:
                owner = "/".join(sorted({c[0] for c in claims[surface]}))
                rep.warn(where, f"{surface!r} is also a surface of {owner}: the loader ignores this row")
                continue
            low = surface.lower()
            inside = False
            for b in bares:
                i = low.find(b.lower())
                while i >= 0:
                    before = low[i - 1] if i > 0 else " "
                    after = low[i + len(b)] if i + len(b) < len(low) else " "
                    if not (before.isalnum() or after.isalnum()):
                        inside = True
                        break
                    i = low.find(b.lower(), i + 1)
                if inside:
                    break
            if not inside:
                rep.warn(where, f"{surface!r} contains no entity surface: it shields nothing")

    print("; ".join(counts))
    print(f"{rep.errors} errors, {rep.warnings} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
