#!/usr/bin/env python3
"""Generate gazetteers/countries.tsv from Debian's iso-codes and scripts/country_extras.tsv.

    python3 scripts/gen_countries.py          # rewrites gazetteers/countries.tsv
    python3 scripts/gen_countries.py --check  # exit 1 if the file is out of date

Sources
- /usr/share/iso-codes/json/iso_3166-1.json: every entry (alpha_3, name,
  official_name, common_name).
- /usr/share/iso-codes/json/iso_3166-3.json: the former states listed in
  FORMER (their alpha_3, their name).
- USER_ASSIGNED: states ISO 3166-1 leaves out that news names as actors,
  under the user-assigned code in common use (Kosovo as XKX, the code the
  European Commission, the IMF and the ECB use).
- scripts/country_extras.tsv: one hand-curated row per id (everyday name,
  aliases, demonyms, capitals, seats, and surfaces to drop).

What the script does to the data
- ISO names are put in natural word order ("Korea, Republic of" ->
  "Republic of Korea"); qualifier forms that news never writes ("Taiwan,
  Province of China", "Virgin Islands, British") are left out; a leading
  "the" is dropped; a parenthesised form is kept as written and also without
  its parenthesis ("Cocos (Keeling) Islands", "Cocos Islands").
- Every surface with diacritics also gets its plain-ASCII spelling
  ("Türkiye" -> "Turkiye", "Bogotá" -> "Bogota"), unless the extras row
  drops it ("Malé" must not give "Male").
- Surfaces are deduplicated within a row, keeping the first column that names
  them (name, aliases, demonyms, capitals, seats), in a fixed order: the
  output depends only on the inputs.

Markers on surfaces (kept as written in the extras): '!' wins a surface that
another entry also claims; '?' marks an ambiguous word (first name, US state)
that the matcher accepts only away from other capitalised words.
"""
import json
import os
import subprocess
import sys

import gazetteer_tsv
from gazetteer_tsv import fold, items, read_rows, sha256, split_marker, write_or_check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ISO1 = "/usr/share/iso-codes/json/iso_3166-1.json"
ISO3 = "/usr/share/iso-codes/json/iso_3166-3.json"
EXTRAS = os.path.join(HERE, "country_extras.tsv")
OUT = os.path.join(ROOT, "gazetteers", "countries.tsv")

# Former states (ISO 3166-3 alpha_3) that news still names. A former state
# whose name is still an everyday name of a current one (Burma, East Timor)
# is an alias of that state instead.
FORMER = ("ANT", "CSK", "DDR", "SCG", "SUN", "VDR", "YMD", "YUG", "ZAR")

# States with no ISO 3166-1 code, under the user-assigned code in common use.
USER_ASSIGNED = {"XKX": "Kosovo"}

EXTRA_COLUMNS = ["id", "name", "aliases", "demonyms", "capitals", "seats", "drop"]
OUT_COLUMNS = ["id", "name", "aliases", "demonyms", "capitals", "seats"]


def fail(msg):
    gazetteer_tsv.fail("gen_countries", msg)


def iso_codes_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def strip_article(s):
    for art in ("the ", "The "):
        if s.startswith(art):
            return s[len(art):]
    return s


def natural(name):
    """ISO name -> the forms news writes, in order ([] if none)."""
    name = strip_article(name.strip())
    if ", " in name:
        head, tail = name.split(", ", 1)
        tail = strip_article(tail)
        if tail.endswith(" of") or tail.endswith(" of the"):
            # "Bolivia, Plurinational State of" -> "Plurinational State of Bolivia"
            return natural(f"{tail} {head}")
        if " and " in tail:
            # "Bonaire, Sint Eustatius and Saba": a list, not an inversion.
            return [name]
        # "Virgin Islands, British", "Taiwan, Province of China",
        # "USSR, Union of ...": qualifiers; the extras give the real forms.
        return []
    if "(" in name and ")" in name:
        bare = " ".join(
            (name[: name.index("(")] + name[name.index(")") + 1:]).split()
        )
        return [name, bare] if bare else [name]
    return [name]


def read_extras():
    rows = {}
    for n, row in read_rows("gen_countries", EXTRAS, EXTRA_COLUMNS):
        if row["id"] in rows:
            fail(f"{EXTRAS}:{n}: {row['id']} twice")
        rows[row["id"]] = row
    return rows


def main():
    check = "--check" in sys.argv[1:]
    with open(ISO1, encoding="utf-8") as f:
        iso1 = json.load(f)["3166-1"]
    with open(ISO3, encoding="utf-8") as f:
        iso3 = json.load(f)["3166-3"]
    extras = read_extras()

    # id -> ISO names, the everyday one (common_name, else name) first.
    iso = {}
    for c in iso1:
        iso[c["alpha_3"]] = [c[k] for k in ("common_name", "name", "official_name") if k in c]
    former = {c["alpha_3"]: c for c in iso3 if c.get("alpha_3") in FORMER}
    for code in FORMER:
        if code not in former:
            fail(f"former state {code} is not in {ISO3}")
        if code in iso:
            fail(f"former state {code} is also an ISO 3166-1 code")
        iso[code] = [former[code]["name"]]
    for code, name in USER_ASSIGNED.items():
        if code in iso:
            fail(f"user-assigned code {code} is taken by ISO")
        iso[code] = [name]

    missing = sorted(set(iso) - set(extras))
    unknown = sorted(set(extras) - set(iso))
    if missing:
        fail(f"no row in {EXTRAS} for: {' '.join(missing)}")
    if unknown:
        fail(f"rows in {EXTRAS} for ids that are neither ISO 3166-1 nor FORMER: {' '.join(unknown)}")

    out = []
    for cid in sorted(iso):
        x = extras[cid]
        iso_forms = [n for name in iso[cid] for n in natural(name)]
        name = x["name"] or (iso_forms[0] if iso_forms else "")
        if name != name.strip() or "|" in name or "\t" in name:
            fail(f"{cid}: bad name {name!r}")
        if not name:
            fail(f"{cid}: ISO gives no natural name; set one in {EXTRAS}")
        drop = set(items(x["drop"]))
        seen = set()

        def collect(surfaces):
            result = []
            for raw in surfaces:
                mark, bare = split_marker(raw)
                if bare.startswith("the ") or (bare.startswith("The ") and bare != "The Hague"):
                    fail(f"{cid}: {raw!r}: write surfaces without a leading article")
                for form in (bare, fold(bare)):
                    if form in drop or form in seen:
                        continue
                    if form == name and not mark:
                        # The name column is matched anyway; repeat it only
                        # to mark it ("?Chad").
                        continue
                    seen.add(form)
                    result.append(mark + form)
            return result

        # The name's ASCII spelling ("Aland Islands") comes first among the aliases.
        aliases = collect([name] + items(x["aliases"]) + iso_forms)
        demonyms = collect(items(x["demonyms"]))
        capitals = collect(items(x["capitals"]))
        seats = collect(items(x["seats"]))
        out.append([cid, name, "|".join(aliases), "|".join(demonyms), "|".join(capitals), "|".join(seats)])

    version = iso_codes_version()
    lines = [
        "# Countries: every ISO 3166-1 entry, plus former states news still names (ISO 3166-3).",
        "# GENERATED by scripts/gen_countries.py: do not edit; edit scripts/country_extras.tsv and rerun.",
        f"# Source: Debian iso-codes {version}: {ISO1} (sha256 {sha256(ISO1)}),",
        f"#   {ISO3} (sha256 {sha256(ISO3)}), former states {' '.join(FORMER)};",
        "#   states ISO 3166-1 leaves out, under the user-assigned code in common use: "
        + ", ".join(f"{n} {c}" for c, n in USER_ASSIGNED.items()) + ";",
        "#   hand curation in scripts/country_extras.tsv (everyday names, former names, demonyms,",
        "#   capitals and seats of government, national institutions standing for the state).",
        "# Columns: id = ISO alpha-3; name = everyday English name; other columns are |-separated surfaces.",
        "# Markers: '!' wins a surface another entry also claims; '?' = ambiguous word, accepted",
        "#   only away from other capitalised words. ASCII spellings of diacritic forms are included.",
        "\t".join(OUT_COLUMNS),
    ] + ["\t".join(r) for r in out]
    text = "\n".join(lines) + "\n"

    write_or_check("gen_countries", OUT, text, f"{len(out)} countries", check)

if __name__ == "__main__":
    main()
