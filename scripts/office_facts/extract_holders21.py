#!/usr/bin/env python3
"""Re-derive dated office facts from every-politician-scrapers' holders21.csv files.

    python3 scripts/office_facts/extract_holders21.py MIRROR_DIR > scripts/office_facts/holders21.tsv

MIRROR_DIR holds read-only git snapshots of the every-politician-scrapers
country repositories (one `<owner>+<name>/repo` git directory each, as the
project's fetch tool leaves them). For each repository this reads, at its
newest commit, `html/holders21.csv` (position, person, Wikidata id, start,
end), `html/bio.csv` (the person's English Wikipedia title, where known) and
`meta.json` (the country); English Wikipedia titles also come from every
repository's `enwiki/index.csv` and from world-leaders-2021's `data/wikipedia.csv`. It keeps only the offices chancery records
(heads of state and government, foreign, defence and interior ministers,
government spokespeople) held in 2000 or later, and writes one fact a line.
It also reads world-leaders-2021's `data/wikidata.csv` (heads of state and
government in office in 2021 for every state, with start and end years).
Nothing of the snapshots is stored in the repository but these facts
(Wikidata's facts are CC0). scripts/gen_people.py reads the output.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTRIES = os.path.join(HERE, "..", "..", "gazetteers", "countries.tsv")

# meta.json spellings that are not a name or alias in countries.tsv.
JURISDICTION = {
    "Congo-Brazzaville": "COG",
    "Democratic Republic of the Congo": "COD",
    "Paraguary": "PRY",
    "the Federated States of Micronesia": "FSM",
    "Ivory Coast": "CIV",
    "Kosovo": "XKX",
}
# Repositories whose meta.json names no country.
REPO_COUNTRY = {"every-politician-scrapers/vietnam": "VNM"}
# The `world` repository lists offices of the United Nations: role and holder id.
UN_POSITIONS = {
    "Secretary-General of the United Nations": ("leader", "united-nations"),
    "Deputy Secretary-General of the United Nations": ("official", "united-nations"),
    "President of the United Nations General Assembly": ("leader", "united-nations-general-assembly"),
    "Judge of the International Court of Justice": ("official", "international-court-of-justice"),
}

HEAD_OF_STATE = re.compile(
    r"^(President|Federal President|King|Queen|monarch|Monarch|Emir|Sultan"
    r"|Grand Duke|Captain Regent|Chairman of the Presidency|President of the Republic"
    r"|President of the Federal Council|Yang di.pertuan Agong.*|Chairman of the Sovereignty Council"
    r"|Chairman of the State Affairs Commission|President of the State Affairs)$"
)
HEAD_OF_GOVERNMENT = re.compile(
    r"^(Prime Minister|Premier|Federal Chancellor|Chancellor|Taoiseach"
    r"|Chairman of the Council of Ministers|Chairman of the Cabinet of Ministers.*"
    r"|President of the Government|President of the Council of Ministers)$"
)
FOREIGN_MINISTER = re.compile(
    r"^(Federal )?(Minister|Secretary) (of|for) (the )?(Europe and )?(Foreign|External) (and European )?Affairs"
    r"(?!.*Trade$)|^Minister of International Relations and Cooperation$"
    r"|^Secretary of State for Foreign and Commonwealth Affairs$"
    r"|^Secretary of State for Foreign, Commonwealth and Development Affairs$|^Foreign Minister$"
)
MINISTER = re.compile(
    r"^(Federal )?(Minister|Secretary) (of|for) (the )?(National )?"
    r"(Defen[cs]e|Interior|Internal Affairs|Home Affairs|Public Security|Homeland Security)"
    r"( and [A-Z][a-z]+( [A-Z][a-z]+)*)?$"
    r"|^Secretary of State for Defence$|^Secretary of State for the Home Department$"
)
SPOKESPERSON = re.compile(r"^(Government|Presidential) Spokesperson$")
# The US Secretary of State is the foreign minister; elsewhere the title is a junior post.
US_FOREIGN = "Secretary of State"


# Labels a repository gives another post: India's "Minister of Foreign Affairs" rows are
# its Foreign Secretaries (a civil servant; positions.csv: Foreign Secretary of India);
# Austria's "President of the Federal Council" chairs a chamber of parliament.
MISLABELLED = {("IND", "Minister of Foreign Affairs"), ("AUT", "President of the Federal Council")}


def role_of(position, holder):
    if (holder, position) in MISLABELLED:
        return None
    if holder == "USA" and position == US_FOREIGN:
        return "foreign_minister"
    if position == "Supreme Leader":
        return "leader"
    for role, pattern in (
        ("head_of_state", HEAD_OF_STATE),
        ("head_of_government", HEAD_OF_GOVERNMENT),
        ("foreign_minister", FOREIGN_MINISTER),
        ("minister", MINISTER),
        ("spokesperson", SPOKESPERSON),
    ):
        if pattern.match(position):
            return role
    return None


def country_codes():
    names = {}
    with open(COUNTRIES, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            row = line.rstrip("\n").split("\t")
            if header is None:
                header = row
                continue
            for field in (row[1], row[2]):
                for name in field.split("|"):
                    names[name.lstrip("!?").lower()] = row[0]
    return names


def git(repo_dir, *args):
    out = subprocess.run(["git", "-C", repo_dir, *args], capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else None


def year(date):
    m = re.match(r"^(\d{4})", date or "")
    return int(m.group(1)) if m else None


def enwiki_titles(mirror):
    """Wikidata id -> English Wikipedia title, from every repository's enwiki/index.csv
    and from world-leaders-2021's data/wikipedia.csv (whose labels are enwiki titles)."""
    titles = {}
    for entry in sorted(os.listdir(mirror)):
        repo_dir = os.path.join(mirror, entry, "repo")
        if not entry.startswith("every-politician-scrapers+") or not os.path.isdir(repo_dir):
            continue
        for row in csv.DictReader(io.StringIO(git(repo_dir, "show", "HEAD:enwiki/index.csv") or "")):
            if row.get("wikidata") and row.get("title"):
                titles.setdefault(row["wikidata"], row["title"])
        wiki = git(repo_dir, "show", "HEAD:data/wikipedia.csv") if entry.endswith("world-leaders-2021") else None
        for row in csv.DictReader(io.StringIO(wiki or "")):
            if row.get("officeholder", "").startswith("Q") and row.get("officeholderlabel"):
                titles.setdefault(row["officeholder"], row["officeholderlabel"])
    return titles


# world-leaders-2021's position labels, without " of <state>": chancery's role.
LEADER_ROLES = {
    "President": "head_of_state", "president": "head_of_state", "monarch": "head_of_state",
    "Monarch": "head_of_state", "King": "head_of_state", "Sultan": "head_of_state",
    "Emir": "head_of_state", "emir": "head_of_state", "Druk Gyalpo": "head_of_state",
    "Ngwenyama": "head_of_state", "Emperor": "head_of_state", "Yang di-Pertuan Agong": "head_of_state",
    "O le Ao o le Malo": "head_of_state", "pope": "head_of_state", "Captain Regent": "head_of_state",
    "Prince": "head_of_state", "Prime Minister": "head_of_government",
    "Prime minister": "head_of_government", "Premier": "head_of_government",
    "Federal Chancellor": "head_of_government", "Taoiseach": "head_of_government",
    "Chairman of the Council of Ministers": "head_of_government",
    "Chairman of the Presidential Council": "head_of_state", "Supreme Leader": "leader",
}


def world_leaders_2021(repo_dir, codes, titles):
    """Heads of state and government around 2021 from world-leaders-2021's data/wikidata.csv."""
    commit = git(repo_dir, "rev-parse", "HEAD").strip()
    as_of = git(repo_dir, "log", "-1", "--format=%cs", "HEAD").strip()
    repo = "every-politician-scrapers/world-leaders-2021"
    for row in csv.DictReader(io.StringIO(git(repo_dir, "show", "HEAD:data/wikidata.csv") or "")):
        label = row["positionLabel"]
        if label.startswith(("President of the Government", "President of the Executive Yuan")):
            role = "head_of_government"
        elif label.startswith("President of the Pontifical Commission"):
            role = None
        else:
            role = LEADER_ROLES.get(re.sub(r" of .*$", "", label))
        name = re.sub(r"^(the |People's Republic of )", "", row["country"])
        holder = JURISDICTION.get(row["country"]) or codes.get(name.lower()) or codes.get(row["country"].lower())
        start, end = year(row["start_year"]), year(row["end_year"])
        if not role or not holder or start is None or (end is not None and (end < 2000 or end < start)):
            continue
        if role == "leader" and holder == "AFG":
            holder = "taliban"
        yield (row["officeholder"], row["officeholderLabel"].strip(), titles.get(row["officeholder"], ""),
               role, holder, str(start), "" if end is None else str(end), label, as_of,
               f"{repo}@{commit[:12]}")


def main():
    mirror = sys.argv[1]
    codes = country_codes()
    other_titles = enwiki_titles(mirror)
    facts = []
    leaders = os.path.join(mirror, "every-politician-scrapers+world-leaders-2021", "repo")
    if os.path.isdir(leaders):
        facts += list(world_leaders_2021(leaders, codes, other_titles))
    for entry in sorted(os.listdir(mirror)):
        repo_dir = os.path.join(mirror, entry, "repo")
        if not entry.startswith("every-politician-scrapers+") or not os.path.isdir(repo_dir):
            continue
        repo = entry.replace("+", "/", 1)
        holders = git(repo_dir, "show", "HEAD:html/holders21.csv")
        if not holders:
            continue
        commit = git(repo_dir, "rev-parse", "HEAD").strip()
        as_of = git(repo_dir, "log", "-1", "--format=%cs", "HEAD").strip()
        meta = json.loads(git(repo_dir, "show", "HEAD:meta.json") or "{}")
        jurisdiction = (meta.get("jurisdiction") or {}).get("name", "")
        holder = REPO_COUNTRY.get(repo) or JURISDICTION.get(jurisdiction)
        holder = holder or codes.get(re.sub(r"^the ", "", jurisdiction, flags=re.I).lower())
        if repo == "every-politician-scrapers/world":
            holder = "UN"
        if not holder:
            print(f"{repo}: no country for {jurisdiction!r}", file=sys.stderr)
            continue
        titles = {}
        for row in csv.DictReader(io.StringIO(git(repo_dir, "show", "HEAD:html/bio.csv") or "")):
            titles[row["id"]] = row.get("enwiki") or ""
        for row in csv.DictReader(io.StringIO(holders)):
            if holder == "UN":
                role, office_holder = UN_POSITIONS.get(row["position"].strip(), (None, None))
            else:
                role, office_holder = role_of(row["position"].strip(), holder), holder
                # Afghanistan's "Supreme Leader" is the Taliban's leader.
                if role == "leader" and holder == "AFG":
                    office_holder = "taliban"
            start, end = year(row["start"]), year(row["end"])
            if not role or (end is not None and end < 2000):
                continue
            if start is None and end is None:
                continue
            if start is not None and end is not None and end < start:
                continue  # a reversed term is a data error
            facts.append((
                row["personID"], row["person"].strip(),
                titles.get(row["personID"]) or other_titles.get(row["personID"], ""),
                role, office_holder, "" if start is None else str(start), "" if end is None else str(end),
                row["position"].strip(), as_of, f"{repo}@{commit[:12]}",
            ))
    facts.sort(key=lambda f: (f[4], f[3], f[5], f[1]))
    print("# Office facts re-derived from the every-politician-scrapers repositories'")
    print("# html/holders21.csv (Wikidata position-held statements, CC0), html/bio.csv and")
    print("# enwiki/index.csv (English Wikipedia titles; also world-leaders-2021's data/wikipedia.csv)")
    print("# and meta.json (the country), by")
    print("# scripts/office_facts/extract_holders21.py. Columns: wikidata = the person's")
    print("# Wikidata id; label = the Wikidata English label; enwiki = the English Wikipedia")
    print("# title where bio.csv gives one; role (chancery's); holder (ISO alpha-3, or the id of a UN body); from,")
    print("# to = years (to empty = in office when the repository was last scraped, as_of);")
    print("# position = the source's position label; source = repository@commit.")
    print("wikidata\tlabel\tenwiki\trole\tholder\tfrom\tto\tposition\tas_of\tsource")
    for f in facts:
        print("\t".join(f))


if __name__ == "__main__":
    main()
