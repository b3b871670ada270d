//! Hostile rule and gazetteer files (issue 13): whatever a data file holds,
//! building refuses it with `file:line: reason` or accepts it within a
//! documented bound (README, "Robustness"), and never aborts the process.

use chancery::Extractor;
use chancery::rules::{MAX_NESTING, MAX_PATTERN_PATH};
use std::process::Command;

/// Builds the embedded gazetteer with one rule file alone.
fn with_rules(text: &str) -> Result<Extractor, String> {
    Extractor::builder()
        .embedded_rules(false)
        .rules_str("hostile.rules", text)
        .build()
        .map_err(|e| e.to_string())
}

fn refusal(text: &str) -> String {
    match with_rules(text) {
        Ok(_) => panic!("accepted a hostile rule file"),
        Err(e) => e,
    }
}

fn nested_rule(levels: usize) -> String {
    format!(
        "rule my/a: recognition\n  pattern {{subject}} ^recognised {}the{} {{object}}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

#[test]
fn deep_nesting_is_refused_with_file_and_line() {
    // The reproducer (3,500 levels aborted extract; 8,000 aborted build).
    for levels in [MAX_NESTING + 1, 3_500, 8_000, 200_000] {
        assert_eq!(
            refusal(&nested_rule(levels)),
            "hostile.rules:2: brackets nest deeper than 8 levels in pattern",
            "{levels} levels"
        );
    }
    // Through the command line: extract, explain and lint refuse it, naming the line.
    let dir = std::env::temp_dir().join(format!("chancery-nest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("d.rules");
    std::fs::write(&path, nested_rule(8_000)).unwrap();
    let where_ = format!("{}:2: brackets nest deeper than 8 levels", path.display());
    for args in [
        &["extract", "--rules"][..],
        &["explain", "--rules"],
        &["lint", "--rules"],
    ] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chancery"));
        cmd.args(args).arg(&path).stdin(std::process::Stdio::null());
        if args[0] == "explain" {
            cmd.arg("Russia recognised Iran.");
        }
        let out = cmd.output().unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains(&where_), "{args:?}: {said}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    // At the limit it builds and matches.
    let ex = with_rules(&nested_rule(MAX_NESTING)).unwrap();
    let doc = ex.extract("Russia recognised the Taliban.");
    assert!(doc.relations.iter().any(|r| &*r.rule == "my/a"), "{doc:?}");
}

#[test]
fn brace_expansion_is_refused_with_file_and_line() {
    // 131 bytes that once expanded to 16 million words.
    let text = format!("# many forms\nclass x = {}\n", "{a,b}".repeat(24));
    assert_eq!(
        refusal(&text),
        format!(
            "hostile.rules:2: {:?} expands to more than 64 words; split it",
            "{a,b}".repeat(24)
        )
    );
    let text = format!(
        "class x = {}\n",
        "w{a,b,c,d}{e,f,g,h}{i,j,k,l} ".repeat(100)
    );
    assert!(
        refusal(&text).starts_with("hostile.rules:1: class expands to more than 4096 words"),
        "{}",
        refusal(&text)
    );
}

/// The longest matching paths the limits allow, each matched as deep as the
/// text lets it, on a thread with a small stack: the matcher's recursion is
/// bounded by the pattern, not by the text or the step budget.
#[test]
fn the_deepest_patterns_allowed_match_on_a_small_stack() {
    let flat = format!(
        "rule my/flat: meeting\n  pattern {{subject}} ^met{} {{object}}\n",
        " the".repeat(MAX_PATTERN_PATH - 3)
    );
    // 3 + (1 + 8 x (1 + (1 + 8 x (1 + 2)))) = 212, repeats within repeats.
    let repeats = "rule my/rep: meeting\n  pattern {subject} ^met [[the the]*]* {object}\n";
    let nested = nested_rule(MAX_NESTING);
    let text = format!("Russia met{} Iran.", " the".repeat(400));
    for rules in [flat, repeats.to_string(), nested] {
        let ex = with_rules(&rules).unwrap_or_else(|e| panic!("{e}"));
        let text = text.clone();
        std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || ex.extract(&text))
            .unwrap()
            .join()
            .unwrap();
    }
}

#[test]
fn punctuation_only_aliases_are_refused_with_file_and_line() {
    for alias in [".", ",", "--", "!.", "?.", "\u{2014}"] {
        let text = format!("id\tname\taliases\nfull-stop\tFull Stop\tStop|{alias}\n");
        let e = Extractor::builder()
            .gazetteer_str("organisations.tsv", text)
            .build()
            .err()
            .unwrap_or_else(|| panic!("alias {alias:?} accepted"));
        let bare = alias.trim_start_matches(['!', '?']);
        assert_eq!(
            e.to_string(),
            format!(
                "organisations.tsv:2: surface {bare:?} has no letter or digit: it would match punctuation"
            )
        );
    }
    // lint reports every such line, not just the first.
    let dir = std::env::temp_dir().join(format!("chancery-punct-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("organisations.tsv");
    std::fs::write(&path, "id\tname\taliases\na-b\tA B\tAB|.\nc-d\tC D\t,\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["lint", "--gazetteer"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let shown = path.display();
    for (line, surface) in [(2, "."), (3, ",")] {
        assert!(
            stdout.contains(&format!(
                "{shown}:{line}: surface \"{surface}\" has no letter or digit"
            )),
            "{stdout}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    // One letter or digit is enough.
    let text = "id\tname\taliases\nx-y-group\tX.Y. Group\tX.Y.|Q9\n";
    Extractor::builder()
        .gazetteer_str("organisations.tsv", text)
        .build()
        .unwrap();
}

#[test]
fn binary_files_are_refused_with_line_and_offset_once() {
    let dir = std::env::temp_dir().join(format!("chancery-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("people.tsv");
    let mut bytes = b"id\tname\taliases\nx-y\tX Y\t\n".to_vec();
    bytes.extend_from_slice(b"z-w\tZ \xff\xfeW\t\n");
    std::fs::write(&path, &bytes).unwrap();
    let e = Extractor::builder()
        .gazetteer_file(&path)
        .build()
        .err()
        .unwrap();
    let shown = path.display().to_string();
    assert_eq!(
        e.to_string(),
        format!("{shown}:3: not UTF-8 text: invalid byte 0xff at byte offset 31")
    );

    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["extract", "--gazetteer"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("not UTF-8").count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("{shown}:3: ")), "{stderr}");

    // The same for a rule file, and through lint.
    let rules = dir.join("bad.rules");
    std::fs::write(&rules, b"# fine\n\x00\x9f\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["lint", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let shown = rules.display().to_string();
    assert!(
        stdout.contains(&format!(
            "{shown}:2: not UTF-8 text: invalid byte 0x9f at byte offset 8"
        )),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_combining_mark_is_part_of_the_word_before_it() {
    let ex = Extractor::new().unwrap();
    let names =
        |text: &str| -> Vec<String> { ex.mentions(text).into_iter().map(|e| e.text).collect() };
    // "Russiá" with U+0301 after the "a": not "Russia".
    assert_eq!(names("Russia\u{301} met Iran."), ["Iran"]);
    // A mark inside a word before the surface: "Ame\u{301}rica" holds no "rica".
    assert_eq!(names("Cafe\u{301}Iran met Iran."), ["Iran"]);
    // A mark on a space or punctuation does not join the words around it.
    assert_eq!(names("Iran \u{301}Russia met."), ["Iran", "Russia"]);
    // A surface written with a combining accent ends on a word character.
    let ex = Extractor::builder()
        .gazetteer_str(
            "organisations.tsv",
            "id\tname\taliases\ncafe-group\tCafe\u{301} Group\tCafe\u{301}\n",
        )
        .build()
        .unwrap();
    let found =
        |text: &str| -> Vec<String> { ex.mentions(text).into_iter().map(|e| e.text).collect() };
    assert_eq!(found("Cafe\u{301} said."), ["Cafe\u{301}"]);
    assert!(found("Cafe\u{301}s said.").is_empty());
    // Precomposed and plain text are unchanged.
    assert_eq!(names("Russiá met Iran and Russia."), ["Iran", "Russia"]);
}
