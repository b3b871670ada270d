//! The `chancery` command on bad streams (issue 5): bad lines and files are
//! named on standard error as `path:line`, every good document still comes out
//! in order, broken gazetteer or rule files stop the run before any output,
//! thread count never changes the output, and a closed pipe ends the run
//! quietly.

use chancery::{Context, Extractor};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chancery"));
    c.env_remove("RUST_BACKTRACE");
    c
}

/// A fresh directory for one test under Cargo's per-target scratch space.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs chancery")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs chancery");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("embedded data builds"))
}

/// The line the library says `chancery` should write for this document
/// (`context`: the JSON line's other fields, `None` for plain text).
fn expected_line(id: &str, text: &str, context: Option<&str>) -> String {
    let context = context.map(|c| Context::from_json(c).expect("a JSON object"));
    serde_json::to_string(&extractor().extract(text).with_id(id).with_context(context)).unwrap()
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ids(out: &Output) -> Vec<serde_json::Value> {
    stdout_lines(out)
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("every output line is JSON")["id"]
                .clone()
        })
        .collect()
}

const GOOD_1: &str = "Moscow formally recognised the Taliban government.";
const GOOD_2: &str = "China has not recognised the Taliban.";
const GOOD_3: &str = "Pakistan, Saudi Arabia and the UAE recognised the Taliban in 1997.";

fn json_line(id: serde_json::Value, text: &str) -> Vec<u8> {
    let mut line = serde_json::to_vec(&serde_json::json!({"id": id, "text": text})).unwrap();
    line.push(b'\n');
    line
}

#[test]
fn bad_jsonl_lines_are_named_and_good_documents_still_come_out_in_order() {
    let dir = scratch("bad_stream");
    let mut a = Vec::new();
    a.extend(json_line("good-1".into(), GOOD_1)); // 1
    a.extend(b"this is not JSON\n"); // 2
    a.extend(b"{\"id\": \"no-text\", \"body\": \"Russia met Iran.\"}\n"); // 3
    a.extend(b"{\"id\": \"bad-utf8\", \"text\": \"Russia \xff\xfe met Iran.\"}\n"); // 4
    a.extend(json_line("too-long".into(), &"Russia met Iran. ".repeat(8))); // 5
    a.extend(json_line(7.into(), GOOD_2)); // 6
    a.extend(b"\n"); // 7: blank, skipped silently
    a.extend(b"{\"id\": \"text-not-string\", \"text\": 5}\n"); // 8
    a.extend(b"[7, \"Russia met Iran.\"]\n"); // 9: an array is not a document
    a.extend(b"{\"id\": \"crlf\", \"text\": \"Iran met Qatar.\"}\r\n"); // 10
    a.extend(b"{\"text\": \"Russia met Iran.\", \"extra\": [1]}\n"); // 11: no id (null), extra field
    a.extend(b"{\"id\": \"truncated\", \"text\": \"Russ"); // 12: no newline at EOF either
    let a = write(&dir, "a.jsonl", &a);
    let missing = dir.join("missing.jsonl").to_str().unwrap().to_string();
    let mut b = "\u{feff}".as_bytes().to_vec(); // a byte-order mark
    b.extend(json_line(0.into(), GOOD_3)); // 1
    b.extend(json_line((-3.5).into(), GOOD_1)); // 2
    let b = write(&dir, "b.jsonl", &b);

    let out = run(&[
        "extract",
        "--jsonl",
        "--max-doc-bytes",
        "100",
        "--no-progress",
        &a,
        &missing,
        &b,
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");

    let expected = [
        expected_line("good-1", GOOD_1, Some("{}")),
        expected_line("7", GOOD_2, Some("{}")),
        expected_line("crlf", "Iran met Qatar.", Some("{}")),
        expected_line(
            &format!("{a}:11"),
            "Russia met Iran.",
            Some(r#"{"extra":[1]}"#),
        ),
        expected_line("0", GOOD_3, Some("{}")),
        expected_line("-3.5", GOOD_1, Some("{}")),
    ];
    assert_eq!(stdout_lines(&out), expected, "stderr:\n{err}");

    // Every problem, in input order, named by path:line.
    let reported: Vec<&str> = err.lines().collect();
    let wanted = [
        format!("chancery: {a}:2: "),
        format!("chancery: {a}:3: "),
        format!("chancery: {a}:4: "),
        format!("chancery: {a}:5: "),
        format!("chancery: {a}:8: "),
        format!("chancery: {a}:9: "),
        format!("chancery: warning: {a}:11: "),
        format!("chancery: {a}:12: "),
        format!("chancery: {missing}: "),
    ];
    assert_eq!(reported.len(), wanted.len(), "stderr:\n{err}");
    for (line, prefix) in reported.iter().zip(&wanted) {
        assert!(
            line.starts_with(prefix.as_str()),
            "{line:?} should start with {prefix:?}"
        );
    }

    let dir_pattern = regex::escape(dir.to_str().unwrap());
    insta::with_settings!({
        snapshot_path => "snapshots_cli",
        prepend_module_to_snapshot => false,
        filters => vec![(dir_pattern.as_str(), "[TMP]")],
    }, {
        insta::assert_snapshot!("bad_stream_stderr", err);
    });
}

#[test]
fn all_good_input_exits_zero() {
    let mut input = Vec::new();
    input.extend(json_line("a".into(), GOOD_1));
    input.extend(json_line(2.into(), GOOD_2));
    let out = run_stdin(&["extract", "--jsonl", "--no-progress"], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(
        stdout_lines(&out),
        [
            expected_line("a", GOOD_1, Some("{}")),
            expected_line("2", GOOD_2, Some("{}"))
        ]
    );
}

#[test]
fn plain_text_files_with_invalid_utf8_or_over_the_limit_are_named() {
    let dir = scratch("plain_text");
    let good = write(&dir, "good.txt", GOOD_1.as_bytes());
    let bad = write(
        &dir,
        "bad.txt",
        b"Russia met Iran.\nQatar met Iran.\nKabul \xc3\x28 said.\n",
    );
    let long = write(&dir, "long.txt", "Russia met Iran. ".repeat(20).as_bytes());
    let missing = dir.join("missing.txt").to_str().unwrap().to_string();
    let last = write(&dir, "last.txt", GOOD_2.as_bytes());

    let out = run(&[
        "extract",
        "--max-doc-bytes",
        "200",
        "--no-progress",
        &good,
        &bad,
        &long,
        &missing,
        &last,
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        stdout_lines(&out),
        [
            expected_line(&good, GOOD_1, None),
            expected_line(&last, GOOD_2, None)
        ],
        "stderr:\n{err}"
    );
    let reported: Vec<&str> = err.lines().collect();
    assert_eq!(reported.len(), 3, "{err}");
    assert!(
        reported[0].starts_with(&format!("chancery: {bad}:3: ")),
        "{err}"
    );
    assert!(reported[0].contains("UTF-8"), "{err}");
    assert!(
        reported[1].starts_with(&format!("chancery: {long}")),
        "{err}"
    );
    assert!(reported[1].contains("limit"), "{err}");
    assert!(
        reported[2].starts_with(&format!("chancery: {missing}: ")),
        "{err}"
    );

    // Standard input, too.
    let out = run_stdin(&["extract", "--no-progress"], b"Russia \xff met Iran.");
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).starts_with("chancery: -:1: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_gazetteer_stops_the_run_before_any_output() {
    let dir = scratch("broken_gazetteer");
    let gazetteer = write(
        &dir,
        "people.tsv",
        b"# my people\nid\tname\taliases\njane-roe\tJane Roe\t\njohn-doe\tJohn Doe\n",
    );
    let input = write(&dir, "in.jsonl", &json_line("a".into(), GOOD_1));
    let out = run(&["extract", "--jsonl", "--gazetteer", &gazetteer, &input]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "no output before the error");
    assert!(
        err.contains(&format!("{gazetteer}:4: ")),
        "names path:line: {err}"
    );
    assert!(
        err.contains("expected 3 tab-separated fields, found 2"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    // A gazetteer that does not exist.
    let missing = dir.join("nope.tsv").to_str().unwrap().to_string();
    let out = run(&["extract", "--jsonl", "--gazetteer", &missing, &input]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains(&missing), "{}", stderr(&out));
}

#[test]
fn a_broken_rule_file_stops_the_run_before_any_output() {
    let dir = scratch("broken_rules");
    let rules = write(
        &dir,
        "my.rules",
        b"class extend = extend{,s,ed,ing}\n\
          rule endorsement/extend-hand: endorsement\n  \
          pattern {subject} @vg* ^@extnd a hand to {object}\n",
    );
    let input = write(&dir, "in.jsonl", &json_line("a".into(), GOOD_1));
    let out = run(&["extract", "--jsonl", "--rules", &rules, &input]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "no output before the error");
    assert!(
        err.contains(&format!("{rules}:3: unknown class @extnd")),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// A few hundred varied documents, the same on every run.
fn generated_documents(count: usize) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "Russia",
        "the Taliban",
        "Moscow",
        "Kabul",
        "China",
        "Pakistan",
        "Saudi Arabia",
        "the UAE",
        "Iran",
        "Qatar",
        "Vladimir Putin",
        "Putin",
        "Afghan Foreign Minister",
        "Côte d’Ivoire",
        "recognised",
        "met",
        "sanctioned",
        "will not recognise",
        "appointed an ambassador to",
        "condemned",
        "welcomed",
        "has not",
        "in 1997",
        "and",
        ",",
        ".",
        "’s",
        "“",
        "”",
        "…",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::new();
    for i in 0..count {
        let words = 5 + (next() % 60) as usize;
        let text: Vec<&str> = (0..words)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let id: serde_json::Value = if i % 3 == 0 {
            i.into()
        } else {
            format!("doc-{i}").into()
        };
        out.extend(json_line(id, &text.join(" ")));
    }
    out
}

#[test]
fn thread_count_never_changes_the_output() {
    let input = generated_documents(600);
    let one = run_stdin(
        &["extract", "--jsonl", "--no-progress", "--threads", "1"],
        &input,
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(stdout_lines(&one).len(), 600);
    for threads in ["2", "4"] {
        let many = run_stdin(
            &["extract", "--jsonl", "--no-progress", "--threads", threads],
            &input,
        );
        assert_eq!(many.status.code(), Some(0), "{}", stderr(&many));
        assert!(
            one.stdout == many.stdout,
            "--threads 1 and --threads {threads} differ"
        );
    }
    let ids = ids(&one);
    for (i, id) in ids.iter().enumerate() {
        let want = if i % 3 == 0 {
            i.to_string()
        } else {
            format!("doc-{i}")
        };
        assert_eq!(
            id,
            &serde_json::Value::String(want),
            "ids are always strings"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = scratch("closed_pipe");
    let input = write(&dir, "big.jsonl", &generated_documents(20_000));
    let mut child = bin()
        .args(["extract", "--jsonl", "--no-progress", &input])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first:?}");
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        matches!(status.code(), Some(0 | 3)),
        "exit status {status:?}, stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn usage_errors_exit_two_and_help_lists_the_exit_codes() {
    let out = run(&["extract", "--progress", "--no-progress", "x.txt"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&["extract", "--jsonl", "--text"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let help = String::from_utf8(run(&["extract", "--help"]).stdout).unwrap();
    for code in [
        "0  every input",
        "1  a gazetteer",
        "2  usage",
        "3  some input was skipped",
    ] {
        assert!(help.contains(code), "{help}");
    }
    let version = String::from_utf8(run(&["--version"]).stdout).unwrap();
    assert!(
        version.contains(&format!("output contract {}", chancery::CONTRACT_VERSION)),
        "{version}"
    );
}

#[test]
fn directories_are_walked_and_jsonl_is_detected() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let a = write(&dir, "a.txt", GOOD_1.as_bytes());
    write(&dir, "sub/b.jsonl", &json_line("b-1".into(), GOOD_2));
    write(&dir, "notes.md", b"Russia met Iran.");
    write(&dir, ".hidden.txt", b"Russia met Iran.");
    let d = dir.to_str().unwrap();
    let out = run(&["extract", "--no-progress", d]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout_lines(&out),
        [
            expected_line(&a, GOOD_1, None),
            expected_line("b-1", GOOD_2, Some("{}"))
        ]
    );
    let out = run(&["extract", "--no-progress", "--glob", "*.md", d]);
    assert_eq!(ids(&out), [serde_json::json!(format!("{d}/notes.md"))]);

    // JSON Lines in a .txt file is refused with a hint, not read as one document.
    let c = write(&dir, "c.txt", &json_line("c".into(), GOOD_1));
    let out = run(&["extract", "--no-progress", &c]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("give --jsonl"), "{}", stderr(&out));
    let out = run_stdin(
        &["extract", "--no-progress"],
        &json_line("c".into(), GOOD_1),
    );
    assert!(stderr(&out).contains("give --jsonl"), "{}", stderr(&out));
    let out = run(&["extract", "--no-progress", "--jsonl", &c]);
    assert_eq!(ids(&out), [serde_json::json!("c")]);
}

#[test]
fn output_goes_to_a_file_and_threads_zero_uses_every_core() {
    let dir = scratch("output_file");
    let input = write(&dir, "in.jsonl", &generated_documents(40));
    let target = dir.join("out.jsonl");
    let out = run(&[
        "extract",
        "--no-progress",
        "--threads",
        "0",
        "-o",
        target.to_str().unwrap(),
        &input,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let one = run(&["extract", "--no-progress", "--threads", "1", &input]);
    assert_eq!(std::fs::read(&target).unwrap(), one.stdout);
}

#[test]
fn relations_tsv_and_csv_have_one_relation_per_line() {
    let input = json_line("x,\"1\"".into(), GOOD_3);
    let doc = extractor().extract(GOOD_3);
    let n = doc.relations.len();
    assert!(n >= 3);
    let out = run_stdin(&["extract", "--jsonl", "--format", "relations"], &input);
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), n);
    for (line, r) in lines.iter().zip(&doc.relations) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["doc"], "x,\"1\"");
        assert_eq!(v["subject"], r.subject.as_ref());
        assert!(v["role"].is_null());
    }
    let out = run_stdin(&["extract", "--jsonl", "--format", "tsv"], &input);
    let lines = stdout_lines(&out);
    assert_eq!(lines.len(), n + 1);
    assert!(lines[0].starts_with("doc\ttype\tsubject\tobject\tnegated\tmodality\tyear\t"));
    assert!(lines[1].starts_with("x,\"1\"\trecognition\tPAK\ttaliban\tfalse\tasserted\t1997\t"));
    let out = run_stdin(&["extract", "--jsonl", "--format", "csv"], &input);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\r\n\"x,\"\"1\"\"\",recognition,PAK,taliban,false,asserted,1997,"));
}

#[test]
fn explain_reads_files_and_standard_input_and_filters() {
    let dir = scratch("explain");
    let file = write(&dir, "p1.txt", GOOD_2.as_bytes());
    let from_file = run(&["explain", &file]);
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    let from_stdin = run_stdin(&["explain", "-"], GOOD_2.as_bytes());
    let from_arg = run(&["explain", GOOD_2]);
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert_eq!(from_file.stdout, from_arg.stdout);
    let report = String::from_utf8(from_file.stdout).unwrap();
    assert!(report.contains("near miss"), "{report}");
    assert!(
        report.contains("(src/rules/constructions.rules:"),
        "{report}"
    );

    let missing = run(&["explain", "news/p1.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no such file"));

    let quiet = String::from_utf8(run(&["explain", "--no-near-misses", &file]).stdout).unwrap();
    assert!(!quiet.contains("near miss") && quiet.contains("rule recognition/active"));
    let one = String::from_utf8(run(&["explain", "--rule", "recognition/passive", &file]).stdout)
        .unwrap();
    assert!(!one.contains("rule recognition/active") && one.contains("recognition/passive"));
    assert_eq!(
        run(&["explain", "--rule", "no/such-rule", &file])
            .status
            .code(),
        Some(1)
    );

    let dated = String::from_utf8(
        run(&[
            "explain",
            "--date",
            "2026-07-04",
            "The Russian president met Iran.",
        ])
        .stdout,
    )
    .unwrap();
    assert!(dated.contains("vladimir-putin"), "{dated}");
}

/// The README's `explain` sample is the real output, gazetteer and rule line
/// numbers aside (they move with the data).
#[test]
fn the_readme_explain_sample_is_true() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("$ chancery explain --no-near-misses ")
        .expect("the README has the sample");
    let sample: Vec<&str> = readme[start..]
        .lines()
        .take_while(|l| *l != "```")
        .collect();
    let command = sample[0].trim_start_matches("$ chancery explain --no-near-misses ");
    let text = command.trim_matches('"');
    let real = run(&["explain", "--no-near-misses", text]);
    let real = String::from_utf8(real.stdout).unwrap();
    let mask = |s: &str| {
        let s = regex::Regex::new(r":\d+")
            .unwrap()
            .replace_all(s, ":N")
            .into_owned();
        // Patterns are edited with the rules: compare where they live, not their text.
        match s.trim_start().strip_prefix("pattern ") {
            Some(p) => p
                .rsplit_once("  (")
                .map(|(_, at)| at.to_string())
                .unwrap_or(s),
            None => s,
        }
    };
    let want: Vec<String> = sample[1..].iter().map(|l| mask(l)).collect();
    let got: Vec<String> = real.lines().map(mask).collect();
    assert_eq!(got, want);
}

#[test]
fn lint_writes_json_findings() {
    let dir = scratch("lint_json");
    let rules = write(
        &dir,
        "my.rules",
        b"rule endorsement/x: endorsement\n  pattern {subject} ^praised {object}\n  example Norway praised Sweden. => NOR SWE negated\n",
    );
    let out = run(&["lint", "--format", "json", "--rules", &rules]);
    let lines = stdout_lines(&out);
    assert!(!lines.is_empty());
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["path"].is_string() && v["line"].is_u64() && v["message"].is_string(),
            "{v}"
        );
    }
    assert!(lines.iter().any(|l| l.contains(&rules)), "{lines:?}");
}
