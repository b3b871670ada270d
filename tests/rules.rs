//! Every rule's own examples and counter-examples, run against the full embedded extractor.

use chancery::Extractor;

#[test]
fn every_rule_passes_its_own_examples() {
    let ex = Extractor::new().expect("embedded data builds");
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in ex.rules().rules() {
        assert!(
            rule.examples.iter().any(|e| !e.counter),
            "rule {} ({}:{}) has no example\nhelp: add `example TEXT => SUBJECT OBJECT` under it",
            rule.id,
            rule.path,
            rule.line
        );
        for example in &rule.examples {
            checked += 1;
            let doc = ex.extract(&example.text);
            let mine: Vec<_> = doc.relations.iter().filter(|r| r.rule == rule.id).collect();
            // An expected relation may come from an earlier rule that stated it
            // first (one relation per pair and sentence), but each rule must
            // fire on at least one of its own examples.
            let any_rule: Vec<_> = doc
                .relations
                .iter()
                .filter(|r| r.kind == rule.relation)
                .collect();
            let shown: Vec<String> = mine
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {} neg={} {}",
                        r.kind, r.subject, r.object, r.negated, r.modality
                    )
                })
                .collect();
            if example.counter {
                if !mine.is_empty() {
                    failures.push(format!(
                        "{}:{}: rule {} fired on its counter-example {:?}: {shown:?}",
                        rule.path, example.line, rule.id, example.text
                    ));
                }
                continue;
            }
            for want in &example.expected {
                let hit = any_rule.iter().any(|r| {
                    let (s, o) = (r.subject.as_ref(), r.object.as_ref());
                    ((s == want.subject && o == want.object)
                        || (rule.relation.is_symmetric() && s == want.object && o == want.subject))
                        && r.negated == want.negated
                        && r.modality == want.modality
                        && (want.role.is_none() || r.role == want.role)
                });
                if !hit {
                    let entities: Vec<String> = doc
                        .entities
                        .iter()
                        .map(|e| format!("{}={}", e.text, e.id))
                        .collect();
                    failures.push(format!(
                        "{}:{}: rule {} missed {} {}{}{} in {:?}\n    it produced {shown:?}\n    entities {entities:?}",
                        rule.path,
                        example.line,
                        rule.id,
                        want.subject,
                        want.object,
                        if want.negated { " negated" } else { "" },
                        if want.modality == chancery::Modality::Asserted { String::new() } else { format!(" {}", want.modality) },
                        example.text
                    ));
                }
            }
        }
    }
    for rule in ex.rules().rules() {
        let fires = rule.examples.iter().filter(|e| !e.counter).any(|e| {
            ex.extract(&e.text)
                .relations
                .iter()
                .any(|r| r.rule == rule.id)
        });
        if !fires {
            failures.push(format!(
                "{}:{}: rule {} never fires on its own examples (an earlier rule states them all)",
                rule.path, rule.line, rule.id
            ));
        }
    }
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
    let r = doc.relations.iter().find(|r| r.rule.as_ref() == "endorsement/extend-hand").unwrap();
    assert_eq!((r.subject.as_ref(), r.object.as_ref()), ("NOR", "AFG"));

    std::fs::write(&path, "rule endorsement/extend-hand: endorsement\n  pattern {subject} ^@extnd {object}\n").unwrap();
    let err = Extractor::builder().rules_file(&path).build().unwrap_err();
    assert_eq!(err.to_string(), format!("{}:2: unknown class @extnd", path.display()));
    std::fs::remove_dir_all(&dir).unwrap();
}
