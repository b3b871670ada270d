//! The shipped gazetteer files stay canonical, and every surface they list is found.

use chancery::{EntityKind, Extractor, Gazetteer, Via};
use std::collections::HashMap;

const FILES: &[&str] = &[
    "countries.tsv",
    "organisations.tsv",
    "people.tsv",
    "non_actors.tsv",
];

fn data_rows(name: &str) -> Vec<(usize, String)> {
    let path = format!("{}/gazetteers/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

#[test]
fn files_are_sorted_and_documented() {
    for name in FILES {
        let path = format!("{}/gazetteers/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with('#'),
            "{name}: start with # lines saying where the data came from"
        );
        let keys: Vec<(usize, String)> = data_rows(name)
            .into_iter()
            .map(|(line, l)| (line, l.split('\t').next().unwrap_or("").to_string()))
            .collect();
        for pair in keys.windows(2) {
            assert!(
                pair[0].1 < pair[1].1,
                "gazetteers/{name}:{}: {:?} is not after {:?}\nhelp: keep rows sorted by their first column, without repeats",
                pair[1].0,
                pair[1].1,
                pair[0].1
            );
        }
    }
}

#[test]
fn sizes_meet_the_coverage_floor() {
    let g = Gazetteer::embedded().unwrap();
    let count = |k| g.entries().iter().filter(|e| e.kind == k).count();
    assert!(
        count(EntityKind::Country) > 249,
        "every ISO 3166-1 entry plus former states"
    );
    assert!(
        count(EntityKind::Organisation) >= 600,
        "every group on the US FTO list, UK-proscribed and UN-listed groups, IGOs and their organs"
    );
    assert!(count(EntityKind::Person) >= 150);
    assert!(g.get("SUN").is_some(), "the Soviet Union");
}

/// Who should win each surface text: the only claimant, or the one marking it `!`.
fn owners(g: &Gazetteer) -> HashMap<String, String> {
    let mut claims: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for e in g.entries() {
        for s in &e.surfaces {
            claims
                .entry(s.text.to_string())
                .or_default()
                .push((e.id.to_string(), s.wins));
        }
    }
    claims
        .into_iter()
        .map(|(text, c)| {
            let winner = if c.len() == 1 {
                c[0].0.clone()
            } else {
                c.iter()
                    .find(|(_, w)| *w)
                    .map(|(id, _)| id.clone())
                    .unwrap_or_default()
            };
            (text, winner)
        })
        .collect()
}

#[test]
fn every_surface_is_found_and_resolves_to_its_entry() {
    let ex = Extractor::new().unwrap();
    let owners = owners(ex.gazetteer());
    let mut failures = Vec::new();
    for e in ex.gazetteer().entries() {
        for s in &e.surfaces {
            // Each column in a frame where it stands for the actor.
            let text = match s.via {
                Via::Demonym => format!(
                    "The {} government said on Monday that talks went well.",
                    s.text
                ),
                _ => format!("{} said on Monday that talks went well.", s.text),
            };
            let found = ex.mentions(&text);
            let expected = &owners[&*s.text];
            let first = found.first();
            let ok = first.is_some_and(|m| {
                m.id.as_ref() == expected
                    && m.start == text.find(&*s.text).unwrap()
                    && m.text == *s.text
            });
            if !ok {
                failures.push(format!(
                    "{}: {:?} ({:?}) gave {:?}, expected {expected}",
                    e.origin,
                    s.text,
                    s.via,
                    first.map(|m| (m.text.as_str(), m.id.as_ref()))
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} surfaces not found as listed:\n{}\nhelp: a longer surface or a non-actor may shadow them",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_iso_country_is_found_by_everyday_and_official_name() {
    // The source the country file is generated from; on machines without
    // Debian's iso-codes the generated file itself is what we check above.
    let Ok(json) = std::fs::read_to_string("/usr/share/iso-codes/json/iso_3166-1.json") else {
        eprintln!("skipped: /usr/share/iso-codes/json/iso_3166-1.json is not installed");
        return;
    };
    let iso: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ex = Extractor::new().unwrap();
    let mut failures = Vec::new();
    for c in iso["3166-1"].as_array().unwrap() {
        let id = c["alpha_3"].as_str().unwrap();
        let entry = ex
            .gazetteer()
            .get(id)
            .unwrap_or_else(|| panic!("{id} missing"));
        let official = c.get("official_name").and_then(|v| v.as_str());
        // ISO's inverted forms ("Taiwan, Province of China") are not how news
        // writes a name; a leading "the" is not part of the surface.
        let natural = |n: &&str| !n.contains(", ") || n.contains(" and ");
        let names = std::iter::once(entry.name.as_ref())
            .chain(official)
            .filter(natural);
        for name in names.map(|n| n.strip_prefix("the ").unwrap_or(n)) {
            let text = format!("{name} said on Monday.");
            let found = ex.mentions(&text);
            if !found
                .first()
                .is_some_and(|m| m.id.as_ref() == id && m.text == name)
            {
                failures.push(format!(
                    "{id}: {name:?} gave {:?}",
                    found.first().map(|m| (&m.text, &m.id))
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn offices_name_known_holders() {
    let g = Gazetteer::embedded().unwrap();
    for e in g.entries() {
        for o in &e.offices {
            assert!(
                g.get(&o.holder).is_some(),
                "{}: office holder {} of {} is not in the gazetteer",
                e.origin,
                o.holder,
                e.id
            );
        }
    }
}

#[test]
fn a_town_is_not_read_as_a_generated_bare_surname() {
    // scripts/gen_people.py writes no bare surname that is also the name of a town of
    // 100,000 people or more (scripts/office_facts/place_names.txt, from GeoNames): a
    // lone "Kumba" is the Cameroonian town, not South Sudan's foreign minister Monday
    // Semaya Kumba; the full name still finds the person.
    let ex = Extractor::new().unwrap();
    for town in ["Kumba", "Henderson", "Villavicencio"] {
        let text = format!("Floods cut the roads into {town} on Monday.");
        let people: Vec<_> = ex
            .mentions(&text)
            .into_iter()
            .filter(|m| m.text == town)
            .map(|m| m.id.to_string())
            .collect();
        assert!(people.is_empty(), "{text:?}: {town} read as {people:?}");
    }
    let named = ex.mentions("Monday Semaya Kumba said on Monday that talks went well.");
    assert!(
        named
            .first()
            .is_some_and(|m| &*m.id == "monday-semaya-kumba"),
        "{named:?}"
    );
}

#[test]
fn a_refused_variant_is_not_matched_inside_a_longer_name() {
    // scripts/office_facts/refused_variants.tsv: the generated "Mohammad" spelling of
    // Bangladesh's chief adviser Muhammad Yunus is refused, since news prints the longer
    // name of someone else that starts with it; his own spelling still finds him.
    let ex = Extractor::new().unwrap();
    let byline = ex.mentions("Reporting by Mohammad Yunus Yawar in Kabul; editing by staff.");
    assert!(
        byline.iter().all(|m| &*m.id != "muhammad-yunus"),
        "{byline:?}"
    );
    let named = ex.mentions("Muhammad Yunus met the visiting envoy in Dhaka on Sunday.");
    assert!(
        named.first().is_some_and(|m| &*m.id == "muhammad-yunus"),
        "{named:?}"
    );
}

#[test]
fn homonyms_keep_their_disambiguation_in_the_id() {
    // Two Latvian office holders share the name Andris Bērziņš: the prime minister of
    // 2000-2002 keeps his Wikipedia disambiguation in id and name, the bare name stays
    // with the president of 2011-2015, and neither takes the other's office.
    let g = Gazetteer::embedded().unwrap();
    let years = |id: &str| {
        let e = g.get(id).unwrap_or_else(|| panic!("{id} missing"));
        e.offices
            .iter()
            .map(|o| (o.holder.to_string(), o.from, o.to))
            .collect::<Vec<_>>()
    };
    let premier = years("andris-berzins-latvian-prime-minister");
    let president = years("andris-berzins");
    assert_eq!(premier.len(), 1, "{premier:?}");
    assert_eq!(president.len(), 1, "{president:?}");
    assert_ne!(premier, president);
    let ex = Extractor::new().unwrap();
    let named = ex.mentions("Andris Bērziņš said Latvia would stay the course.");
    assert!(
        named.first().is_some_and(|m| &*m.id == "andris-berzins"),
        "{named:?}"
    );
}
