//! Snapshot tests over hand-written fixtures.
//!
//! - `fixtures/relations/<type>.txt`: one sentence per line, composed for one
//!   relation type (active, passive, lists, nominalisations, negation,
//!   modality, years and distractors). Each line is extracted on its own and
//!   the relations are rendered as one compact string each.
//! - `fixtures/articles/*.txt`: short wire-style articles; the whole
//!   `Document` is snapshotted.
//!
//! Review changes with `cargo insta review`.

use std::fs;
use std::sync::LazyLock;

use chancery::{Extractor, Modality, Relation, RelationType};
use serde::Serialize;

/// One extractor, built once and shared by every test in this file.
static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new().expect("the embedded gazetteers and rules build"));

/// One fixture line and what chancery found in it.
#[derive(Serialize)]
struct Line {
    text: String,
    relations: Vec<String>,
}

/// `"recognition RUS -> taliban [negated] (intended) year=2019 rule=recognition/active"`,
/// with the optional parts left out when false, asserted or absent.
fn render(r: &Relation) -> String {
    let mut s = format!("{} {} -> {}", r.kind, r.subject, r.object);
    if r.negated {
        s.push_str(" [negated]");
    }
    if r.modality != Modality::Asserted {
        s.push_str(&format!(" ({})", r.modality));
    }
    if let Some(year) = r.year {
        s.push_str(&format!(" year={year}"));
    }
    s.push_str(&format!(" rule={}", r.rule));
    if r.kind == RelationType::HoldsOffice {
        if let Some(role) = &r.role {
            s.push_str(&format!(" role={role}"));
        }
        if let Some(to) = &r.to {
            s.push_str(&format!(" to={to}"));
        }
    }
    s
}

fn read(path: &std::path::Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

#[test]
fn relation_fixtures() {
    insta::glob!("fixtures/relations/*.txt", |path| {
        let text = read(path);
        let value: Vec<Line> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| Line {
                text: line.to_owned(),
                relations: EXTRACTOR
                    .extract(line)
                    .relations
                    .iter()
                    .map(render)
                    .collect(),
            })
            .collect();
        insta::with_settings!({description => text.as_str(), omit_expression => true}, {
            insta::assert_yaml_snapshot!(value);
        });
    });
}

#[test]
fn article_fixtures() {
    insta::glob!("fixtures/articles/*.txt", |path| {
        let text = read(path);
        let doc = EXTRACTOR.extract(&text);
        insta::with_settings!({description => text.as_str(), omit_expression => true}, {
            insta::assert_yaml_snapshot!(doc);
        });
    });
}
