#!/usr/bin/env python3
"""Generate gazetteers/people.tsv: curated rows plus dated office holders.

    python3 scripts/gen_people.py          # writes gazetteers/people.tsv
    python3 scripts/gen_people.py --check  # exit 1 if the file is not what it would write
    python3 scripts/gen_people.py --out PATH  # write elsewhere
    python3 scripts/gen_people.py --gaps   # list the uncovered seat-years per state (writes nothing)

Inputs (all in the repository):
- scripts/people_curated.tsv: hand-curated people (aliases, surnames, checked
  2026 facts). A curated row wins: its offices for a seat replace generated ones.
- scripts/office_facts/holders21.tsv: dated offices re-derived from Wikidata via
  the every-politician-scrapers repositories (scripts/office_facts/extract_holders21.py).
- scripts/office_facts/current_2026.tsv: heads of state and government checked
  current in 2026, which keep a generated term open.
- scripts/office_facts/recent_changes.tsv: 2022-2026 changes from dated reports;
  they replace the overlapping generated terms of the same seat.
- scripts/office_facts/gap_fills.tsv: the same format and rule: terms of 2000-2025 the
  extract lacks (found with --gaps), each with its source or marked "from memory".
- scripts/office_facts/enwiki_titles.tsv: checked English Wikipedia titles where
  the extracts' title or label differs.
- scripts/office_facts/wikidata_fixes.tsv: checked fixes to the extract's Wikidata facts:
  a second Wikidata item for one person (same_as: merged into the first, its label an
  alias) and a fact filed under a seat it is not (not_the_seat: dropped).
- scripts/office_facts/un_members.tsv: the states whose coverage the header reports, the
  year each began to exist where that is after 2000 (Timor-Leste 2002, Montenegro 2006,
  South Sudan 2011: no seat-year before it counts) and the presidential states, whose head
  of state fills the head_of_government seat.
- scripts/office_facts/seat_rules.tsv: seat-years the coverage treats by rule, each with
  its source: vacancies (Lebanon's presidency 2015, 2023-2024: not counted) and years a
  state had no separate head of government (Chad 2019-2020, the Palestinian Authority
  before 2003, Myanmar 2011-2020, Switzerland's collegial Federal Council chaired by the
  President of the Confederation, San Marino's Captains Regent chairing the Congress of
  State): the head of state fills that seat.
  Shared seats: lint allows one head of state at a time, so San Marino's two Captains
  Regent keep their April-October terms (one year each) but of an October-April pair only
  one keeps the term (rule 2 below); Andorra's head_of_state seat holds the episcopal
  co-prince, the Bishop of Urgell (the French co-prince is France's president, whose
  seat is FRA's); Bosnia and Herzegovina's seat holds the chair of the Presidency.
- gazetteers/countries.tsv, gazetteers/organisations.tsv, gazetteers/non_actors.tsv:
  surfaces a person's name variant must not take, and valid holder ids.
- scripts/office_facts/refused_variants.tsv: generated spelling variants no entry may take,
  each with the text it would wrongly match (a variant that is the start of another
  person's longer name, e.g. "Mohammad Yunus" in "Mohammad Yunus Yawar").
- scripts/office_facts/place_names.txt: names of towns and cities (GeoNames, written by
  scripts/gen_place_names.py), which no generated bare surname may be.

What it does, by rule (no per-person hand edits):
1. One entry per person: id = the English Wikipedia title (disambiguation
   dropped) folded per the output contract; the Wikidata label is an alias. Two
   people of one bare title in the extract give neither; a fact row (recent_changes,
   gap_fills) whose title keeps the disambiguation ("Andris Bērziņš (Latvian Prime
   Minister)") is such a homonym: its id and name keep it, the bare name is the other's.
2. Offices: the extract's terms merged per seat; a term still open when the
   source was scraped ends where the next holder of the same single seat
   begins, stays open if current_2026.tsv confirms it, else ends at the year
   the source last showed it (the last year known in office). Single-seat
   overlaps (two heads of state at once) are cut at the later term's start;
   a term nested inside another's is dropped.
   Positions the extract maps to a role they do not have in that state are skipped
   (NOT_THE_ROLE: Switzerland's Federal Chancellor is not its head of government).
3. Name variants: diacritics folded, Arabic article forms (al-/Al /el-, and
   without it), Mohammed/Muhammad/Mohamed/Mohammad, Sergei/Sergey-style
   Russian endings, Ukrainian Volodymyr as Russian Vladimir (one way), Mahmud/Mahmoud, hyphen/space, royal and Gulf titles
   before monarchs (King Salman, Emir Tamim, King Charles III). No "Prince" or
   "Sheikh" forms: rules read "Crown Prince X" as a title before the name, and an
   alias starting with the title would swallow it.
4. Clashes are resolved explicitly: a generated variant claimed by two
   entries (case-insensitively), or already a surface of a country,
   organisation, non-actor or curated person, is dropped from every
   generated claimant; a generated person whose own name is taken is left out.
5. Surnames: the `surnames` column is written for generated people: the last
   name word only where it is distinctive (not a common English word, not
   shared with another person, not a surface of anything, not the name of a town or
   city in place_names.txt: a lone "Kumba" is the Cameroonian town), and only for people
   in office at the latest source (an open term); otherwise "-" (no
   bare-surname mentions: a lone surname of a past office holder is more often
   someone else, or a word).
"""
import collections
import csv
import os
import re
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CURATED = os.path.join(ROOT, "scripts", "people_curated.tsv")
FACTS = os.path.join(ROOT, "scripts", "office_facts", "holders21.tsv")
CURRENT = os.path.join(ROOT, "scripts", "office_facts", "current_2026.tsv")
RECENT = os.path.join(ROOT, "scripts", "office_facts", "recent_changes.tsv")
# Further dated facts in the same format: terms the holders21 extract lacks (gap fills).
RECENT_FILES = [RECENT, os.path.join(ROOT, "scripts", "office_facts", "gap_fills.tsv")]
TITLES = os.path.join(ROOT, "scripts", "office_facts", "enwiki_titles.tsv")
WIKIDATA_FIXES = os.path.join(ROOT, "scripts", "office_facts", "wikidata_fixes.tsv")
UN_MEMBERS = os.path.join(ROOT, "scripts", "office_facts", "un_members.tsv")
SEAT_RULES = os.path.join(ROOT, "scripts", "office_facts", "seat_rules.tsv")
OUT = os.path.join(ROOT, "gazetteers", "people.tsv")
OTHER_FILES = ["countries.tsv", "organisations.tsv", "non_actors.tsv"]
LINT_WORDS = os.path.join(ROOT, "src", "lint_words.txt")
PLACE_NAMES = os.path.join(ROOT, "scripts", "office_facts", "place_names.txt")
REFUSED_VARIANTS = os.path.join(ROOT, "scripts", "office_facts", "refused_variants.tsv")

# G20 states; with the states at least NEWS_HOLDERS curated people hold offices for (the
# states in the news), they keep their generated ministers and spokespeople. Elsewhere
# only heads of state and government, foreign ministers and UN posts are generated:
# every surface costs matching time on every text.
G20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN",
       "KOR", "MEX", "RUS", "SAU", "TUR", "USA", "ZAF"}
NEWS_HOLDERS = 3
LESSER_ROLES = {"minister", "spokesperson"}
# Positions the extract maps to a role they do not have in that state: Switzerland's
# Federal Chancellor heads the Federal Council's staff, not the government (the collegial
# Federal Council is; seat_rules.tsv).
NOT_THE_ROLE = {("CHE", "head_of_government", "Chancellor")}
SINGLE_SEAT = {"head_of_state", "head_of_government", "foreign_minister"}
ROLE_RANK = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2,
             "minister": 3, "spokesperson": 4, "leader": 5, "official": 6}

# Transliteration families: every member is rewritten to every other.
FAMILIES = [
    ["Mohammed", "Muhammad", "Mohamed", "Mohammad"],
    ["Mahmoud", "Mahmud"],
    ["Sergei", "Sergey"],
    ["Andrei", "Andrey"],
    ["Alexei", "Alexey", "Aleksei", "Aleksey"],
    ["Dmitry", "Dmitri"],
    ["Yuri", "Yury"],
    ["Nikolai", "Nikolay"],
    ["Yevgeny", "Evgeny"],
    ["Hussein", "Hussain"],
]
# One-way rewrites: Ukrainian names in the Russian form news also uses ("Vladimir
# Zelensky"); never the other way ("Volodymyr Putin" is nobody's spelling).
ONE_WAY = [("Volodymyr", "Vladimir")]
# Royal styles news puts before a monarch's name, by the state they reign over.
ROYAL_TITLE = {
    "GBR": "King", "ESP": "King", "NLD": "King", "BEL": "King", "SWE": "King", "NOR": "King",
    "DNK": "King", "THA": "King", "BTN": "King", "LSO": "King", "SWZ": "King", "TON": "King",
    "KHM": "King", "SAU": "King", "JOR": "King", "MAR": "King", "BHR": "King",
    "QAT": "Emir", "KWT": "Emir", "OMN": "Sultan", "BRN": "Sultan",
}
QUEENS = {"Elizabeth", "Margrethe", "Beatrix"}

SPECIAL_FOLD = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th", "ð": "d",
                "Þ": "Th", "Ð": "D", "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'"}


def fold(s):
    """Plain-ASCII spelling with case and punctuation kept."""
    s = "".join(SPECIAL_FOLD.get(c, c) for c in s)
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def make_id(title):
    """The output contract's id: folded, lower case, punctuation dropped, hyphen-joined."""
    s = fold(title).lower()
    s = re.sub(r"['.`]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def bare_title(title):
    """'Stephen Smith (Australian politician)' -> 'Stephen Smith'; drops peerage styles."""
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title).strip()
    title = re.sub(r",\s*(Baron|Baroness|Lord|Lady|Viscount|Earl)\b.*$", "", title).strip()
    return title


def read_tsv(path):
    """(comment lines, header, rows as dicts)."""
    comments, header, rows = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                if header is None:
                    comments.append(line)
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            rows.append(dict(zip(header, fields)))
    return comments, header, rows


def split(field):
    return [x.strip() for x in field.split("|") if x.strip()] if field else []


def surface_text(s):
    return s.lstrip("!?")


def parse_office(item):
    m = re.match(r"^([a-z_]+)@([^:]+):(\d*)-(\d*)$", item)
    if not m:
        raise SystemExit(f"bad office {item!r}")
    role, holder, a, b = m.groups()
    return [role, holder, int(a) if a else None, int(b) if b else None]


def format_office(o):
    role, holder, a, b = o
    return f"{role}@{holder}:{'' if a is None else a}-{'' if b is None else b}"


# ---------------------------------------------------------------- variants

def variants(name):
    """Spelling variants of a full name, by rule."""
    out = {name}
    # Transliteration families: one family rewritten at a time (no products of families).
    words = name.split(" ")
    for fam in FAMILIES:
        if any(w in fam for w in words):
            for other in fam:
                out.add(" ".join(other if w in fam else w for w in words))
    for source, target in ONE_WAY:
        if source in words:
            out.add(" ".join(target if w == source else w for w in words))
    # Arabic article: al-X / Al X / el-X, and without it when the name keeps two words.
    for form in list(out):
        words = form.split(" ")
        for i, w in enumerate(words):
            m = re.match(r"^(al|el)-([A-Z].*)$", w)
            if m and i > 0:
                rest = m.group(2)
                for repl in (f"al-{rest}", f"Al {rest}", f"el-{rest}"):
                    out.add(" ".join(words[:i] + [repl] + words[i + 1:]))
                if len(words) >= 2:
                    out.add(" ".join(words[:i] + [rest] + words[i + 1:]))
    # Hyphens between two capitalised parts: 'Abdel-Fattah' <-> 'Abdel Fattah'.
    for form in list(out):
        if re.search(r"[A-Z][a-z]+-[A-Z]", form) and not re.search(r"\b(al|el|Al|El)-", form):
            out.add(re.sub(r"(?<=[a-z])-(?=[A-Z])", " ", form))
    # Diacritics.
    for form in list(out):
        out.add(fold(form))
    out.discard(name)
    # Keep names of at least two words; never a lower-case start.
    return sorted(v for v in out if " " in v and v[:1].isupper() and v.strip() == v)


def royal_forms(name, offices):
    """'Charles III' -> 'King Charles III', 'King Charles'; 'Salman of Saudi Arabia' -> 'King Salman'."""
    out = []
    monarchies = [o[1] for o in offices if o[0] == "head_of_state" and o[1] in ROYAL_TITLE]
    if not monarchies:
        return out
    title = ROYAL_TITLE[monarchies[0]]
    m = re.match(r"^([A-Z][a-z]+)( [IVX]+)?( of .+)?$", name)
    if not m:
        return out
    given, number = m.group(1), (m.group(2) or "")
    if title == "King" and given in QUEENS:
        title = "Queen"
    out.append(f"{title} {given}{number}")
    out.append(f"{title} {given}")
    return out


# ---------------------------------------------------------------- offices

def merge_terms(terms):
    """Union of one person's overlapping terms in one seat."""
    terms = sorted(terms, key=lambda t: (t[2] or 0))
    out = []
    for t in terms:
        if out and out[-1][0] == t[0] and out[-1][1] == t[1]:
            last = out[-1]
            end = None if last[3] is None or t[3] is None else max(last[3], t[3])
            if last[3] is None or t[2] is None or t[2] <= last[3] + 1:
                last[3] = end if t[2] is not None else last[3]
                continue
        out.append(list(t))
    return out


def overlap(o, q):
    """More than a shared hand-over year in common (what lint calls one seat twice)."""
    if o[2] is None or q[2] is None:
        return False
    return max(o[2], q[2]) < min(9999 if o[3] is None else o[3], 9999 if q[3] is None else q[3])


def nested(o, q):
    """o lies within q."""
    return q[2] <= o[2] and (q[3] is None or (o[3] is not None and o[3] <= q[3]))


def settle_seats(people, curated_ids, fixed):
    """Close open terms at the next holder's start; cut or drop single-seat overlaps."""
    seats = collections.defaultdict(list)
    for pid, p in people.items():
        for o in p["offices"]:
            if o[0] in SINGLE_SEAT:
                seats[(o[0], o[1])].append((pid, o))
    for terms in seats.values():
        terms.sort(key=lambda x: (x[1][2] or 0, x[0]))
        dropped = set()
        # 1. A generated term inside another holder's term (an acting holder) goes.
        for i, (pid, o) in enumerate(terms):
            if pid in curated_ids or id(o) in fixed or o[2] is None:
                continue
            for qid, q in terms:
                if qid != pid and q[2] is not None and overlap(o, q) and nested(o, q) \
                        and not (nested(q, o) and qid not in curated_ids and (q[2], qid) > (o[2], pid)):
                    dropped.add(id(o))
                    break
        live = [(pid, o) for pid, o in terms if id(o) not in dropped]
        # 2. An earlier generated term ends where the next holder's begins.
        for i, (pid, o) in enumerate(live):
            if pid in curated_ids or id(o) in fixed or o[2] is None:
                continue
            for qid, q in live[i + 1:]:
                if qid != pid and q[2] is not None and q[2] > o[2] and overlap(o, q):
                    o[3] = q[2]
                    break
        # 3. Whatever generated term still overlaps another holder's goes.
        for pid, o in live:
            if pid in curated_ids or id(o) in fixed:
                continue
            if any(qid != pid and id(q) not in dropped and overlap(o, q) for qid, q in live):
                dropped.add(id(o))
        for pid, o in terms:
            if id(o) in dropped:
                o.append("drop")
    for p in people.values():
        p["offices"] = [o for o in p["offices"] if len(o) == 4]


# ---------------------------------------------------------------- main

def load_taken():
    """Lower-cased surfaces of countries, organisations and non-actors and the refused
    variants (refused_variants.tsv), and valid holder ids."""
    taken, ids = set(), set()
    _, _, refused = read_tsv(REFUSED_VARIANTS)
    taken.update(surface_text(r["variant"]).lower() for r in refused)
    for name in OTHER_FILES:
        _, header, rows = read_tsv(os.path.join(ROOT, "gazetteers", name))
        for r in rows:
            if "id" in r:
                ids.add(r["id"])
            for col in ("name", "aliases", "demonyms", "capitals", "seats", "surface"):
                for s in split(r.get(col, "")):
                    taken.add(surface_text(s).lower())
    return taken, ids


def apply_wikidata_fixes(facts):
    """The extract's facts with wikidata_fixes.tsv applied, and {kept id: merged labels}.

    A same_as item's facts take the kept item's id, label and title (so the person keeps
    one name whichever fact comes first); a not_the_seat fact is dropped."""
    _, _, rows = read_tsv(WIKIDATA_FIXES)
    same_as, not_seat = {}, set()
    for r in rows:
        if r["fix"] == "same_as":
            same_as[r["wikidata"]] = r["value"]
        elif r["fix"] == "not_the_seat":
            role, holder, start, _ = parse_office(r["value"] + "-")
            not_seat.add((r["wikidata"], role, holder, start))
        else:
            raise SystemExit(f"{WIKIDATA_FIXES}: unknown fix {r['fix']!r}")
    kept = {f["wikidata"]: f for f in facts if f["wikidata"] in same_as.values()}
    missing = sorted(set(same_as.values()) - set(kept))
    if missing:
        raise SystemExit(f"{WIKIDATA_FIXES}: same_as names ids the extract lacks: {missing}")
    out, merged_labels = [], collections.defaultdict(list)
    for f in facts:
        start = int(f["from"]) if f["from"] else None
        if (f["wikidata"], f["role"], f["holder"], start) in not_seat:
            continue
        if f["wikidata"] in same_as:
            k = kept[same_as[f["wikidata"]]]
            label = bare_title(f["label"])
            if label not in merged_labels[k["wikidata"]]:
                merged_labels[k["wikidata"]].append(label)
            f = dict(f, wikidata=k["wikidata"], label=k["label"], enwiki=k["enwiki"])
        out.append(f)
    return out, merged_labels


def load_place_names():
    """Lower-cased names of towns and cities a generated bare surname must not be."""
    with open(PLACE_NAMES, encoding="utf-8") as f:
        return {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}


def main():
    args = sys.argv[1:]
    check = "--check" in args
    out_path = args[args.index("--out") + 1] if "--out" in args else OUT
    taken, holder_ids = load_taken()
    common = {w.strip().lower() for w in open(LINT_WORDS, encoding="utf-8") if w.strip()
              and not w.startswith("#")}
    places = load_place_names()
    cur_comments, cur_header, curated = read_tsv(CURATED)
    _, _, facts = read_tsv(FACTS)
    _, _, current = read_tsv(CURRENT)
    confirmed = {(r["holder"], r["role"], make_id(r["name"])) for r in current}

    people = {}
    curated_ids = set()
    curated_surface = {}
    for r in curated:
        offices = [parse_office(x) for x in split(r["offices"])]
        people[r["id"]] = {"id": r["id"], "name": r["name"], "aliases": split(r["aliases"]),
                           "offices": offices, "surnames": r["surnames"], "curated": True,
                           "generated_aliases": []}
        curated_ids.add(r["id"])
        for s in [r["name"]] + split(r["aliases"]):
            curated_surface[surface_text(s).lower()] = r["id"]

    holders_of = collections.Counter()
    for r in curated:
        for h in {parse_office(x)[1] for x in split(r["offices"])}:
            holders_of[h] += 1
    news_states = G20 | {h for h, n in holders_of.items() if n >= NEWS_HOLDERS}
    # Group the facts by person (Wikidata id); checked titles replace the extracts'.
    _, _, title_rows = read_tsv(TITLES)
    checked_titles = {r["wikidata"]: r["title"] for r in title_rows}
    facts, merged_labels = apply_wikidata_fixes(facts)
    by_qid = collections.OrderedDict()
    for f in facts:
        if f["wikidata"] in checked_titles:
            f = dict(f, label=f["enwiki"] or f["label"], enwiki=checked_titles[f["wikidata"]])
        if f["holder"] not in holder_ids or (f["holder"], f["role"], f["position"]) in NOT_THE_ROLE:
            continue
        if f["role"] in LESSER_ROLES and f["holder"] not in news_states:
            continue
        by_qid.setdefault(f["wikidata"], []).append(f)
    gen_ids = collections.defaultdict(list)
    for qid, fs in by_qid.items():
        title = bare_title(fs[0]["enwiki"] or fs[0]["label"])
        label = bare_title(fs[0]["label"])
        pid = make_id(title)
        gen_ids[pid].append(qid)
    seat_facts = collections.defaultdict(list)
    for qid, fs in by_qid.items():
        title = bare_title(fs[0]["enwiki"] or fs[0]["label"])
        label = bare_title(fs[0]["label"])
        pid = make_id(title)
        if not pid or len(gen_ids[pid]) > 1:
            continue  # two people, one id: neither is generated
        # A curated person under another title: its name or an alias.
        target = pid if pid in people else curated_surface.get(title.lower()) or \
            curated_surface.get(label.lower())
        offices = []
        for f in fs:
            a = int(f["from"]) if f["from"] else None
            b = int(f["to"]) if f["to"] else None
            if b is None and (f["holder"], f["role"], pid) not in confirmed:
                b = int(f["as_of"][:4])
                seat_facts[(f["role"], f["holder"])].append(pid)
            offices.append([f["role"], f["holder"], a, b])
        if target and target in people:
            # A curated person gains only the seats it lacks, and only terms the
            # source closes: its open terms were not re-checked.
            p = people[target]
            have = {(o[0], o[1]) for o in p["offices"]}
            closed = [f["to"] != "" for f in fs]
            added = [o for o, c in zip(offices, closed) if c and (o[0], o[1]) not in have]
            grouped = collections.defaultdict(list)
            for o in added:
                grouped[(o[0], o[1])].append(o)
            p["offices"] += [t for terms in grouped.values() for t in merge_terms(terms)]
            continue
        if " " not in title or title.lower() in taken:
            continue
        aliases = [label] if label != title and " " in label else []
        aliases += [a for a in merged_labels.get(qid, []) if a not in aliases and a != title]
        people[pid] = {"id": pid, "name": title, "aliases": aliases, "offices": offices,
                       "surnames": None, "curated": False, "generated_aliases": [],
                       "label_only": not fs[0]["enwiki"]}

    # Offices: merge per seat, then settle single seats.
    for p in people.values():
        grouped = collections.defaultdict(list)
        for o in p["offices"]:
            grouped[(o[0], o[1])].append(o)
        if p["curated"]:
            continue
        p["offices"] = [t for terms in grouped.values() for t in merge_terms(terms)]
    fixed = apply_recent(people)
    settle_seats(people, curated_ids | set(), fixed)
    for pid in [pid for pid, p in people.items() if not p["offices"] and not p["curated"]]:
        del people[pid]

    # Name variants, then explicit clash resolution.
    claims = collections.defaultdict(set)
    for p in people.values():
        for s in [p["name"]] + p["aliases"]:
            claims[surface_text(s).lower()].add(p["id"])
    for p in people.values():
        own = {surface_text(s).lower() for s in [p["name"]] + p["aliases"]}
        extra = []
        for s in [p["name"]] + [a for a in p["aliases"] if not a.startswith(("!", "?"))]:
            extra += variants(s)
        extra += royal_forms(p["name"], p["offices"])
        for v in extra:
            if v.lower() not in own and v not in p["generated_aliases"]:
                p["generated_aliases"].append(v)
                claims[v.lower()].add(p["id"])
    explicit = {}
    for p in people.values():
        for s in [p["name"]] + p["aliases"]:
            explicit.setdefault(surface_text(s).lower(), set()).add(p["id"])
    dropped_variants = 0
    for p in people.values():
        keep = []
        for v in p["generated_aliases"]:
            k = v.lower()
            if k in taken or len(claims[k]) > 1 or (k in explicit and explicit[k] != {p["id"]}):
                dropped_variants += 1
                continue
            keep.append(v)
        p["generated_aliases"] = keep
    # A generated person's name or alias another entry also holds: drop the alias,
    # or the person if it is the name.
    for pid in sorted(people):
        p = people[pid]
        if p["curated"]:
            continue
        if len(explicit[p["name"].lower()]) > 1:
            del people[pid]
            continue
        p["aliases"] = [a for a in p["aliases"] if len(explicit[a.lower()]) == 1]

    # Surnames of generated people.
    derived = collections.Counter()
    for p in people.values():
        for s in surname_candidates(p):
            derived[s.lower()] += 1
    generated_count = 0
    for p in people.values():
        if p["curated"]:
            continue
        generated_count += 1
        recent = any(o[3] is None for o in p["offices"])
        ok = [s for s in surname_candidates(p)
              if recent and derived[s.lower()] == 1 and s.lower() not in common
              and s.lower() not in taken and s.lower() not in claims and len(s) >= 4
              and s.lower() not in places]
        p["surnames"] = "|".join(ok) if ok else "-"

    rows = []
    for pid in sorted(people):
        p = people[pid]
        aliases = p["aliases"] + p["generated_aliases"]
        rank = sorted(p["offices"], key=lambda o: (o[2] or 0, ROLE_RANK.get(o[0], 9), o[1]))
        offices = "|".join(format_office(o) for o in rank) if not p["curated"] else \
            "|".join(format_office(o[:4]) for o in p["offices"])
        rows.append("\t".join([pid, p["name"], "|".join(aliases), offices, p["surnames"] or ""]))

    if "--gaps" in args:
        print_gaps(people)
        return
    counts = office_counts(people)
    filled, total, states, empty = coverage(people)
    header = HEADER.format(
        states=states, filled=filled, seat_years=total, share=filled / total, n_empty=len(empty),
        empty=wrap(" ".join(sorted(empty))),
        total=len(people), curated=len(curated_ids), generated=generated_count,
        offices=counts["all"], hos=counts["head_of_state"], hog=counts["head_of_government"],
        fm=counts["foreign_minister"], dropped=dropped_variants,
        news_states=wrap(" ".join(sorted(h for h in news_states if re.match(r"^[A-Z]{3}$", h)))),
        news_holders=NEWS_HOLDERS,
        holder_states=len({o[1] for p in people.values() if not p["curated"]
                           for o in p["offices"] if re.match(r"^[A-Z]{3}$", o[1])}),
        label_only=sum(1 for p in people.values() if p.get("label_only")))
    cur_notes = "\n".join(c for c in cur_comments if c.startswith("#"))
    text = header + "# --- notes of the curated file (scripts/people_curated.tsv) ---\n" + \
        cur_notes + "\nid\tname\taliases\toffices\tsurnames\n" + "\n".join(rows) + "\n"
    if check:
        old = open(out_path, encoding="utf-8").read()
        if old != text:
            print(f"{out_path} is not what scripts/gen_people.py writes", file=sys.stderr)
            sys.exit(1)
        return
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{len(people)} people ({len(curated_ids)} curated, {generated_count} generated), "
          f"{counts['all']} offices; {dropped_variants} clashing variants dropped", file=sys.stderr)


def apply_recent(people):
    """Dated 2022-2026 changes: they replace overlapping generated terms of the same seat."""
    rows = [r for path in RECENT_FILES for r in read_tsv(path)[2]]
    fixed, fixed_rows, open_ended = set(), set(), set()
    for r in rows:
        title, pid = row_title_and_id(r["title"])
        term = [r["role"], r["holder"], int(r["from"]) if r["from"] else None,
                int(r["to"]) if r["to"] else None]
        p = people.setdefault(pid, {"id": pid, "name": title, "aliases": [], "offices": [],
                                    "surnames": None, "curated": False, "generated_aliases": []})
        if p["curated"]:
            continue
        p["aliases"] += [a for a in split(r.get("aliases", "")) if a not in p["aliases"]]
        p["offices"] = [o for o in p["offices"] if id(o) in fixed or not (
            o[0] == term[0] and o[1] == term[1] and (o[2] is None or overlap(o, term) or o[2] == term[2]
                                                     or nested(o, term)))]
        # A term of the same seat that shares a year with this one (another row, or a
        # generated term ending in the hand-over year) is one term: lint refuses two. A row
        # whose source says the holder was "in office to at least 2024" (2025 not checked)
        # and a row from 2025 are one term too; other terms in consecutive years stay apart
        # (a break between them is real: an acting holder, a year out of office).
        for o in [o for o in p["offices"] if o[0] == term[0] and o[1] == term[1] and
                  touches(o, term, 1 if id(o) in open_ended else 0)]:
            p["offices"].remove(o)
            fixed.discard(id(o))
            term[2] = min(o[2], term[2])
            term[3] = None if o[3] is None and id(o) in fixed_rows or term[3] is None else \
                max(term[3], o[3] if o[3] is not None else term[3])
        p["offices"].append(term)
        fixed.add(id(term))
        fixed_rows.add(id(term))
        if "in office to at least 2024" in r["source"]:
            open_ended.add(id(term))
    return fixed


def row_title_and_id(title):
    """A fact row's name and id. A title that keeps its Wikipedia disambiguation names a
    homonym whose bare name another person holds: id and name keep the disambiguation
    (the output contract's form of the full title), so the two stay apart and the bare
    name stays with the other."""
    if bare_title(title) != title and title.endswith(")"):
        return title, make_id(title)
    return bare_title(title), make_id(bare_title(title))


def touches(o, q, slack=0):
    """Two dated terms with at least one year in common (slack=1: or in consecutive years)."""
    if o[2] is None or q[2] is None:
        return False
    return max(o[2], q[2]) <= min(9999 if o[3] is None else o[3], 9999 if q[3] is None else q[3]) + slack


def wrap(text, width=88):
    lines, line = [], "#  "
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = "#  "
        line += " " + word
    return "\n".join(lines + [line])


def surname_candidates(p):
    """What the loader derives: the last word of the name and of multi-word aliases."""
    out = []
    for s in [p["name"]] + p["aliases"] + p["generated_aliases"]:
        s = surface_text(s)
        if " of " in s or " " not in s:
            continue
        last = s.rsplit(" ", 1)[1].rstrip(".")
        if last in ("Jr", "Sr", "II", "III", "IV"):
            continue
        for form in (last, re.sub(r"^(al|Al|el|El|ad|as|ash|az)-", "", last)):
            if len(form) >= 3 and form[:1].isupper() and form not in out:
                out.append(form)
    return out


def load_seat_rules():
    """(state, role) -> {year: rule} from seat_rules.tsv."""
    _, _, rows = read_tsv(SEAT_RULES)
    rules = collections.defaultdict(dict)
    for r in rows:
        if r["rule"] not in ("vacant", "head_of_state"):
            raise SystemExit(f"{SEAT_RULES}: unknown rule {r['rule']!r}")
        for y in range(int(r["from"]), int(r["to"]) + 1):
            rules[(r["state"], r["role"])][y] = r["rule"]
    return rules


def seat_years(people):
    """(holder, role) -> {year: [person ids]} for the years 2000-2025."""
    years = collections.defaultdict(lambda: collections.defaultdict(list))
    for p in people.values():
        for role, holder, a, b in (o[:4] for o in p["offices"]):
            for y in range(max(a or 2000, 2000), min(2025 if b is None else b, 2025) + 1):
                years[(holder, role)][y].append(p["id"])
    return years


def seat_table(people):
    """Per UN member or observer and seat: (counted years, {year: holders}).

    A year counts from the state's `since` year (un_members.tsv) unless seat_rules.tsv
    calls the seat vacant then. A head_of_government year is filled by the head of state
    in every year of a state un_members.tsv marks `government` head_of_state (presidential
    republics) and in the years seat_rules.tsv says the head of state led the government."""
    _, _, rows = read_tsv(UN_MEMBERS)
    rules = load_seat_rules()
    years = seat_years(people)
    table = []
    for r in rows:
        first = int(r["since"]) if r.get("since") else 2000
        for role in ("head_of_state", "head_of_government", "foreign_minister"):
            rule = rules.get((r["id"], role), {})
            counted = [y for y in range(first, 2026) if rule.get(y) != "vacant"]
            own = years[(r["id"], role)]
            hos = years[(r["id"], "head_of_state")]
            presidential = role == "head_of_government" and r.get("government") == "head_of_state"
            seat = {}
            for y in counted:
                if own.get(y):
                    seat[y] = own[y]
                elif (presidential or rule.get(y) == "head_of_state") and hos.get(y):
                    seat[y] = hos[y]
            table.append((r["id"], role, counted, seat))
    return table


def print_gaps(people):
    """The uncovered seat-years per UN member or observer, G20 first, then the most missing;
    each seat with its missing years and its last holder before the first gap."""
    by_state = collections.defaultdict(list)
    for state, role, counted, seat in seat_table(people):
        by_state[state].append((role, counted, seat))
    report = []
    for state, seats in by_state.items():
        lines, missing = [], 0
        for role, counted, seat in seats:
            gap = [y for y in counted if y not in seat]
            if not gap:
                continue
            missing += len(gap)
            before = [y for y in seat if y < gap[0]]
            last = f"{', '.join(seat[max(before)])} to {max(before)}" if before else "none"
            lines.append(f"  {role}: {compact_years(gap)} (last before: {last})")
        if lines:
            report.append((state not in G20, -missing, state, lines))
    for _, neg, state, lines in sorted(report):
        print(f"{state} {-neg} seat-years missing")
        print("\n".join(lines))


def compact_years(ys):
    """[2001, 2002, 2003, 2007] -> '2001-2003 2007'."""
    out, start = [], None
    for i, y in enumerate(ys):
        if start is None:
            start = y
        if i + 1 == len(ys) or ys[i + 1] != y + 1:
            out.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return " ".join(out)


def coverage(people):
    """Share of the counted (UN member or observer, seat, year 2000-2025) filled, and the
    seats with no holder in any counted year (seat_table says what counts)."""
    filled = total = 0
    empty, states = [], set()
    for state, role, counted, seat in seat_table(people):
        states.add(state)
        filled += len(seat)
        total += len(counted)
        if counted and not seat:
            empty.append(f"{state}:{role}")
    return filled, total, len(states), empty


def office_counts(people):
    c = collections.Counter()
    for p in people.values():
        for o in p["offices"]:
            c[o[0]] += 1
            c["all"] += 1
    return c


HEADER = """\
# People that geopolitical news names, with dated offices.
# GENERATED by scripts/gen_people.py: do not edit; edit scripts/people_curated.tsv or the
#   facts in scripts/office_facts/ and rerun.
# {total} people: {curated} hand-curated (scripts/people_curated.tsv: aliases, surnames and
#   the checked 2025-2026 facts of docs/people-2026-checks.md) and {generated} generated from
#   scripts/office_facts/holders21.tsv: dated heads of state and government and foreign
#   ministers of {holder_states} states, and UN leaders; defence and interior ministers and
#   government spokespeople only of the G20 and the states {news_holders} or more curated people
#   hold offices for:
{news_states}
#   All from Wikidata (CC0) as the every-politician-scrapers repositories' holders21.csv
#   files and world-leaders-2021 give them (scraped 2021-2023; extracted by
#   scripts/office_facts/extract_holders21.py), with the dated 2022-2026 changes of
#   scripts/office_facts/recent_changes.tsv and the 2000-2025 terms of
#   scripts/office_facts/gap_fills.tsv (sources there; docs/people-sources.md).
#   Open terms are kept open only where scripts/office_facts/current_2026.tsv confirms them
#   (heads of state and government in 2026, from open-data-archive/world-leaders-current,
#   CC BY-SA 4.0); otherwise a term open in the source ends at the next holder's first
#   year or at the year the source was scraped (the last year known in office).
# {offices} offices: {hos} head_of_state, {hog} head_of_government, {fm} foreign_minister.
# Coverage of the {states} UN members and observers, seats head of state, head of government
#   and foreign minister, years 2000-2025 from the year the state existed (un_members.tsv;
#   a presidential state's head of state fills the head_of_government seat; vacancies and
#   years without a separate head of government are in scripts/office_facts/seat_rules.tsv):
#   {filled} of {seat_years} seat-years ({share:.1%}). {n_empty} seats have no holder in any year:
{empty}
# Name variants are generated by rule (diacritics folded, al-/Al /el- and without the
#   article, Mohammed/Muhammad/Mohamed/Mohammad, Sergei/Sergey and similar, hyphen or
#   space, King/Queen/Emir/Sultan before monarchs);
#   {dropped} variants two entries would share, or that name a country, organisation or
#   non-actor, were dropped. Generated people in office at the latest source get their last
#   name as a surname where no other person, word, entry or town of 100,000 people or more
#   (scripts/office_facts/place_names.txt, from GeoNames) has it; the rest get "-".
# Ids: {label_only} generated people have no English Wikipedia title in the extracts; their
#   id and name come from the Wikidata English label, which is usually, not always, the
#   title (a title found later replaces it).
# Columns: id = English Wikipedia title folded (contract); name = the title without
#   disambiguation; aliases |-separated; offices = ROLE@HOLDER:FROM-TO (years; empty TO =
#   in office); surnames = bare forms a later mention may use ("-" none, empty derived).
"""

if __name__ == "__main__":
    main()
