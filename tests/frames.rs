//! Frames × constructions: every construction of `src/rules/constructions.rules`
//! across several relation types, with sentences written for the tests, and the
//! two ways a user extends them (a trigger, a construction).

use chancery::{Extractor, RelationType};
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("embedded data builds"))
}

/// (construction, sentence, type, subject, object, negated)
const CASES: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        "by_gerund",
        "Uzbekistan followed suit by lifting its ban on the Taliban.",
        "terrorist_delisting",
        "UZB",
        "taliban",
        false,
    ),
    (
        "by_gerund",
        "Kenya responded by condemning Uganda.",
        "criticism",
        "KEN",
        "UGA",
        false,
    ),
    (
        "passive_after",
        "Hamas is listed as a terrorist group by Canada.",
        "terrorist_designation",
        "CAN",
        "hamas",
        false,
    ),
    (
        "drew",
        "Israel's strikes drew condemnation from Egypt.",
        "criticism",
        "EGY",
        "ISR",
        false,
    ),
    (
        "drew",
        "Venezuela has won the support of Nicaragua.",
        "endorsement",
        "NIC",
        "VEN",
        false,
    ),
    (
        "drew",
        "Poland became a target of sharp Kremlin criticism.",
        "criticism",
        "RUS",
        "POL",
        false,
    ),
    (
        "in_noun",
        "Morocco withdrew its envoy in protest against Tunisia's stance.",
        "criticism",
        "MAR",
        "TUN",
        false,
    ),
    (
        "in_noun",
        "Cuba sent doctors to Caracas in solidarity with Venezuela.",
        "endorsement",
        "CUB",
        "VEN",
        false,
    ),
    (
        "active",
        "Brazil sharply criticised Israel on Tuesday.",
        "criticism",
        "BRA",
        "ISR",
        false,
    ),
    (
        "active",
        "Bolivia cut diplomatic ties with Israel in 2023.",
        "ties_severed",
        "BOL",
        "ISR",
        false,
    ),
    (
        "active",
        "Chile plans to open an embassy in Ramallah.",
        "mission_opened",
        "CHL",
        "PSE",
        false,
    ),
    (
        "active",
        "Canada imposed fresh sanctions on Iran.",
        "sanction",
        "CAN",
        "IRN",
        false,
    ),
    (
        "passive",
        "Israel was condemned by Chile and Colombia.",
        "criticism",
        "CHL",
        "ISR",
        false,
    ),
    (
        "passive",
        "Morocco was praised by France for the plan.",
        "endorsement",
        "FRA",
        "MAR",
        false,
    ),
    (
        "passive",
        "Kosovo was recognised by Peru in 2008.",
        "recognition",
        "PER",
        "XKX",
        false,
    ),
    (
        "passive",
        "North Korea was sanctioned by Japan.",
        "sanction",
        "JPN",
        "PRK",
        false,
    ),
    (
        "passive_theme",
        "Diplomatic ties with Cuba were restored by Panama.",
        "ties_established",
        "PAN",
        "CUB",
        false,
    ),
    (
        "passive_theme",
        "Sanctions were imposed on Belarus by Canada last year.",
        "sanction",
        "CAN",
        "BLR",
        false,
    ),
    (
        "passive_theme",
        "The embassy in Kabul was closed by Norway in 2021.",
        "mission_closed",
        "NOR",
        "AFG",
        false,
    ),
    (
        "nominal",
        "Brazil's criticism of Israel grew louder.",
        "criticism",
        "BRA",
        "ISR",
        false,
    ),
    (
        "nominal",
        "EU sanctions on Belarus took effect.",
        "sanction",
        "european-union",
        "BLR",
        false,
    ),
    (
        "nominal",
        "Peru's recognition of Kosovo angered Serbia.",
        "recognition",
        "PER",
        "XKX",
        false,
    ),
    (
        "nominal",
        "Bolivia's severing of ties with Israel drew praise.",
        "ties_severed",
        "BOL",
        "ISR",
        false,
    ),
    (
        "nominal_possessive",
        "Japan, in its sharp criticism of North Korea, called the test reckless.",
        "criticism",
        "JPN",
        "PRK",
        false,
    ),
    (
        "nominal_possessive",
        "Manila thanked Tokyo for its firm support for the Philippines.",
        "endorsement",
        "JPN",
        "PHL",
        false,
    ),
    (
        "coordinated_actor",
        "Algeria recognised the Polisario's republic and backed Mauritania.",
        "endorsement",
        "DZA",
        "MRT",
        false,
    ),
    (
        "coordinated_actor",
        "Oslo has close ties with the African Union but sharply criticised Sudan.",
        "criticism",
        "NOR",
        "SDN",
        false,
    ),
    (
        "quoted",
        "\"We firmly condemn Serbia's threats,\" Kosovo's foreign ministry said.",
        "criticism",
        "XKX",
        "SRB",
        false,
    ),
    (
        "quoted",
        "The Kenyan president told reporters: \"We fully back Somalia.\"",
        "endorsement",
        "KEN",
        "SOM",
        false,
    ),
    (
        "nominal_by",
        "The condemnation of Israel by Chile was swift.",
        "criticism",
        "CHL",
        "ISR",
        false,
    ),
    (
        "nominal_by",
        "Recognition of Kosovo by Peru came in 2008.",
        "recognition",
        "PER",
        "XKX",
        false,
    ),
    (
        "relative",
        "Qatar, which has long funded Hamas, hosted the talks.",
        "endorsement",
        "QAT",
        "hamas",
        false,
    ),
    (
        "relative",
        "India, which does not recognise the Taliban, reopened its embassy.",
        "recognition",
        "IND",
        "taliban",
        true,
    ),
    (
        "coordinated",
        "Jordan voiced deep regret and denounced Israel on Sunday.",
        "criticism",
        "JOR",
        "ISR",
        false,
    ),
    (
        "coordinated",
        "Kenya hosted the round and warmly praised Qatar.",
        "endorsement",
        "KEN",
        "QAT",
        false,
    ),
    (
        "coordinated",
        "Bolivia recalled its staff and cut ties with Israel.",
        "ties_severed",
        "BOL",
        "ISR",
        false,
    ),
    (
        "participle",
        "Nicaragua expelled the envoy, accusing the United States of meddling.",
        "criticism",
        "NIC",
        "USA",
        false,
    ),
    (
        "participle",
        "Ghana closed the border on Monday, praising Togo for its help.",
        "endorsement",
        "GHA",
        "TGO",
        false,
    ),
    (
        "colon_list",
        "Two members still do not recognise Kosovo: Spain and Greece.",
        "recognition",
        "ESP",
        "XKX",
        true,
    ),
    (
        "colon_list",
        "Three allies have sanctioned Russia: Japan, Canada and Australia.",
        "sanction",
        "JPN",
        "RUS",
        false,
    ),
    (
        "mutual",
        "Iran and Egypt restored ties in the spring.",
        "ties_established",
        "IRN",
        "EGY",
        false,
    ),
    (
        "mutual",
        "Morocco and Algeria broke off relations.",
        "ties_severed",
        "MAR",
        "DZA",
        false,
    ),
    (
        "between",
        "Ties between Riyadh and Tehran were restored in 2023.",
        "ties_established",
        "SAU",
        "IRN",
        false,
    ),
    (
        "between",
        "The severing of ties between Qatar and Egypt shocked the region.",
        "ties_severed",
        "QAT",
        "EGY",
        false,
    ),
    (
        "possessor",
        "The closure of Venezuela's embassy in Washington followed.",
        "mission_closed",
        "VEN",
        "USA",
        false,
    ),
    (
        "possessor",
        "The opening of India's embassy in Kabul was delayed.",
        "mission_opened",
        "IND",
        "AFG",
        false,
    ),
    (
        "for_ving",
        "The minister thanked Chile for naming an ambassador to Bolivia.",
        "ambassador_appointment",
        "CHL",
        "BOL",
        false,
    ),
    (
        "for_ving",
        "Peru praised Chile for opening an embassy in Bolivia.",
        "mission_opened",
        "CHL",
        "BOL",
        false,
    ),
    (
        "ordered",
        "Peru ordered its consulate in Bolivia to be shut.",
        "mission_closed",
        "PER",
        "BOL",
        false,
    ),
    (
        "ordered",
        "Chile ordered its embassy in Peru to be reopened.",
        "mission_opened",
        "CHL",
        "PER",
        false,
    ),
    (
        "compound",
        "Iran-backed Hezbollah fired rockets.",
        "endorsement",
        "IRN",
        "hezbollah",
        false,
    ),
    (
        "modifier",
        "Kosovo opened a Jerusalem embassy in March.",
        "mission_opened",
        "XKX",
        "ISR",
        false,
    ),
    (
        "mutual_nominal",
        "Chile and Bolivia announced the restoration of diplomatic relations.",
        "ties_established",
        "CHL",
        "BOL",
        false,
    ),
    (
        "mutual_nominal",
        "Qatar and Chad announced the suspension of diplomatic relations.",
        "ties_severed",
        "QAT",
        "TCD",
        false,
    ),
    (
        "nominal_declared",
        "Chile confirmed the recognition of Palestine.",
        "recognition",
        "CHL",
        "PSE",
        false,
    ),
    (
        "nominal_declared",
        "Italy announced the closure of its embassy in Kabul.",
        "mission_closed",
        "ITA",
        "AFG",
        false,
    ),
    (
        "nominal_declared",
        "Peru announced the severing of diplomatic ties with Venezuela.",
        "ties_severed",
        "PER",
        "VEN",
        false,
    ),
    (
        "passive_theme",
        "Egypt restored relations with Iran, severed by Cairo in 1980.",
        "ties_severed",
        "EGY",
        "IRN",
        false,
    ),
    (
        "did_so",
        "Norway recognised Palestine in April, and Spain and Ireland did so in June.",
        "recognition",
        "ESP",
        "PSE",
        false,
    ),
    (
        "mutual_relative",
        "Iran and Egypt discussed their relations, which were restored last year.",
        "ties_established",
        "IRN",
        "EGY",
        false,
    ),
    (
        "mutual_relative",
        "Qatar and the UAE reopened talks on relations, which were cut in 2017.",
        "ties_severed",
        "QAT",
        "ARE",
        false,
    ),
    (
        "nominal_compound",
        "Kabul welcomed Russia's Taliban recognition.",
        "recognition",
        "RUS",
        "taliban",
        false,
    ),
    (
        "mutual_intransitive",
        "Kenya and Tanzania met on the sidelines of the summit.",
        "meeting",
        "KEN",
        "TZA",
        false,
    ),
    (
        "noun_between",
        "Consultations between Chile and Peru ended on Friday.",
        "meeting",
        "CHL",
        "PER",
        false,
    ),
    (
        "noun_between",
        "A treaty between Chile and Argentina settled the border.",
        "agreement",
        "CHL",
        "ARG",
        false,
    ),
    (
        "passive_mutual",
        "The accord was signed by Laos and Cambodia in Vientiane.",
        "agreement",
        "LAO",
        "KHM",
        false,
    ),
    (
        "passive_mutual",
        "Talks were held between Serbia and Kosovo in Brussels.",
        "meeting",
        "SRB",
        "XKX",
        false,
    ),
    (
        "occasion",
        "During his trip to Peru, Lula praised the new port.",
        "visit",
        "luiz-inacio-lula-da-silva",
        "PER",
        false,
    ),
    (
        "occasion",
        "Chile raised the issue of fishing during talks with Argentina.",
        "meeting",
        "CHL",
        "ARG",
        false,
    ),
    (
        "active",
        "Chile's foreign minister visited Lima on Monday.",
        "visit",
        "CHL",
        "PER",
        false,
    ),
    (
        "active",
        "The Kenyan defence minister criticised Uganda.",
        "criticism",
        "KEN",
        "UGA",
        false,
    ),
    (
        "among",
        "Bolivia was among the countries that cut ties with Israel.",
        "ties_severed",
        "BOL",
        "ISR",
        false,
    ),
    (
        "among",
        "Norway is among the few governments that have not recognised Taiwan.",
        "recognition",
        "NOR",
        "TWN",
        true,
    ),
    (
        "pair_compound",
        "The Chile-Argentina accord settled the border.",
        "agreement",
        "CHL",
        "ARG",
        false,
    ),
    (
        "pair_compound",
        "A planned Peru\u{2013}Bolivia summit in Lima was postponed.",
        "meeting",
        "PER",
        "BOL",
        true,
    ),
    (
        "nominal_of",
        "The visit of Lula to Angola lasted two days.",
        "visit",
        "luiz-inacio-lula-da-silva",
        "AGO",
        false,
    ),
    (
        "converse",
        "Angola hosted Brazil's foreign minister on Monday.",
        "visit",
        "BRA",
        "AGO",
        false,
    ),
    (
        "converse",
        "North Korea was hit with fresh Japanese sanctions.",
        "sanction",
        "JPN",
        "PRK",
        false,
    ),
    (
        "own_act",
        "Estonia cut imports from Russia after its strikes on Ukraine.",
        "military_action",
        "RUS",
        "UKR",
        false,
    ),
    (
        "nominal_close",
        "Saudi Arabia's long war in Yemen drained its budget.",
        "military_action",
        "SAU",
        "YEM",
        false,
    ),
    (
        "guest",
        "Kenya's president welcomed the Ghanaian foreign minister to Nairobi.",
        "visit",
        "GHA",
        "KEN",
        false,
    ),
    (
        "reduced_relative",
        "An embargo imposed by Britain on Argentina ended in 1990.",
        "sanction",
        "GBR",
        "ARG",
        false,
    ),
    (
        "resisted",
        "Ukraine's fight against the Russian invasion entered a new phase.",
        "military_action",
        "RUS",
        "UKR",
        false,
    ),
    (
        "drew",
        "Venezuela evaded oil sanctions from the United States for years.",
        "sanction",
        "USA",
        "VEN",
        false,
    ),
    // A long relative clause after the subject, naming another actor.
    (
        "active",
        "Xi Jinping, who faced questions over trade talks with the United States, will travel to Serbia in May.",
        "visit",
        "xi-jinping",
        "SRB",
        false,
    ),
    (
        "active",
        "The European Union, which imports much of its fertiliser from Belarus, imposed new sanctions on Russia.",
        "sanction",
        "european-union",
        "RUS",
        false,
    ),
    (
        "appositive_to",
        "The Brazilian president, the first leader to visit Luanda in a decade, spoke.",
        "visit",
        "BRA",
        "AGO",
        false,
    ),
];

#[test]
fn every_construction_serves_several_types() {
    let mut failures = Vec::new();
    for &(construction, text, kind, subject, object, negated) in CASES {
        let doc = extractor().extract(text);
        let kind: RelationType = kind.parse().expect("a relation type");
        let found = doc.relations.iter().any(|r| {
            r.kind == kind
                && r.rule.ends_with(&format!("/{construction}"))
                && ((&*r.subject, &*r.object) == (subject, object)
                    || (kind.is_symmetric() && (&*r.subject, &*r.object) == (object, subject)))
                && r.negated == negated
        });
        if !found {
            let got: Vec<String> = doc
                .relations
                .iter()
                .map(|r| format!("{} {} {} {}", r.kind, r.subject, r.object, r.rule))
                .collect();
            failures.push(format!(
                "{construction}: {text:?} should give {kind} {subject} {object}; got {got:?}"
            ));
        }
    }
    // Each construction is tried on at least two types (the optional ones on one).
    let mut by_construction: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for &(c, _, kind, ..) in CASES {
        by_construction.entry(c).or_default().push(kind);
    }
    for c in extractor().rules().constructions() {
        let types = by_construction.get(&*c.name).cloned().unwrap_or_default();
        let wanted = if c.optional { 1 } else { 2 };
        let mut distinct = types.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < wanted {
            failures.push(format!(
                "construction {} is tested on {distinct:?}; add sentences of {wanted} types",
                c.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_list_has_one_conjunction() {
    // The second "and" joins clauses: Uganda and Tanzania are not subjects.
    let doc = extractor().extract(
        "Kenya discussed the dispute with Uganda and Tanzania, and Rwandan officials condemned Burundi.",
    );
    let pairs: Vec<(&str, &str)> = doc
        .relations
        .iter()
        .filter(|r| r.kind == "criticism".parse::<RelationType>().expect("a type"))
        .map(|r| (&*r.subject, &*r.object))
        .collect();
    assert_eq!(pairs, [("RWA", "BDI")]);
    let doc = extractor().extract("Egypt, Turkey and Qatar condemned Israel, and Iran did too.");
    let pairs: Vec<(&str, &str)> = doc
        .relations
        .iter()
        .map(|r| (&*r.subject, &*r.object))
        .collect();
    assert_eq!(pairs, [("EGY", "ISR"), ("TUR", "ISR"), ("QAT", "ISR")]);
    // The serial comma still joins three items.
    let doc = extractor().extract("Egypt, Turkey, and Qatar condemned Israel.");
    assert_eq!(doc.relations.len(), 3);
}

#[test]
fn a_broker_before_a_subject_list_is_not_in_it() {
    let pairs = |text: &str| -> Vec<(String, String)> {
        extractor()
            .extract(text)
            .relations
            .iter()
            .map(|r| (r.subject.to_string(), r.object.to_string()))
            .collect()
    };
    // "brokered by Oman," ends a fronted phrase: Oman is the broker.
    assert_eq!(
        pairs("Under a deal brokered by Oman, Egypt and Turkey agreed to restore relations."),
        [("EGY".to_string(), "TUR".to_string())]
    );
    // Without the participle the list is the subject, Oman included.
    assert_eq!(
        pairs("Oman, Egypt and Turkey agreed to restore relations.").len(),
        3
    );
}

#[test]
fn a_passive_of_calling_off_negates_the_match_before_it() {
    let negated = |text: &str| -> Vec<bool> {
        extractor()
            .extract(text)
            .relations
            .iter()
            .map(|r| r.negated)
            .collect()
    };
    assert_eq!(
        negated("New Japanese sanctions on Myanmar were vetoed by parliament."),
        [true]
    );
    assert_eq!(
        negated("Talks between Peru and Chile were postponed."),
        [true]
    );
    // Not a passive: the match itself stands.
    assert_eq!(
        negated("Japan imposed sanctions on Myanmar, blocking its assets."),
        [false]
    );
}

#[test]
fn a_new_trigger_brings_every_form_and_construction() {
    let ex = Extractor::builder()
        .rules_str(
            "mine.rules",
            "frame rebuke_upbraid: criticism\n  verb upbraid\n  noun upbraiding\n  narg of\n  example Norway upbraided the Taliban. => NOR taliban\n",
        )
        .build()
        .expect("the frame builds");
    for (text, rule) in [
        ("Norway upbraids the Taliban.", "rebuke_upbraid/active"),
        (
            "The Taliban were upbraided by Norway.",
            "rebuke_upbraid/passive",
        ),
        (
            "Norway's upbraiding of the Taliban was sharp.",
            "rebuke_upbraid/nominal",
        ),
    ] {
        let doc = ex.extract(text);
        assert!(
            doc.relations
                .iter()
                .any(|r| &*r.rule == rule && &*r.subject == "NOR" && &*r.object == "taliban"),
            "{text}: {:?}",
            doc.relations
        );
    }
}

#[test]
fn a_new_construction_serves_the_frames_that_ask_for_it() {
    let rules = concat!(
        "construction echoed optional = {subject} @vg* echoed {actor} 's ^$noun $narg %det? {object} $after\n",
        "frame criticism_echo: criticism\n  verb decry\n  noun condemnation\n  narg of\n  also echoed\n",
        "  example Egypt echoed Jordan's condemnation of Israel. => EGY ISR\n",
    );
    let ex = Extractor::builder()
        .rules_str("mine.rules", rules)
        .build()
        .expect("the construction builds");
    let doc = ex.extract("Egypt echoed Jordan's condemnation of Israel.");
    assert!(
        doc.relations
            .iter()
            .any(|r| &*r.rule == "criticism_echo/echoed" && &*r.subject == "EGY"),
        "{:?}",
        doc.relations
    );
    // The embedded criticism frame did not ask for it.
    assert!(
        ex.rules()
            .rules()
            .iter()
            .all(|r| &*r.id != "criticism/echoed")
    );
}

#[test]
fn frame_errors_name_file_and_line() {
    for (text, want) in [
        (
            "frame x: criticism\n  noun blame\n  also nosuch\n",
            "mine.rules:1: frame x names unknown construction \"nosuch\"",
        ),
        (
            "frame x: criticism\n  narg of\n",
            "mine.rules:1: frame x has no `verb` or `noun` line",
        ),
        (
            "construction bad = {subject} ^$verbs {object}\nframe x: criticism\n  verb blame\n",
            "mine.rules:1: unknown placeholder $verbs",
        ),
        (
            "frame x: criticism\n  verb blame\nframe x: criticism\n  verb decry\n",
            "mine.rules:3: frame x already defined on line 1",
        ),
        (
            "frame x: criticism\n  verb re-blame\n",
            "mine.rules:1: frame x word \"re-blame\" is not one token; put phrases in its theme or arg",
        ),
    ] {
        let err = Extractor::builder()
            .rules_str("mine.rules", text)
            .build()
            .expect_err(text);
        assert!(err.to_string().contains(want), "{text}\n{err}");
    }
}

#[test]
fn a_later_file_replaces_a_frame() {
    let ex = Extractor::builder()
        .rules_str(
            "mine.rules",
            "frame criticism: criticism\n  verb upbraid\n  example Norway upbraided Iran. => NOR IRN\n",
        )
        .build()
        .expect("the override builds");
    let doc = ex.extract("Norway upbraided Iran and condemned Iraq.");
    assert!(doc.relations.iter().any(|r| &*r.object == "IRN"));
    // The embedded verbs went with the embedded frame.
    assert!(
        !doc.relations.iter().any(|r| &*r.object == "IRQ"),
        "{:?}",
        doc.relations
    );
}
