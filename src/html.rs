//! An HTML view of extracted documents, for reading results by eye.
//!
//! [`render`] writes one self-contained page (inline CSS, no script, no
//! external resource) with, per document, its text with every entity
//! highlighted by kind (a legend at the top) and its relations listed beside
//! it. Each relation links to the sentence that states it (anchor ids
//! `d{doc}-s{start}`, highlighted when targeted); negated relations are struck
//! through, possible ones have a dashed border, intended ones a dotted one.
//! Every piece of text is HTML-escaped. `chancery extract --format html`
//! writes this page.
//!
//! # Example
//! ```
//! let ex = chancery::Extractor::new()?;
//! let text = "Moscow formally recognised the Taliban government.";
//! let doc = ex.extract(text).with_id("doc-1");
//! let page = chancery::html::render([(&doc, text)]);
//! assert!(page.contains(r#"<mark class="ent country" data-id="RUS""#));
//! assert!(page.contains(r##"<a href="#d0-s0">"##));
//! # Ok::<(), chancery::Error>(())
//! ```

use crate::document::{Document, Modality};
use std::collections::HashMap;
use std::fmt::Write;

const STYLE: &str = "\
:root{--country:#cfe3ff;--organisation:#d9f2d0;--person:#ffe0b8;--ink:#1d2330;--muted:#5b6475;--line:#d7dbe3}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--ink);background:#f6f7f9}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1.2rem}
header h1{font-size:1.1rem;margin:0 0 .3rem}
.legend{margin:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;color:var(--muted);font-size:.85rem}
.doc{background:#fff;border:1px solid var(--line);border-radius:6px;margin:1rem 1.2rem;padding:.8rem 1rem}
.doc h2{font-size:1rem;margin:0 0 .6rem;word-break:break-all}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);gap:1.2rem}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.sent{border-radius:3px}
.sent:target{background:#fff3a6;outline:2px solid #e0c84a}
mark.ent{color:inherit;border-radius:3px;padding:0 .1em}
mark.country{background:var(--country)}
mark.organisation{background:var(--organisation)}
mark.person{background:var(--person)}
.rels h3{font-size:.9rem;margin:0 0 .4rem;color:var(--muted)}
.rels ol{margin:0;padding:0;list-style:none}
.rel{border:1px solid var(--line);border-left:4px solid #7a8599;border-radius:4px;padding:.3rem .5rem;margin:0 0 .4rem;font-size:.9rem}
.rel a{color:inherit;text-decoration:none}
.rel a:hover .what{text-decoration:underline}
.rel .type{font-weight:600}
.rel.negated .what{text-decoration:line-through}
.rel.negated{border-left-color:#c0392b}
.rel.possible{border-style:dashed;border-left-style:dashed}
.rel.intended{border-left-style:dotted}
.badge{display:inline-block;font-size:.75rem;border:1px solid var(--line);border-radius:9px;padding:0 .45rem;margin:.15rem .2rem 0 0;color:var(--muted)}
.none{color:var(--muted);font-size:.9rem}
";

/// Escapes `s` for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One self-contained HTML page showing each `(document, its text)`.
///
/// Spans that do not fit the text (out of range, not on a character
/// boundary, overlapping an earlier one or crossing a sentence) are shown
/// unhighlighted rather than breaking the page.
pub fn render<'a>(docs: impl IntoIterator<Item = (&'a Document, &'a str)>) -> String {
    let docs: Vec<(&Document, &str)> = docs.into_iter().collect();
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>chancery: {} document{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        docs.len(),
        if docs.len() == 1 { "" } else { "s" }
    );
    page.push_str(
        "<header>\n<h1>chancery</h1>\n<p class=\"legend\">\
         <mark class=\"ent country\">country</mark>\
         <mark class=\"ent organisation\">organisation</mark>\
         <mark class=\"ent person\">person</mark>\
         <span class=\"rel negated\"><span class=\"what\">negated</span></span>\
         <span class=\"rel possible\">possible</span>\
         <span class=\"rel intended\">intended</span>\
         </p>\n</header>\n<main>\n",
    );
    for (i, (doc, text)) in docs.iter().enumerate() {
        render_doc(&mut page, i, doc, text);
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn doc_title(i: usize, id: &str) -> String {
    if id.is_empty() {
        format!("document {}", i + 1)
    } else {
        id.to_string()
    }
}

fn fits(text: &str, start: usize, end: usize) -> bool {
    start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

fn render_doc(page: &mut String, i: usize, doc: &Document, text: &str) {
    // Evidence sentences: distinct, in order, not overlapping.
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    let mut by_start: Vec<(usize, usize)> =
        doc.relations.iter().map(|r| (r.start, r.end)).collect();
    by_start.sort_unstable();
    by_start.dedup_by_key(|s| s.0);
    for (start, end) in by_start {
        if start < end
            && fits(text, start, end)
            && sentences.last().is_none_or(|last| last.1 <= start)
        {
            sentences.push((start, end));
        }
    }
    // Entities: in order, not overlapping, not crossing a sentence edge.
    let mut entities = Vec::new();
    let mut last_end = 0;
    for e in &doc.entities {
        let crosses = sentences
            .iter()
            .any(|&(s, t)| (e.start < s && s < e.end) || (e.start < t && t < e.end));
        if e.start < e.end && e.start >= last_end && fits(text, e.start, e.end) && !crosses {
            last_end = e.end;
            entities.push(e);
        }
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(sentences.iter().flat_map(|&(s, t)| [s, t]));
    cuts.extend(entities.iter().flat_map(|e| [e.start, e.end]));
    cuts.sort_unstable();
    cuts.dedup();

    let _ = write!(
        page,
        "<article class=\"doc\" id=\"d{i}\">\n<h2>{}</h2>\n<div class=\"cols\">\n<div class=\"text\">",
        escape(&doc_title(i, &doc.id))
    );
    let (mut si, mut ei) = (0, 0);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if ei > 0 && entities[ei - 1].end == a {
            page.push_str("</mark>");
        }
        if si > 0 && sentences[si - 1].1 == a {
            page.push_str("</span>");
        }
        if sentences.get(si).is_some_and(|s| s.0 == a) {
            let _ = write!(page, "<span class=\"sent\" id=\"d{i}-s{a}\">");
            si += 1;
        }
        if let Some(e) = entities.get(ei).filter(|e| e.start == a) {
            let _ = write!(
                page,
                "<mark class=\"ent {kind}\" data-id=\"{id}\" title=\"{id} · {name} ({kind}, via {via})\">",
                kind = e.kind,
                id = escape(&e.id),
                name = escape(&e.name),
                via = e.via.as_str(),
            );
            ei += 1;
        }
        page.push_str(&escape(&text[a..b]));
    }
    if ei > 0 && entities[ei - 1].end == text.len() {
        page.push_str("</mark>");
    }
    if si > 0 && sentences[si - 1].1 == text.len() {
        page.push_str("</span>");
    }
    page.push_str("</div>\n<aside class=\"rels\">\n");

    let names: HashMap<&str, &str> = doc
        .entities
        .iter()
        .map(|e| (e.id.as_ref(), e.name.as_ref()))
        .collect();
    let actor = |id: &str| match names.get(id) {
        Some(name) if *name != id => format!("{} <small>({})</small>", escape(name), escape(id)),
        _ => escape(id),
    };
    let _ = writeln!(page, "<h3>Relations ({})</h3>", doc.relations.len());
    if doc.relations.is_empty() {
        page.push_str("<p class=\"none\">No relations found.</p>\n");
    } else {
        page.push_str("<ol>\n");
        for r in &doc.relations {
            let mut class = String::from("rel");
            if r.negated {
                class.push_str(" negated");
            }
            if r.modality != Modality::Asserted {
                let _ = write!(class, " {}", r.modality);
            }
            let _ = write!(
                page,
                "<li class=\"{class}\" data-type=\"{kind}\" title=\"rule {rule}\">",
                kind = r.kind,
                rule = escape(&r.rule)
            );
            let what = format!(
                "<span class=\"what\"><span class=\"type\">{}</span> {} → {}</span>",
                r.kind,
                actor(&r.subject),
                actor(&r.object)
            );
            if sentences.iter().any(|s| s.0 == r.start) {
                let _ = write!(page, "<a href=\"#d{i}-s{}\">{what}</a>", r.start);
            } else {
                page.push_str(&what);
            }
            page.push_str("<br>");
            let mut badges: Vec<String> = Vec::new();
            if r.negated {
                badges.push("negated".into());
            }
            if r.modality != Modality::Asserted {
                badges.push(r.modality.to_string());
            }
            if let Some(year) = r.year {
                badges.push(year.to_string());
            }
            if let Some(role) = r.role {
                badges.push(format!("role {role}"));
            }
            if let Some(to) = &r.to {
                badges.push(format!("to {}", escape(to)));
            }
            if let Some(c) = &r.cameo {
                badges.push(format!("CAMEO {}", escape(c)));
            }
            if let Some(p) = &r.plover {
                badges.push(format!("PLOVER {}", escape(p)));
            }
            for b in badges {
                let _ = write!(page, "<span class=\"badge\">{b}</span>");
            }
            page.push_str("</li>\n");
        }
        page.push_str("</ol>\n");
    }
    page.push_str("</aside>\n</div>\n</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn tags_nest_and_text_survives() {
        let ex = Extractor::new().unwrap();
        let text = "Intro <b>&</b>. Moscow formally recognised the Taliban government. China has not recognised the Taliban.";
        let doc = ex.extract(text).with_id("<id>");
        let page = render([(&doc, text)]);
        assert!(page.contains("<h2>&lt;id&gt;</h2>"));
        assert!(page.contains("Intro &lt;b&gt;&amp;&lt;/b&gt;."));
        // Tags balance.
        assert_eq!(
            page.matches("<mark").count(),
            page.matches("</mark>").count()
        );
        assert_eq!(
            page.matches("<span").count(),
            page.matches("</span>").count()
        );
        assert!(page.contains("class=\"rel negated\""));
        // Stripping the tags gives back the text.
        let body = &page
            [page.find("<div class=\"text\">").unwrap() + 18..page.find("</div>\n<aside").unwrap()];
        let mut plain = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_eq!(plain, text);
    }

    #[test]
    fn bad_spans_are_shown_plain() {
        let ex = Extractor::new().unwrap();
        let text = "Moscow welcomed the decision.";
        let mut doc = ex.extract(text);
        doc.entities[0].end = 400;
        let page = render([(&doc, "Moscow welcomed the decision.")]);
        assert!(!page.contains("data-id="));
        assert!(page.contains("Moscow welcomed"));
        let empty = render(std::iter::empty());
        assert!(empty.contains("chancery: 0 documents"));
    }
}
