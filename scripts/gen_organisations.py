#!/usr/bin/env python3
"""Generate gazetteers/organisations.tsv from scripts/organisations_curated.tsv and public lists.

    python3 scripts/gen_organisations.py          # rewrites gazetteers/organisations.tsv
    python3 scripts/gen_organisations.py --check  # exit 1 if the file is out of date

Sources
- scripts/organisations_curated.tsv: one reviewed row per organisation (id =
  folded English Wikipedia title, name, aliases, category), with the public
  list rows it was checked against in `sources`:
  - `ofac:N`: entity N of the US Treasury OFAC SDN list (snapshot of 3 May
    2024, ../shared/data/ofac-sdn-2024-05/sdn.csv; public domain);
  - `ucdp:N`: actor N of the UCDP Actor Dataset 22.1
    (../shared/data/ucdp-actor/ucdp-actor-221.csv; CC BY 4.0);
  - `us-fto-2025`, `uk-proscribed`, `un-1267`, `eu-terror-list`: designation
    facts from dated public reports and official lists, named in the curated
    file's header;
  - `phoenix`: a candidate taken from the PETRARCH2 Phoenix international
    actor dictionary (../shared/data/petrarch2-dictionaries; MIT), reviewed.
- Every OFAC entity tagged FTO must be cited by some row: the script fails
  otherwise, so the file holds every group on the US list of Foreign
  Terrorist Organizations in the snapshot.

What the script does to the data
- Aliases of a cited OFAC entity (its name and `a.k.a.` forms in Remarks)
  and of a cited UCDP actor (NameData, NameOrigFullEng, NewName,
  NewNameFullEng) are added to the row's curated aliases, after these
  filters, because the lists are noisy:
  - OFAC's upper-case legal forms are put in news case ("KATA'IB HIZBALLAH"
    -> "Kata'ib Hizballah", "AL-SHABAAB" -> "al-Shabaab"); forms of at most
    six letters without a space stay acronyms;
  - an acronym is kept only with four or more characters (`JRTN`,
    `ISIS-WA`): two- and three-letter acronyms from the lists (`LH`, `MIT`,
    `ISS`) name too many other things; the curated aliases add the ones
    news uses;
  - a form whose every word is a common English word (src/lint_words.txt)
    or a generic religious or organisational word ("The Youth", "Soldiers
    of God", "Supporters of Islamic Law") is dropped, and so is a form with
    a comma, a quote mark or parenthesis, a form naming a person's forces
    ("Forces of ...") or a faction of a person;
  - a form that only extends one of the row's own surfaces ("Houthi Group"
    after "Houthi") is dropped: the shorter surface finds it anyway, and the
    matcher, which rejects a hit whose capitals do not fit without falling
    back to a shorter surface, would miss "the Houthi group";
  - a leading "The" is dropped ("The Zetas" -> "Zetas");
  - a form listed in the row's `drop` column is dropped;
  - a form that another entry already claims (a country, capital, demonym
    or seat in gazetteers/countries.tsv, a person in gazetteers/people.tsv,
    or another organisation's curated surface) is dropped and listed in the
    output's header: clashes are resolved here, explicitly, not by the
    loader's order.
- A curated surface that clashes with another entry is an error (mark the
  winner with '!' in the curated file instead).
- Surfaces are deduplicated case-sensitively within a row; rows are sorted
  by id. The output depends only on the inputs.
"""
import csv
import os
import re
import sys

import gazetteer_tsv
from gazetteer_tsv import fold, items, read_rows, sha256, split_marker, write_or_check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "data")
CURATED = os.path.join(HERE, "organisations_curated.tsv")
OFAC = os.path.join(SHARED, "ofac-sdn-2024-05", "sdn.csv")
UCDP = os.path.join(SHARED, "ucdp-actor", "ucdp-actor-221.csv")
COUNTRIES = os.path.join(ROOT, "gazetteers", "countries.tsv")
PEOPLE = os.path.join(ROOT, "gazetteers", "people.tsv")
WORDS = os.path.join(ROOT, "src", "lint_words.txt")
OUT = os.path.join(ROOT, "gazetteers", "organisations.tsv")

CURATED_COLUMNS = ["id", "name", "aliases", "category", "sources", "drop"]
OUT_COLUMNS = ["id", "name", "aliases", "category"]
CATEGORIES = {"igo", "un", "government", "armed-group", "criminal-group",
              "movement", "party", "ngo", "alliance"}
SOURCE_TAGS = {"us-fto-2025", "uk-proscribed", "un-1267", "eu-terror-list", "phoenix"}
ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Words that say what kind of group it is, or are generic in group names:
# a list alias made only of these and common English words names nothing.
GENERIC = {
    "al", "islam", "islamic", "allah", "god", "gods", "holy", "jihad", "jihadi",
    "mujahideen", "mujahidin", "brigade", "brigades", "battalion", "battalions",
    "movement", "front", "army", "organization", "organisation", "group",
    "committee", "council", "forces", "force", "militia", "youth", "supporters",
    "helpers", "partisans", "soldiers", "followers", "devotees", "sentinels",
    "wing", "unit", "branch", "department", "services", "external", "foreign",
    "special", "operations", "security", "revolutionary", "resistance",
    "liberation", "national", "popular", "people", "peoples", "unity", "victory",
    "tradition", "traditions", "community", "faithful", "martyrs", "masked", "men",
    "word", "witnesses", "blood", "province", "state", "the", "of", "in", "and",
    "for", "to", "mobilization", "mobilisation", "oppressed", "law", "center",
    "centre", "muslim", "muslims", "believing", "nation", "insurgents", "relations",
    "sentinel", "freedom", "fighters",
}
# Generic nouns that end a name and that news also writes in lower case
# ("the Houthi movement", "the Baath party").
TAIL_NOUNS = {"group", "movement", "party", "front", "army", "brigade", "brigades",
              "division", "network", "cartel", "militia", "mission", "union", "force",
              "forces", "organization", "organisation", "alliance", "coalition", "council"}
# Acronyms inside OFAC names that keep their capitals ("ISIS-WEST AFRICA").
ACRONYMS = {"ISIS", "ISIL", "IRGC", "FARC", "FARC-EP", "TTP", "AQ", "DRC", "ADF", "NALU",
            "WA", "SP", "JMB", "HTS", "IRA", "GAO", "EP", "R", "D", "L", "K"}
# Lower-case particles inside names ("Jama'at Nusrat al-Islam wal-Muslimin").
PARTICLES = {"al", "el", "ul", "wal", "bin", "ibn", "fi", "of", "the", "and", "for",
             "in", "e", "i", "de", "del", "la", "los", "las", "y", "wa", "ash", "ad",
             "ud", "at", "an", "as", "ar", "az", "on", "to"}


def fail(msg):
    gazetteer_tsv.fail("gen_organisations", msg)


def read_common_words():
    with open(WORDS, encoding="utf-8") as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def read_curated():
    rows = []
    for n, row in read_rows("gen_organisations", CURATED, CURATED_COLUMNS):
        row["line"] = n
        if not ID_FORM.match(row["id"]):
            fail(f"{CURATED}:{n}: id {row['id']!r} is not lower-case-hyphenated")
        if row["category"] not in CATEGORIES:
            fail(f"{CURATED}:{n}: category {row['category']!r} not in {sorted(CATEGORIES)}")
        rows.append(row)
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        fail(f"{CURATED}: ids twice: {' '.join(dupes)}")
    return rows


def read_ofac():
    """ent_num -> (name, [aka], programs) for OFAC entities (not people, vessels)."""
    out = {}
    with open(OFAC, encoding="latin-1", newline="") as f:
        for r in csv.reader(f):
            if len(r) < 12 or r[2].strip() != "-0-":
                continue
            akas = []
            for part in r[11].split(";"):
                part = part.strip()
                for tag in ("a.k.a. '", "f.k.a. '"):
                    if part.startswith(tag):
                        body = part[len(tag):].rstrip(".")
                        if body.endswith("'"):
                            akas.append(body[:-1])
            programs = {p.strip(" []") for p in r[3].split("] [")}
            out[r[0].strip()] = (r[1].strip(), akas, programs)
    return out


def read_ucdp():
    out = {}
    with open(UCDP, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            names = [r[k].strip() for k in ("NameData", "NameOrigFullEng", "NewName", "NewNameFullEng")]
            out[r["ActorId"].strip()] = [n for n in names if n and n != "n/a"]
    return out


def news_case(upper):
    """OFAC's upper-case form in the case news writes it."""
    bare = upper.replace("-", "").replace(" ", "")
    if len(bare) <= 6 and " " not in upper.strip():
        return upper  # an acronym: HTS, ISIS-WA
    words = []
    for i, word in enumerate(upper.split(" ")):
        parts = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if part in ACRONYMS:
                parts.append(part)
                continue
            first = i == 0 and j == 0
            if low in PARTICLES and not (first and low not in ("al", "el")):
                parts.append(low)
            elif "'" in low:
                head, _, tail = low.partition("'")
                parts.append(head.capitalize() + "'" + tail)
            else:
                parts.append(low.capitalize())
        words.append("-".join(parts))
    return " ".join(words)


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in s


def keep_list_alias(form, common, country_words):
    """Why a list alias is dropped, or None to keep it."""
    if any(c in form for c in ",\"()/") or form.startswith("'") or form.endswith("'") \
            or " '" in form or "' " in form:
        return "punctuation"
    if is_acronym(form):
        return None if len(form) >= 4 else "short acronym"
    low = form.lower()
    if low.startswith("forces of ") or " faction" in low or low.startswith("military faction"):
        return "a person's forces or faction"
    words = re.findall(r"[a-z0-9']+", fold(low).replace("-", " "))
    if all(w in common or w in GENERIC for w in words):
        return "generic words"
    if len(words) == 1 and len(words[0]) <= 5:
        return "short word"
    padded = " " + " ".join(re.findall(r"[a-z0-9']+", fold(low).replace("-", " "))) + " "
    if any(f" {c} " in padded for c in country_words):
        return "names a country"
    return None


def country_names(path):
    """Lower-case word sequences of every country's name and aliases ("saudi arabia")."""
    out = set()
    for _, row in read_rows("gen_organisations", path):
        for s in [row["name"]] + items(row.get("aliases", "")):
            words = re.findall(r"[a-z0-9']+", fold(split_marker(s)[1].lower()).replace("-", " "))
            if words:
                out.add(" ".join(words))
    return out


def lower_tail_variants(surfaces):
    """'Hasm movement' for 'Hasm Movement' when 'Hasm' is a surface of the same row.

    The matcher rejects a hit whose capitals do not fit and does not fall back to
    a shorter surface at the same place, so without the variant "the Hasm
    movement" would name nothing.
    """
    bare = [split_marker(s)[1] for s in surfaces]
    keys = {b.lower() for b in bare}
    out = []
    for b in bare:
        words = b.split(" ")
        for i in range(len(words) - 1, 0, -1):
            tail = words[i:]
            if " ".join(words[:i]).lower() not in keys:
                continue
            if len(tail) <= 2 and all(w[:1].isupper() and w.lower() in TAIL_NOUNS for w in tail):
                variant = " ".join(words[:i] + [w.lower() for w in tail])
                if variant not in bare and variant not in out:
                    out.append(variant)
            break
    return out


def entity_surfaces(path):
    """lower-cased surface -> id, for every surface column of a gazetteer file."""
    out = {}
    for _, row in read_rows("gen_organisations", path):
        for col in ("name", "aliases", "demonyms", "capitals", "seats", "surnames"):
            for s in items(row.get(col, "")):
                if col == "surnames" and s == "-":
                    continue
                out.setdefault(split_marker(s)[1].lower().replace("\u2019", "'"), row["id"])
    return out


def main():
    check = "--check" in sys.argv[1:]
    common = read_common_words()
    curated = read_curated()
    ofac = read_ofac()
    ucdp = read_ucdp()
    country_words = country_names(COUNTRIES)
    others = entity_surfaces(COUNTRIES)
    for k, v in entity_surfaces(PEOPLE).items():
        others.setdefault(k, v)

    # Curated surfaces first: they are reviewed, and clashes among them fail.
    owner = {}
    for row in curated:
        for raw in [row["name"]] + items(row["aliases"]):
            mark, bare = split_marker(raw)
            key = bare.lower()
            if key in others and "!" not in mark:
                fail(f"{CURATED}:{row['line']}: {bare!r} is already {others[key]}'s; "
                     "drop it or mark the winner with '!'")
            if key in owner and owner[key] != row["id"] and "!" not in mark:
                fail(f"{CURATED}:{row['line']}: {bare!r} is also {owner[key]}'s")
            owner.setdefault(key, row["id"])

    cited_ofac = set()
    dropped_clash = []
    out = []
    for row in sorted(curated, key=lambda r: r["id"]):
        list_forms = []
        for src in row["sources"].split():
            kind, _, key = src.partition(":")
            if kind == "ofac":
                if key not in ofac:
                    fail(f"{CURATED}:{row['line']}: {src}: no such OFAC entity")
                cited_ofac.add(key)
                name, akas, _ = ofac[key]
                list_forms += [news_case(a) for a in [name] + akas]
            elif kind == "ucdp":
                if key not in ucdp:
                    fail(f"{CURATED}:{row['line']}: {src}: no such UCDP actor")
                list_forms += ucdp[key]
            elif src not in SOURCE_TAGS:
                fail(f"{CURATED}:{row['line']}: unknown source {src!r}")
        drop = {d.lower().replace("\u2019", "'") for d in items(row["drop"])}
        surfaces, seen = [], {row["name"].lower()}
        for raw in items(row["aliases"]):
            mark, bare = split_marker(raw)
            for form in (bare, fold(bare)):
                if form.lower() in seen and form != bare:
                    continue
                if form != bare and form in (s.lstrip("!?") for s in surfaces):
                    continue
                if form in (s.lstrip("!?") for s in surfaces) or (form == row["name"] and not mark):
                    continue
                seen.add(form.lower())
                surfaces.append(mark + form)
        if fold(row["name"]) != row["name"] and fold(row["name"]) not in surfaces:
            surfaces.append(fold(row["name"]))
            seen.add(fold(row["name"]).lower())
        for form in list_forms:
            form = " ".join(form.split())
            if form.startswith("The "):
                form = form[len("The "):]
            key = form.lower().replace("\u2019", "'")
            if key in seen or key in drop or "the " + key in drop or keep_list_alias(form, common, country_words):
                continue
            if any(key.startswith(s + " ") for s in seen):
                # "Houthi Group" after "Houthi": adds nothing, and its capital G
                # would make the matcher reject "the Houthi group" outright.
                continue
            clash = others.get(key) or (owner.get(key) if owner.get(key) != row["id"] else None)
            if clash:
                dropped_clash.append(f"{form} ({row['id']}; {clash}'s)")
                continue
            owner[key] = row["id"]
            seen.add(key)
            surfaces.append(form)
        surfaces += lower_tail_variants([row["name"]] + surfaces)
        out.append([row["id"], row["name"], "|".join(surfaces), row["category"]])

    fto = sorted((k for k, (_, _, p) in ofac.items() if "FTO" in p), key=int)
    uncited = [f"{k} {ofac[k][0]}" for k in fto if k not in cited_ofac]
    if uncited:
        fail("OFAC FTO entities no curated row cites: " + "; ".join(uncited))

    cats = {}
    for r in out:
        cats[r[3]] = cats.get(r[3], 0) + 1
    lines = [
        "# Organisations that geopolitical news names as actors: intergovernmental bodies and their",
        "# organs, alliances, governments and movements, parties, armed groups and groups designated",
        "# as terrorist organisations, cartels and gangs, NGOs.",
        "# GENERATED by scripts/gen_organisations.py: do not edit; edit scripts/organisations_curated.tsv",
        "#   and rerun. Ids are the folded titles of the English Wikipedia articles.",
        "# Sources: hand curation in scripts/organisations_curated.tsv (its header names the dated",
        "#   reports and official lists behind each designation tag); aliases also from:",
        f"#   US Treasury, OFAC, SDN List, snapshot of 3 May 2024 (sdn.csv sha256 {sha256(OFAC)}), public domain;",
        "#   every FTO-tagged entity of that snapshot is cited by a row;",
        "#   Uppsala Conflict Data Program, UCDP Actor Dataset version 22.1, Department of Peace and",
        f"#   Conflict Research, Uppsala University (https://ucdp.uu.se) (sha256 {sha256(UCDP)}), CC BY 4.0;",
        "#   PETRARCH2 Phoenix international actor dictionary (openeventdata/petrarch2 676801c, MIT),",
        "#   candidates reviewed by hand.",
        "# National ministries, armies and agencies resolve to their state and live in countries.tsv's",
        "#   seats column instead.",
        f"# {len(out)} organisations: " + ", ".join(f"{c} {cats[c]}" for c in sorted(cats)) + ".",
        f"# List aliases dropped because another entry claims them ({len(dropped_clash)}):",
    ]
    line = "#  "
    for d in sorted(dropped_clash):
        if len(line) + len(d) > 96 and line != "#  ":
            lines.append(line)
            line = "#  "
        line += " " + d + ";"
    if dropped_clash:
        lines.append(line)
    lines.append("\t".join(OUT_COLUMNS))
    lines += ["\t".join(r) for r in out]
    text = "\n".join(lines) + "\n"

    write_or_check("gen_organisations", OUT, text, f"{len(out)} organisations", check)

if __name__ == "__main__":
    main()
