#!/usr/bin/env python3
"""Mine trigger candidates for chancery's relation types from PETRARCH2's CAMEO verb dictionary.

Reads ../shared/data/petrarch2-dictionaries/CAMEO.2.0.txt (MIT, Open Event Data
Alliance; see that folder's PROVENANCE.md) and writes scripts/cameo_triggers.tsv:
one candidate trigger per line, with the CAMEO code it came from and a hand
review (keep yes/no and the reason). The raw dictionary stays out of the repo.

Dictionary format (PETRARCH2 docs/source/dictionaries.rst):
  &NAME / +PHRASE          a synonym set (synset) used in patterns as &NAME
  --- NAME [CODE] ---      a verb block; CODE is the default of its verbs
  VERB {IRREG} [CODE]      a verb of the block (own code optional)
  +MULTI_WORD {...} [CODE] a multiword verb (particle verbs: MEET_WITH)
  - PATTERN [CODE] # VERB  a pattern: `*` the verb, `$` source, `+` target,
                           `^` skipped words, {A B} a noun phrase, (P X) a
                           prepositional phrase; the comment names the verb
                           the pattern was written for.
  CODE `a:b`               `a` for the source acting on the target; `:b` alone
                           (no primary code) means the grammatical subject is
                           the target, e.g. FACE CRITICISM [:111].

Each CAMEO code is routed to a chancery relation type (the crosswalk in
src/crosswalk.tsv, read backwards), refined by the pattern's content words:
CAMEO codes opening an embassy and establishing relations alike as 054, so
"EMBASSY" routes a 054 pattern to mission_opened and "RELATIONS" to
ties_established. WordNet (Debian's `wordnet`, the `wn` command) proposes the
derived nouns of verbs (condemn -> condemnation) as nominal candidates.

The keep and reason columns come from the hand review in
scripts/cameo_review.tsv: decisions by type, kind, lemma and a regular
expression over the pattern, the first that matches a candidate wins; a
candidate no decision covers is marked `?` (unreviewed).

Usage: python3 scripts/mine_cameo.py [--dict PATH] [--out PATH] [--no-wordnet]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DICT = HERE.parent / ".." / "shared" / "data" / "petrarch2-dictionaries" / "CAMEO.2.0.txt"
DEFAULT_OUT = HERE / "cameo_triggers.tsv"

# CAMEO 0.7b5 codes (openeventdata/text_to_CAMEO CAMEO_codefile.txt) and the
# chancery type each maps to by default, with the modality the crosswalk gives.
CODE_TYPES: dict[str, tuple[str, str]] = {
    "054": ("recognition", "asserted"),  # Grant diplomatic recognition
    "036": ("meeting", "intended"),  # Express intent to meet or negotiate
    "040": ("meeting", "asserted"),  # Consult
    "041": ("meeting", "asserted"),  # Discuss by telephone
    "044": ("meeting", "asserted"),  # Meet at a 'third' location
    "046": ("meeting", "asserted"),  # Engage in negotiation
    "042": ("visit", "asserted"),  # Make a visit
    "043": ("visit", "asserted"),  # Host a visit (the host is the object)
    "051": ("endorsement", "asserted"),  # Praise or endorse
    "052": ("endorsement", "asserted"),  # Defend verbally
    "053": ("endorsement", "asserted"),  # Rally support on behalf of
    "057": ("agreement", "asserted"),  # Sign formal agreement
    "110": ("criticism", "asserted"),  # Disapprove (kept only where the review finds criticism)
    "111": ("criticism", "asserted"),  # Criticize or denounce
    "112": ("criticism", "asserted"),  # Accuse
    "1121": ("criticism", "asserted"),  # Accuse of crime, corruption
    "1122": ("criticism", "asserted"),  # Accuse of human rights abuses
    "1123": ("criticism", "asserted"),  # Accuse of aggression
    "1124": ("criticism", "asserted"),  # Accuse of war crimes
    "1125": ("criticism", "asserted"),  # Accuse of espionage, treason
    "161": ("ties_severed", "asserted"),  # Reduce or break diplomatic relations
    "1313": ("ties_severed", "intended"),  # Threaten to reduce or break relations
    "163": ("sanction", "asserted"),  # Impose embargo, boycott, or sanctions
    "1312": ("sanction", "intended"),  # Threaten to boycott, embargo, or sanction
    "172": ("terrorist_designation", "asserted"),  # Impose administrative sanctions
    "1722": ("terrorist_designation", "asserted"),  # Ban political parties or politicians
    "081": ("terrorist_delisting", "asserted"),  # Ease administrative sanctions
    "0812": ("terrorist_delisting", "asserted"),  # Ease ban on political parties
    "138": ("military_action", "intended"),  # Threaten with military force
    "190": ("military_action", "asserted"),  # Use conventional military force
    "191": ("military_action", "asserted"),  # Impose blockade
    "192": ("military_action", "asserted"),  # Occupy territory
    "193": ("military_action", "asserted"),  # Fight with small arms
    "194": ("military_action", "asserted"),  # Fight with artillery and tanks
    "195": ("military_action", "asserted"),  # Employ aerial weapons
}

# Codes that only count when a content word routes them (generic cooperation,
# expulsion): 050 "Engage in diplomatic cooperation", 160 "Reduce relations",
# 166 "Expel or withdraw", 174 "Expel or deport individuals".
ROUTED_ONLY = {"050", "160", "166", "174", "032", "030"}

COOPERATIVE = {"030", "032", "036", "040", "050", "051", "054", "057"}
CONFLICTUAL = {"160", "161", "166", "174", "1313"}

# Content words that route a pattern to a type, by the code's direction.
ROUTES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b(EMBASS\w*|CONSULATE\w*|LEGATION\w*|TRADE OFFICE)\b"), "mission_opened", "mission_closed"),
    (re.compile(r"\b(RELATIONS|TIES|LINKS?|REPRESENTATION|DIPLOMATIC)\b"), "ties_established", "ties_severed"),
    (re.compile(r"\b(AMBASSADORS?|ENVOYS?|DIPLOMATS?|REPRESENTATIVES|STAFF)\b"), "ambassador_appointment", "ties_severed"),
    (re.compile(r"\b(TERROR\w*|BANNED|BLACKLIST\w*|LIST)\b"), "terrorist_delisting", "terrorist_designation"),
    (re.compile(r"\b(SANCTIONS?|EMBARGO\w*|BOYCOTT\w*)\b"), "", "sanction"),
]


@dataclass
class Verb:
    lemma: str
    forms: list[str]
    code: str
    block: str


@dataclass
class Pattern:
    text: str
    code: str
    verbs: list[str]
    block: str


@dataclass
class Dictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


CODE_RE = re.compile(r"\[([0-9:-]*)\]")
HEADER_RE = re.compile(r"^---\s+(\S+)\s+\[([0-9:-]*)\]")


def strip_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.strip(), comment.strip()


def parse_dictionary(path: Path) -> Dictionary:
    """Reads synsets, verb blocks, verbs and patterns."""
    d = Dictionary()
    synset: str | None = None
    block: str | None = None
    block_code = "---"
    block_verbs: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line.strip():
            synset = None
            continue
        header = HEADER_RE.match(line)
        if header:
            block, block_code, block_verbs, synset = header.group(1), header.group(2), [], None
            continue
        if line.startswith("#"):
            continue
        if line.startswith("&"):
            synset = line.split()[0][1:].rstrip("_")
            d.synsets[synset] = []
            continue
        if synset is not None and line.startswith("+"):
            body, _ = strip_comment(line[1:])
            d.synsets[synset].append(body.rstrip("_").replace("_", " "))
            continue
        if block is None:
            continue
        body, comment = strip_comment(line)
        if body.startswith("-"):
            code = CODE_RE.search(body)
            text = CODE_RE.sub("", body[1:]).strip()
            named = [w.strip() for w in comment.split(",") if w.strip()]
            named = [w.split()[0] for w in named if re.match(r"^[A-Z_]+$", w.split()[0])]
            d.patterns.append(
                Pattern(text, code.group(1) if code else block_code, named or block_verbs, block)
            )
            continue
        code = CODE_RE.search(body)
        head = CODE_RE.sub("", body)
        head, _, irregular = head.partition("{")
        lemma = head.strip().lstrip("+").rstrip("_")
        if not lemma or not re.match(r"^[A-Z][A-Z_-]*$", lemma):
            continue
        forms = [f.lstrip("+").rstrip("_") for f in irregular.rstrip("} ").split()]
        verb = Verb(lemma, forms, code.group(1) if code else block_code, block)
        d.verbs.append(verb)
        block_verbs.append(lemma)
    return d


def primary(code: str) -> tuple[str, bool]:
    """The code the source performs and whether the subject is the target (`:b`)."""
    left, _, right = code.partition(":")
    if left and left != "---":
        return left, False
    return right, True


def route(code: str, words: str) -> tuple[str, str] | None:
    """The (type, modality) a code and its content words map to, if any."""
    for pattern, cooperative, conflictual in ROUTES:
        if pattern.search(words):
            if code in COOPERATIVE and cooperative:
                modality = "intended" if code in {"030", "032", "036"} else "asserted"
                return cooperative, modality
            if code in CONFLICTUAL or code in {"163", "1312", "172", "1722"}:
                if conflictual:
                    return conflictual, "intended" if code == "1313" else "asserted"
            if code in {"081", "0812"} and cooperative == "terrorist_delisting":
                return cooperative, "asserted"
    if code in ROUTED_ONLY:
        return None
    if code in {"172", "1722", "081", "0812"}:
        return None  # administrative sanctions count only for terror lists
    return CODE_TYPES.get(code)


def expand_synsets(text: str, synsets: dict[str, list[str]]) -> str:
    """Writes `&NAME` as `&NAME(first|second|...)` so a reviewer sees the words."""

    def show(m: re.Match[str]) -> str:
        name = m.group(1).rstrip("_")
        words = synsets.get(name, [])
        shown = "|".join(w.lower() for w in words[:6]) + ("|..." if len(words) > 6 else "")
        return f"&{name}({shown})"

    return re.sub(r"&([A-Z_]+)", show, text)


def pattern_args(p: Pattern, synsets: dict[str, list[str]]) -> str:
    """The pattern's words around `*`, lower case, TABARI brackets kept."""
    return expand_synsets(p.text, synsets).lower()


def verb_word(lemma: str) -> str:
    return lemma.lower().replace("_", " ")


@dataclass(frozen=True)
class Candidate:
    type: str
    kind: str
    lemma: str
    args: str
    code: str
    source: str
    note: str


def candidates(d: Dictionary) -> list[Candidate]:
    out: dict[tuple[str, str, str, str, str], Candidate] = {}

    def add(c: Candidate) -> None:
        out.setdefault((c.type, c.kind, c.lemma, c.args, c.code), c)

    for v in d.verbs:
        code, reversed_ = primary(v.code)
        mapped = route(code, "")
        if mapped:
            note = "subject is the target" if reversed_ else ""
            if mapped[1] != "asserted":
                note = (note + "; " if note else "") + mapped[1]
            add(Candidate(mapped[0], "verb", verb_word(v.lemma), "", v.code, f"cameo:{v.block}", note))
    for p in d.patterns:
        code, reversed_ = primary(p.code)
        mapped = route(code, expand_synsets(p.text, d.synsets))
        if not mapped:
            continue
        note = "subject is the target" if reversed_ else ""
        if mapped[1] != "asserted":
            note = (note + "; " if note else "") + mapped[1]
        for verb in p.verbs:
            add(
                Candidate(
                    mapped[0], "phrase", verb_word(verb), pattern_args(p, d.synsets), p.code, f"cameo:{p.block}", note
                )
            )
    return sorted(out.values(), key=lambda c: (c.type, c.kind, c.lemma, c.args, c.code))


NOUN_RE = re.compile(r"RELATED TO->\(noun\) ([a-z][a-z_-]*)#\d+")


def wordnet_nouns(verb: str) -> list[str]:
    """Nouns WordNet derives from a verb (condemn -> condemnation), first senses first."""
    if " " in verb:
        return []
    run = subprocess.run(["wn", verb, "-deriv"], capture_output=True, text=True, check=False)
    nouns: list[str] = []
    for noun in NOUN_RE.findall(run.stdout):
        noun = noun.replace("_", " ")
        if noun not in nouns and noun != verb and not noun.endswith(("er", "or", "ist")):
            nouns.append(noun)
    return nouns


def with_wordnet(cands: list[Candidate]) -> list[Candidate]:
    """Adds WordNet's derived nouns of every verb candidate as noun candidates."""
    seen = {(c.type, c.kind, c.lemma) for c in cands}
    extra: list[Candidate] = []
    for c in cands:
        if c.kind != "verb":
            continue
        for noun in wordnet_nouns(c.lemma):
            key = (c.type, "noun", noun)
            if key in seen:
                continue
            seen.add(key)
            extra.append(Candidate(c.type, "noun", noun, "", c.code, f"wordnet:deriv({c.lemma})", c.note))
    return sorted(cands + extra, key=lambda c: (c.type, c.kind, c.lemma, c.args, c.code))


HEADER = """\
# Trigger candidates per chancery relation type, mined from PETRARCH2's CAMEO
# verb dictionary by scripts/mine_cameo.py, then reviewed by hand.
#
# Source: openeventdata/petrarch2, petrarch2/data/dictionaries/CAMEO.2.0.txt,
# commit 676801cd9cb2924bbbad09f86d15c9323e7097bf (MIT, Copyright (c) 2015 Open
# Event Data Alliance); codes per the CAMEO 0.7b5 codebook. Noun candidates
# marked wordnet:deriv come from WordNet 3.0 derivations (Debian `wordnet`).
# The raw dictionary is not part of this repository.
#
# Columns: type, kind (verb | phrase | noun), lemma (the verb or noun),
# args (the CAMEO pattern, `*` the verb, TABARI brackets kept; empty for a
# bare verb or noun), cameo (the code; `a:b` a code each way, `:b` the
# subject is the target), source, note, keep (yes | no | ? unreviewed),
# reason (why kept or dropped; `in rules` when a .rules file already has it).
"""

COLUMNS = ["type", "kind", "lemma", "args", "cameo", "source", "note", "keep", "reason"]


REVIEW = HERE / "cameo_review.tsv"


@dataclass(frozen=True)
class Decision:
    type: str
    kind: str
    lemma: str
    args: re.Pattern[str]
    keep: str
    reason: str

    def matches(self, c: Candidate) -> bool:
        return (
            self.type in ("*", c.type)
            and self.kind in ("*", c.kind)
            and self.lemma in ("*", c.lemma)
            and bool(self.args.search(c.args))
        )


def read_review(path: Path) -> list[Decision]:
    """The hand review: one decision a line, the first that matches a candidate wins."""
    decisions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6 or cols[0] == "type":
            if cols[0] != "type":
                raise SystemExit(f"{path}:{number}: expected 6 tab-separated columns")
            continue
        t, kind, lemma, args, keep, reason = cols
        if keep not in ("yes", "no"):
            raise SystemExit(f"{path}:{number}: keep must be yes or no")
        decisions.append(Decision(t, kind, lemma, re.compile(args if args != "*" else ""), keep, reason))
    return decisions


def review(c: Candidate, decisions: list[Decision]) -> tuple[str, str]:
    for d in decisions:
        if d.matches(c):
            return d.keep, d.reason
    return "?", ""


def write_table(path: Path, cands: list[Candidate], decisions: list[Decision]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        f.write("\t".join(COLUMNS) + "\n")
        for c in cands:
            keep, reason = review(c, decisions)
            f.write("\t".join([c.type, c.kind, c.lemma, c.args, c.code, c.source, c.note, keep, reason]) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dict", type=Path, default=DEFAULT_DICT)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--review", type=Path, default=REVIEW)
    ap.add_argument("--no-wordnet", action="store_true")
    args = ap.parse_args()
    if not args.dict.exists():
        print(f"error: {args.dict} not found", file=sys.stderr)
        return 1
    d = parse_dictionary(args.dict)
    cands = candidates(d)
    if not args.no_wordnet:
        if shutil.which("wn") is None:
            print("error: WordNet's `wn` not found (apt-get install wordnet), or pass --no-wordnet", file=sys.stderr)
            return 1
        cands = with_wordnet(cands)
    decisions = read_review(args.review) if args.review.exists() else []
    write_table(args.out, cands, decisions)
    by_type: dict[str, int] = {}
    for c in cands:
        by_type[c.type] = by_type.get(c.type, 0) + 1
    print(
        f"{len(d.verbs)} verbs, {len(d.patterns)} patterns, {len(d.synsets)} synsets read; "
        f"{len(cands)} candidates: " + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
