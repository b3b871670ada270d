//! Snapshot tests over hand-written fixtures.
//!
//! - `fixtures/relations/<type>.txt`: one sentence per line, composed for one
//!   relation type (active, passive, lists, nominalisations, negation,
//!   modality, years and distractors). Each line is extracted on its own and
//!   the relations are rendered as one compact string each (`Relation`'s
//!   `Display`: `recognition RUS -> taliban [negated] (intended) year=2019 rule=...`).
//! - `fixtures/articles/*.txt`: short wire-style articles; the whole
//!   `Document` is snapshotted.
//!
//! Review changes with `cargo insta review`.

use std::fs;
use std::sync::LazyLock;

use chancery::{Extractor, Relation};
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
                    .map(Relation::to_string)
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
