//! A direct JSON writer for [`Document`]: the same bytes as
//! `serde_json::to_writer(out, doc)`, without serde's per-value dispatch and
//! with a string escaper that skips eight clean bytes at a time. Writing the
//! output was a sixth of all the work per input byte.
//!
//! Every struct is destructured field by field, so a field added to the
//! output model fails to compile here until it is written too (one
//! `key(...)` line and one value call); the tests compare this writer with
//! serde's output.

use crate::document::{Context, DocDate, Document, Entity, EntityKind, Relation, Via};
use crate::span::Span;

/// Appends `doc` as compact JSON (no newline) to `out`.
pub(crate) fn write_document(doc: &Document, out: &mut Vec<u8>) {
    let Document {
        id,
        date,
        context,
        entities,
        relations,
    } = doc;
    let head = Head {
        id,
        date: *date,
        context: context.as_ref(),
    };
    write_parts(
        head,
        entities.iter().map(EntityRef::of),
        (relations, None),
        out,
    );
}

/// What a document's JSON holds before its entities.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    pub id: &'a str,
    pub date: Option<DocDate>,
    pub context: Option<&'a Context>,
}

/// An entity's fields as the writer reads them: borrowed from an [`Entity`],
/// or from the extractor's mentions and the text itself (see
/// [`crate::Extractor::extract_json`]), so that no entity is copied to be
/// written.
pub(crate) struct EntityRef<'a> {
    pub id: &'a str,
    pub kind: EntityKind,
    pub name: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub via: Via,
}

impl<'a> EntityRef<'a> {
    /// The fields of `e`, every one (a field added to [`Entity`] fails to
    /// compile here until it is written too).
    pub(crate) fn of(e: &'a Entity) -> EntityRef<'a> {
        let Entity {
            id,
            kind,
            name,
            text,
            start,
            end,
            char_start,
            char_end,
            via,
        } = e;
        EntityRef {
            id,
            kind: *kind,
            name,
            text,
            start: *start,
            end: *end,
            char_start: *char_start,
            char_end: *char_end,
            via: *via,
        }
    }
}

/// Appends a document of these parts as compact JSON (no newline) to `out`.
/// With `relations` comes the text their evidence is read from (their
/// `start..end`), if it is not in their `evidence` fields.
pub(crate) fn write_parts<'a>(
    head: Head<'_>,
    entities: impl Iterator<Item = EntityRef<'a>>,
    (relations, text): (&[Relation], Option<&str>),
    out: &mut Vec<u8>,
) {
    write_head(head, out);
    for (i, e) in entities.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_entity(&e, out);
    }
    out.extend_from_slice(b"],\"relations\":[");
    for (i, r) in relations.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_relation(r, text, out);
    }
    out.extend_from_slice(b"]}");
}

/// Everything before the first entity: id, date, context.
fn write_head(head: Head<'_>, out: &mut Vec<u8>) {
    let Head { id, date, context } = head;
    out.extend_from_slice(b"{\"id\":");
    string(id, out);
    out.extend_from_slice(b",\"date\":");
    match date {
        Some(d) => write_date(d, out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"context\":");
    match context {
        // Kept as the JSON text it was read from.
        Some(c) => out.extend_from_slice(c.as_json().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"entities\":[");
}

#[inline(always)]
fn write_entity(e: &EntityRef<'_>, out: &mut Vec<u8>) {
    let EntityRef {
        id,
        kind,
        name,
        text,
        start,
        end,
        char_start,
        char_end,
        via,
    } = e;
    // The strings' quotes are written with the keys around them.
    out.extend_from_slice(b"{\"id\":\"");
    string_body_inline(id, out);
    out.extend_from_slice(b"\",\"kind\":\"");
    plain_body(kind.as_str(), out);
    out.extend_from_slice(b"\",\"name\":\"");
    string_body_inline(name, out);
    out.extend_from_slice(b"\",\"text\":\"");
    string_body_inline(text, out);
    out.extend_from_slice(b"\",\"start\":");
    number_inline(*start, out);
    out.extend_from_slice(b",\"end\":");
    number_inline(*end, out);
    out.extend_from_slice(b",\"char_start\":");
    number_inline(*char_start, out);
    out.extend_from_slice(b",\"char_end\":");
    number_inline(*char_end, out);
    out.extend_from_slice(b",\"via\":\"");
    plain_body(via.as_str(), out);
    out.extend_from_slice(b"\"}");
}

/// Writes `doc` as compact JSON (no newline) to `w`, a piece at a time: never
/// more than about [`STREAM_CHUNK`] bytes of JSON are held, however many
/// entities and relations the document has. The same bytes as [`write_document`].
pub(crate) fn stream_document<W: std::io::Write + ?Sized>(
    doc: &Document,
    w: &mut W,
) -> std::io::Result<()> {
    let Document {
        id,
        date,
        context,
        entities,
        relations,
    } = doc;
    let mut out = Vec::with_capacity(STREAM_CHUNK + 4096);
    let head = Head {
        id,
        date: *date,
        context: context.as_ref(),
    };
    write_head(head, &mut out);
    let mut flush = |out: &mut Vec<u8>, force: bool| -> std::io::Result<()> {
        if force || out.len() >= STREAM_CHUNK {
            w.write_all(out)?;
            out.clear();
        }
        Ok(())
    };
    for (i, e) in entities.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_entity(&EntityRef::of(e), &mut out);
        flush(&mut out, false)?;
    }
    out.extend_from_slice(b"],\"relations\":[");
    for (i, r) in relations.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_relation(r, None, &mut out);
        flush(&mut out, false)?;
    }
    out.extend_from_slice(b"]}");
    flush(&mut out, true)
}

/// Bytes of JSON [`stream_document`] gathers before writing them out.
pub(crate) const STREAM_CHUNK: usize = 1 << 16;

/// Appends one line per relation (each with its newline): the relation's
/// object with the document id first, as `"doc"`.
pub(crate) fn write_relation_lines(doc: &Document, out: &mut Vec<u8>) {
    for r in &doc.relations {
        out.extend_from_slice(b"{\"doc\":");
        string(&doc.id, out);
        out.push(b',');
        let at = out.len();
        write_relation(r, None, out);
        // The relation's own opening brace gives way to the `doc` field's.
        out.remove(at);
        out.push(b'\n');
    }
}

/// Appends relation `r`; its evidence is `text[start..end]` if `text` is
/// given, else its `evidence` field.
fn write_relation(r: &Relation, text: Option<&str>, out: &mut Vec<u8>) {
    let Relation {
        kind,
        subject,
        object,
        negated,
        modality,
        year,
        rule,
        cameo,
        plover,
        start,
        end,
        char_start,
        char_end,
        evidence,
        role,
        to,
        verified,
        subject_span,
        object_span,
        trigger_span,
    } = r;
    // The strings' quotes are written with the keys around them.
    out.extend_from_slice(b"{\"type\":\"");
    plain_body(kind.as_str(), out);
    out.extend_from_slice(b"\",\"subject\":\"");
    string_body(subject, out);
    out.extend_from_slice(b"\",\"object\":\"");
    string_body(object, out);
    out.extend_from_slice(b"\",\"negated\":");
    boolean(*negated, out);
    out.extend_from_slice(b",\"modality\":\"");
    plain_body(modality.as_str(), out);
    out.extend_from_slice(b"\",\"year\":");
    match year {
        Some(y) => number(usize::from(*y), out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"rule\":\"");
    string_body(rule, out);
    out.extend_from_slice(b"\",\"cameo\":");
    optional_string(cameo.as_deref(), out);
    out.extend_from_slice(b",\"plover\":");
    optional_string(plover.as_deref(), out);
    out.extend_from_slice(b",\"start\":");
    number(*start, out);
    out.extend_from_slice(b",\"end\":");
    number(*end, out);
    out.extend_from_slice(b",\"char_start\":");
    number(*char_start, out);
    out.extend_from_slice(b",\"char_end\":");
    number(*char_end, out);
    out.extend_from_slice(b",\"evidence\":\"");
    let evidence = text.and_then(|t| t.get(*start..*end)).unwrap_or(evidence);
    string_body(evidence, out);
    out.push(b'"');
    // Always written, `null` where they do not apply: the shape of a line never varies.
    out.extend_from_slice(b",\"role\":");
    match role {
        Some(role) => plain(role.as_str(), out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"to\":");
    optional_string(to.as_deref(), out);
    out.extend_from_slice(b",\"verified\":");
    match verified {
        Some(v) => boolean(*v, out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"subject_span\":");
    pair(*subject_span, out);
    out.extend_from_slice(b",\"object_span\":");
    pair(*object_span, out);
    out.extend_from_slice(b",\"trigger_span\":");
    pair(*trigger_span, out);
    out.push(b'}');
}

/// A contract spelling (`country`, `holds_office`): nothing to escape.
fn plain(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    plain_body(s, out);
    out.push(b'"');
}

/// [`plain`] without its quotes.
#[inline(always)]
fn plain_body(s: &str, out: &mut Vec<u8>) {
    debug_assert!(!s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20));
    out.extend_from_slice(s.as_bytes());
}

fn boolean(b: bool, out: &mut Vec<u8>) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// Two decimal digits for each number under 100.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// [`number_inline`], out of line, like `string_body` and `pair`: one copy
/// of each, called about ten times per relation, stays in the instruction
/// cache, where inlined copies made `write_relation` 11.8 KB of code, most
/// of it cache misses (a document's relations are few, and written between
/// the other stages' work). An entity's four numbers stay inline: entities
/// are many, written in one loop.
#[inline(never)]
fn number(n: usize, out: &mut Vec<u8>) {
    number_inline(n, out);
}

/// `n` in decimal.
#[inline(always)]
fn number_inline(n: usize, out: &mut Vec<u8>) {
    if n < 100_000_000 {
        // Eight bytes written whatever the length, then cut back: a copy of
        // fixed size, not a call to copy a few bytes.
        let (digits, len) = short_digits(n);
        let at = out.len();
        out.extend_from_slice(&digits);
        out.truncate(at + len);
        return;
    }
    long_number(n, out);
}

/// The decimal digits of `n` (under 10^8), from the first byte on, and how
/// many. Without a branch: all eight digits are made, right-aligned in one
/// word, then shifted down past the leading zeros. A branch on the length
/// mispredicts as offsets grow through a document (measured: 0.4 M more
/// mispredictions on 5 MB with it in the entities' copies alone).
#[inline]
fn short_digits(n: usize) -> ([u8; 8], usize) {
    let len = 1
        + usize::from(n >= 10)
        + usize::from(n >= 100)
        + usize::from(n >= 1000)
        + usize::from(n >= 10_000)
        + usize::from(n >= 100_000)
        + usize::from(n >= 1_000_000)
        + usize::from(n >= 10_000_000);
    let mut digits = [b'0'; 8];
    let mut rest = n;
    for at in [6, 4, 2, 0] {
        let pair = 2 * (rest % 100);
        rest /= 100;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    // Little-endian: the first digit is byte `8 - len`.
    let word = u64::from_le_bytes(digits) >> (8 * (8 - len));
    (word.to_le_bytes(), len)
}

fn long_number(mut n: usize, out: &mut Vec<u8>) {
    // Digits from the right, two at a time, without the formatting machinery.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    out.extend_from_slice(&digits[at..]);
}

#[inline(never)]
fn pair(span: Span, out: &mut Vec<u8>) {
    out.push(b'[');
    number(span.start, out);
    out.push(b',');
    number(span.end, out);
    out.push(b']');
}

/// `"YYYY"`, `"YYYY-MM"` or `"YYYY-MM-DD"`: `DocDate`'s `Display` (one per document).
fn write_date(d: DocDate, out: &mut Vec<u8>) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "\"{d}\"");
}

#[inline(always)]
fn optional_string(s: Option<&str>, out: &mut Vec<u8>) {
    match s {
        Some(s) => string(s, out),
        None => out.extend_from_slice(b"null"),
    }
}

/// Whether any byte of the word is `"`, `\` or a control character (the
/// bytes serde_json escapes), by the classic has-zero-byte bit trick.
#[inline]
fn needs_escape(word: u64) -> bool {
    use crate::swar::{lanes_equal, zero_lanes};
    // Below 0x20: bytes of `word & !0x1f..` are zero exactly then (high bytes
    // keep their top bits, so they never look small).
    let control = zero_lanes(word & 0xe0e0_e0e0_e0e0_e0e0);
    (control | lanes_equal(word, b'"') | lanes_equal(word, b'\\')) != 0
}

/// Whether any byte of `bytes` needs an escape: eight bytes at a time, the
/// last (or only) eight read overlapping the ones before, or padded.
#[inline(always)]
fn needs_escaping(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        if needs_escape(u64::from_le_bytes(*chunk)) {
            return true;
        }
        rest = tail;
    }
    if rest.is_empty() {
        return false;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        return needs_escape(u64::from_le_bytes(*last));
    }
    // Under eight bytes: the lanes past the end padded with a byte that
    // needs no escape.
    let n = bytes.len();
    let word = crate::swar::load_short(bytes).unwrap_or(0);
    let padding = !((1u64 << (8 * n)) - 1) & 0x6161_6161_6161_6161;
    needs_escape(word | padding)
}

/// `s` as a JSON string, escaped exactly as serde_json does.
#[inline(always)]
fn string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    string_body(s, out);
    out.push(b'"');
}

/// [`string`] without its quotes: the contents, escaped. Out of line (see
/// [`number`]).
#[inline(never)]
fn string_body(s: &str, out: &mut Vec<u8>) {
    string_body_inline(s, out);
}

/// [`string_body`], inlined (for an entity's strings).
#[inline(always)]
fn string_body_inline(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    if !needs_escaping(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    escaped(bytes, out);
}

/// The rest of [`string_body`] for contents that need escapes.
#[inline(never)]
fn escaped(bytes: &[u8], out: &mut Vec<u8>) {
    let mut clean = 0; // bytes[..clean] are written or known clean
    let mut written = 0;
    while clean < bytes.len() {
        let rest = &bytes[clean..];
        let chunk = match rest.first_chunk::<8>() {
            Some(chunk) => *chunk,
            None => {
                // The tail, padded with a byte that needs no escape.
                let mut padded = [b'a'; 8];
                padded[..rest.len()].copy_from_slice(rest);
                padded
            }
        };
        if !needs_escape(u64::from_le_bytes(chunk)) {
            clean = (clean + 8).min(bytes.len());
            continue;
        }
        let b = bytes[clean];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&bytes[written..clean]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
                clean += 1;
                written = clean;
                continue;
            }
            _ => {
                clean += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[written..clean]);
        out.extend_from_slice(escape);
        clean += 1;
        written = clean;
    }
    out.extend_from_slice(&bytes[written..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(s: &str) {
        let mut mine = Vec::new();
        string(s, &mut mine);
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            serde_json::to_string(s).unwrap(),
            "{s:?}"
        );
    }

    #[test]
    fn strings_escape_like_serde() {
        for s in [
            "",
            "plain",
            "exactly8",
            "a \"quoted\" word and a back\\slash",
            "tab\there, newline\n, cr\r, bell\u{7}, nul\0, \u{1f}, \u{8}\u{c}, del\u{7f}",
            "Côte d’Ivoire — “quoted” \u{2028} ünïcödé",
            "\"\"\"\"\"\"\"\"\"\\\\\\\\\\\\\\\\",
            "0123456789abcdef\"0123456789abcdef\n",
        ] {
            same_as_serde(s);
        }
        // Every byte value in every position of a chunk, and of short strings.
        for c in (0u8..0x80).map(char::from).chain(['é', '€', '\u{10348}']) {
            for pos in 0..10 {
                let mut s = "x".repeat(pos);
                s.push(c);
                same_as_serde(&s);
                s.push_str("yyyyyyyyy");
                same_as_serde(&s);
                same_as_serde(&s[pos..]);
            }
        }
    }

    #[test]
    fn numbers_write_like_serde() {
        let mut n = 0usize;
        for _ in 0..64 {
            for m in [
                n,
                n.saturating_add(1),
                n.saturating_sub(1),
                (n / 10).saturating_mul(10).saturating_add(9),
            ] {
                let mut mine = Vec::new();
                number(m, &mut mine);
                assert_eq!(mine, serde_json::to_vec(&m).unwrap(), "{m}");
            }
            n = n.saturating_mul(10).saturating_add(7);
        }
        // Each length's edges, past the eight digits written at once too.
        for power in (0..20).map(|e| 10usize.pow(e)) {
            for m in [power - 1, power, power + 1] {
                let mut mine = b"x".to_vec();
                number(m, &mut mine);
                assert_eq!(mine, format!("x{m}").into_bytes());
            }
        }
        let mut mine = Vec::new();
        number(usize::MAX, &mut mine);
        assert_eq!(mine, usize::MAX.to_string().into_bytes());
    }

    #[test]
    fn large_documents_stream_in_pieces_with_the_same_bytes() {
        let text = "Russia, China and Iran condemned Israel and Syria. ".repeat(400);
        let doc = crate::Extractor::new().unwrap().extract(&text);
        let mut whole = Vec::new();
        write_document(&doc, &mut whole);
        assert!(whole.len() > 4 * STREAM_CHUNK);
        /// Counts the writes and the largest one.
        struct Pieces(Vec<u8>, usize, usize);
        impl std::io::Write for Pieces {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.extend_from_slice(b);
                self.1 += 1;
                self.2 = self.2.max(b.len());
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut pieces = Pieces(Vec::new(), 0, 0);
        stream_document(&doc, &mut pieces).unwrap();
        assert_eq!(pieces.0, whole);
        assert!(pieces.1 >= 4, "written in pieces");
        assert!(
            pieces.2 < 2 * STREAM_CHUNK,
            "no piece much over the chunk size"
        );
    }

    #[test]
    fn documents_write_like_serde() {
        let ex = crate::Extractor::new().unwrap();
        let text = "Moscow formally recognised the Taliban government in 2025. \
                    The \"US\" ambassador to Turkey, Tom Barrack, met Recep Tayyip Erdogan.\n\
                    China has not recognised the Taliban;\tIran may sanction Israel.";
        let date = "2025-07-04".parse().unwrap();
        let context = crate::Context::from_json(
            r#"{"url":"https://x.test/a?b=\"c\"","n":123456789012345678901234567890}"#,
        );
        assert!(context.is_some());
        for (doc, id) in [
            (ex.extract(text), "doc \"1\""),
            (ex.extract_on(text, date).with_context(context), "42"),
            (ex.extract_on("Kabul", "0999-01".parse().unwrap()), ""),
            (ex.extract(""), ""),
        ] {
            let doc = doc.with_id(id);
            let mut mine = Vec::new();
            write_document(&doc, &mut mine);
            let mut streamed = Vec::new();
            stream_document(&doc, &mut streamed).unwrap();
            assert_eq!(streamed, mine);
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                serde_json::to_string(&doc).unwrap()
            );
        }
    }
}
