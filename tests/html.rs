//! The HTML view (`chancery::html`, `chancery extract --format html`): a
//! snapshot of the page for a small fixture, and the page as headless
//! Chromium parses it.

use chancery::{Document, Extractor};
use std::path::PathBuf;
use std::process::Command;

const FIXTURE: &str = "tests/fixtures/html/sample.txt";

fn fixture_docs() -> Vec<(Document, String)> {
    let ex = Extractor::new().expect("the embedded data builds");
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let escaped = "Intro: <script>alert('x')</script> & \"quotes\".\nRussia condemned Israel.";
    vec![
        (ex.extract(&text).with_id("sample.txt"), text),
        (ex.extract(escaped).with_id("7"), escaped.to_string()),
    ]
}

fn page() -> String {
    let docs = fixture_docs();
    chancery::html::render(docs.iter().map(|(d, t)| (d, t.as_str())))
}

#[test]
fn page_snapshot() {
    insta::assert_snapshot!(page());
}

#[test]
fn page_is_self_contained_and_escaped() {
    let page = page();
    for external in ["http://", "https://", "<link", "<script", "src=", "@import"] {
        assert!(
            !page.contains(external),
            "the page must not load anything: found {external:?}"
        );
    }
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
    );
}

/// Headless Chromium, if installed (`.ci/run` installs it): the DOM it builds
/// from the page holds the highlighted entities, the relation list and the
/// evidence anchors.
#[test]
fn chromium_renders_entities_and_relations() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let Some(chromium) = chromium else {
        eprintln!(
            "SKIPPED chromium_renders_entities_and_relations: no /usr/bin/chromium (apt-get install chromium)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("chancery-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("page.html");
    std::fs::write(&file, page()).unwrap();
    let output = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_dir_all(&dir);
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && dom.contains("</html>"),
        "chromium failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // Entities, highlighted by kind.
    for (kind, id, text) in [
        ("country", "RUS", "Moscow"),
        ("organisation", "taliban", "Taliban"),
        ("country", "CHN", "China"),
        ("country", "ARE", "UAE"),
        ("country", "AFG", "Kabul"),
    ] {
        let mark = format!("<mark class=\"ent {kind}\" data-id=\"{id}\"");
        let at = dom
            .find(&mark)
            .unwrap_or_else(|| panic!("no {mark} in the DOM"));
        assert!(
            dom[at..].split("</mark>").next().unwrap().ends_with(text),
            "{id} does not mark {text:?}"
        );
    }
    // The text survives the parse, escaped.
    assert!(dom.contains("&lt;yet&gt; &amp; says \"never\"."));
    assert!(!dom.contains("<script>alert"));
    // The relation list: one item per relation, each linked to an evidence sentence that exists.
    let docs = fixture_docs();
    let relations: usize = docs.iter().map(|(d, _)| d.relations.len()).sum();
    assert_eq!(dom.matches("<li class=\"rel").count(), relations);
    assert!(dom.contains("<li class=\"rel negated\" data-type=\"recognition\""));
    assert!(dom.contains("<li class=\"rel intended\" data-type=\"ambassador_appointment\""));
    for href in dom.split("href=\"#").skip(1) {
        let id = href.split('"').next().unwrap();
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "link to #{id} has no target"
        );
    }
}

#[test]
fn extract_format_html_writes_one_page() {
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["extract", "--format", "html", FIXTURE, FIXTURE])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(page.matches("<article class=\"doc\"").count(), 2);
    assert!(page.contains("<h2>tests/fixtures/html/sample.txt</h2>"));
    assert!(page.contains("<mark class=\"ent country\" data-id=\"RUS\""));
}
