//! Output formats of `extract`: the JSON Lines contract, relations only, and
//! a flat table (TSV or CSV) with one relation per row.

use chancery::Document;

/// Output format of `extract`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per document and line (the output contract, docs/output.md).
    Json,
    /// One JSON object per relation and line: the relation's fields after "doc", the document id.
    Relations,
    /// Tab-separated, one relation per row, under a header row (tabs and line breaks
    /// in a field become spaces).
    Tsv,
    /// Comma-separated (RFC 4180 quoting), one relation per row, under a header row.
    Csv,
    /// One self-contained HTML page for all documents, written when the input ends
    /// (holds every document in memory).
    Html,
}

/// The columns of the TSV and CSV formats, in order.
pub const COLUMNS: &[&str] = &[
    "doc",
    "type",
    "subject",
    "object",
    "negated",
    "modality",
    "year",
    "rule",
    "cameo",
    "plover",
    "role",
    "to",
    "verified",
    "start",
    "end",
    "char_start",
    "char_end",
    "evidence",
];

impl Format {
    /// What the output starts with: the header row of a table.
    pub fn header(self) -> String {
        match self {
            Format::Tsv => format!("{}\n", COLUMNS.join("\t")),
            Format::Csv => format!("{}\r\n", COLUMNS.join(",")),
            _ => String::new(),
        }
    }

    /// Appends one document's output (never called for HTML, which is one page).
    pub fn write(self, doc: &Document, out: &mut Vec<u8>) {
        match self {
            Format::Json | Format::Html => {
                doc.write_json(out);
                out.push(b'\n');
            }
            Format::Relations => doc.write_relations_json(out),
            Format::Tsv | Format::Csv => table(self == Format::Csv, doc, out),
        }
    }
}

fn table(csv: bool, doc: &Document, out: &mut Vec<u8>) {
    let opt = |s: Option<String>| s.unwrap_or_default();
    for r in &doc.relations {
        let row = [
            doc.id.clone(),
            r.kind.to_string(),
            r.subject.to_string(),
            r.object.to_string(),
            r.negated.to_string(),
            r.modality.to_string(),
            opt(r.year.map(|y| y.to_string())),
            r.rule.to_string(),
            opt(r.cameo.as_ref().map(|c| c.to_string())),
            opt(r.plover.as_ref().map(|c| c.to_string())),
            opt(r.role.map(|x| x.to_string())),
            opt(r.to.as_ref().map(|x| x.to_string())),
            opt(r.verified.map(|x| x.to_string())),
            r.start.to_string(),
            r.end.to_string(),
            r.char_start.to_string(),
            r.char_end.to_string(),
            r.evidence.clone(),
        ];
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(if csv { b',' } else { b'\t' });
            }
            if csv {
                csv_field(field, out);
            } else {
                tsv_field(field, out);
            }
        }
        out.extend_from_slice(if csv { b"\r\n" } else { b"\n" });
    }
}

fn tsv_field(s: &str, out: &mut Vec<u8>) {
    out.extend(s.bytes().map(|b| {
        if matches!(b, b'\t' | b'\n' | b'\r') {
            b' '
        } else {
            b
        }
    }));
}

fn csv_field(s: &str, out: &mut Vec<u8>) {
    if !s.contains([',', '"', '\n', '\r']) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.push(b'"');
    out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_for_each_table() {
        let mut out = Vec::new();
        csv_field("said \"no\", twice", &mut out);
        assert_eq!(out, b"\"said \"\"no\"\", twice\"");
        out.clear();
        tsv_field("a\tb\r\nc", &mut out);
        assert_eq!(out, b"a b  c");
        assert_eq!(Format::Tsv.header().split('\t').count(), COLUMNS.len());
    }
}
