//! `chancery::lint` on the shipped data (which must stay clean) and on a
//! deliberately bad fixture set (`fixtures/lint/`), snapshotted.

use chancery::Extractor;
use chancery::lint::lint;

/// Findings on the shipped data that wait for a decision on the data, by
/// path and message (line numbers move as the files are edited). Empty this
/// list as the data is fixed: the test fails on a stale entry too. (Iran's
/// Supreme Leader is `leader@IRN`, its president `head_of_state`: decided.)
const AWAITING_DECISION: &[&str] = &[];

#[test]
fn shipped_data_lints_clean() {
    let findings = lint(&Extractor::builder());
    let known = |f: &chancery::lint::Finding| {
        AWAITING_DECISION.iter().any(|k| {
            k.split_once(": ")
                .is_some_and(|(path, msg)| f.path == path && f.message.starts_with(msg))
        })
    };
    let new: Vec<String> = findings
        .iter()
        .filter(|f| !known(f))
        .map(ToString::to_string)
        .collect();
    assert!(
        new.is_empty(),
        "{} lint finding(s) in the embedded gazetteers and rules:\n{}\nhelp: run `cargo run -- lint` and fix each line it names",
        new.len(),
        new.join("\n")
    );
    let stale: Vec<&&str> = AWAITING_DECISION
        .iter()
        .filter(|k| {
            !findings.iter().any(|f| {
                k.split_once(": ")
                    .is_some_and(|(p, m)| f.path == p && f.message.starts_with(m))
            })
        })
        .collect();
    assert!(
        stale.is_empty(),
        "fixed, remove from AWAITING_DECISION in tests/lint.rs: {stale:?}"
    );
}

#[test]
fn every_problem_in_the_bad_fixtures_is_reported() {
    let dir = "tests/fixtures/lint";
    let mut builder = Extractor::builder();
    builder.embedded_gazetteer(false).embedded_rules(false);
    for name in [
        "countries.tsv",
        "organisations.tsv",
        "people.tsv",
        "non_actors.tsv",
    ] {
        builder.gazetteer_file(format!("{dir}/{name}"));
    }
    builder.rules_file(format!("{dir}/bad.rules"));
    builder.rules_file(format!("{dir}/broken.rules"));
    builder.rules_file(format!("{dir}/missing.rules"));
    let shown: Vec<String> = lint(&builder)
        .iter()
        .map(|f| f.to_string().replace('\\', "/"))
        .map(|f| {
            // The OS's wording of "file not found" varies.
            match f.find("cannot read: ") {
                Some(at) => format!("{}cannot read: <io error>", &f[..at]),
                None => f,
            }
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

#[test]
fn the_command_prints_every_finding_and_exits_1() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args([
            "lint",
            "--gazetteer",
            "tests/fixtures/lint/people.tsv",
            "--rules",
            "tests/fixtures/lint/bad.rules",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for want in [
        "tests/fixtures/lint/people.tsv:4: office \"foreign_minister@NOR:2021-2017\" ends (2017) before it begins (2021)\n",
        "tests/fixtures/lint/people.tsv:5: id \"Anna_Berg\" is not in the contract's form",
        "tests/fixtures/lint/bad.rules:14: rule criticism/silent has no example",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in\n{stdout}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("findings"));
}
