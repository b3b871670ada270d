//! Every rule's own examples and counter-examples, run against the full embedded extractor.

use chancery::Extractor;

#[test]
fn every_rule_passes_its_own_examples() {
    let ex = Extractor::new().expect("embedded data builds");
    // The check itself is `chancery lint`'s (`chancery::lint::rule_examples`):
    // rules without an example, missed examples, counter-examples that fire,
    // rules that never fire on their own examples.
    let failures: Vec<String> = chancery::lint::rule_examples(&ex)
        .iter()
        .map(ToString::to_string)
        .collect();
    let checked: usize = ex.rules().rules().iter().map(|r| r.examples.len()).sum();
    assert!(checked > 50, "only {checked} examples");
    assert!(
        failures.is_empty(),
        "{} of {checked} rule examples failed:\n{}\nhelp: fix the rule's pattern or the lexicon classes in src/rules/*.rules",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_relation_type_has_a_rule() {
    let ex = Extractor::new().unwrap();
    for t in chancery::RelationType::ALL {
        assert!(
            ex.rules().rules().iter().any(|r| r.relation == *t),
            "no rule emits {t}"
        );
    }
}

#[test]
fn a_user_rule_file_is_added_at_run_time() {
    let dir = std::env::temp_dir().join(format!("chancery-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.rules");
    std::fs::write(
        &path,
        "class extend = extend{,s,ed,ing}\n\
         rule endorsement/extend-hand: endorsement\n  pattern {subject} @vg* ^@extend a hand to {object}\n",
    )
    .unwrap();
    let ex = Extractor::builder().rules_file(&path).build().unwrap();
    let doc = ex.extract("Norway has extended a hand to Afghanistan.");
    let r = doc
        .relations
        .iter()
        .find(|r| r.rule.as_ref() == "endorsement/extend-hand")
        .unwrap();
    assert_eq!((r.subject.as_ref(), r.object.as_ref()), ("NOR", "AFG"));

    std::fs::write(
        &path,
        "rule endorsement/extend-hand: endorsement\n  pattern {subject} ^@extnd {object}\n",
    )
    .unwrap();
    let err = Extractor::builder().rules_file(&path).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}:2: unknown class @extnd", path.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
