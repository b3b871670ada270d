//! JSON Lines input: one `{"id": ..., "text": ..., ...}` record per line, read
//! with a bounded line length, and extracted in input order on every core.
//!
//! This is the reader the `chancery` command uses, public so that a Rust
//! pipeline does not rebuild it: [`Extractor::extract_jsonl`] turns any
//! `BufRead` into an iterator of documents (or of the problems that stood in
//! for them, named `name:line`). Memory stays bounded whatever the input
//! size: one batch of lines (at most [`BATCH_DOCS`] records or about
//! [`BATCH_BYTES`] of text) and its documents are held at a time.
//!
//! What a record becomes (the output contract, `docs/output.md`):
//! - `id`: a string as written; a number as its exact digits (`7` → `"7"`,
//!   `123456789012345678901234567890` keeps every digit); missing or `null`:
//!   `name:line`, with a [`Warning`].
//! - `text`: required, a string.
//! - `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time after it is ignored),
//!   or a year as a number (`2025`); anything else is a [`Warning`] and the
//!   document is extracted without a date.
//! - every field but `id` and `text` goes, unchanged, into the document's `context`.

use crate::document::{Context, DocDate, Document};
use crate::extractor::Extractor;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};

/// Records per parallel batch: enough to keep every core busy.
pub const BATCH_DOCS: usize = 256;
/// Text bytes per parallel batch: bounds the memory one batch holds.
pub const BATCH_BYTES: usize = 8 << 20;

/// One input line that could not become a document: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct InputError {
    /// `name:line` (or the name alone for a problem with the whole input).
    pub at: String,
    /// What is wrong, in lower case.
    pub message: String,
}

/// Something questionable in a record that was still extracted (a missing id,
/// a bad date): where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct Warning {
    /// `name:line`.
    pub at: String,
    /// What was wrong and what was done instead.
    pub message: String,
}

/// One JSON Lines record, read but not yet extracted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record {
    /// The document id: as written, or `name:line` when the record has none.
    pub id: String,
    /// The text to extract.
    pub text: String,
    /// The publication date, when the record gives a valid one.
    pub date: Option<DocDate>,
    /// Every field but `id` and `text`, unchanged.
    pub context: Context,
    /// What was questionable but not fatal.
    pub warnings: Vec<Warning>,
}

/// Reads one line (without its newline) as a record; `at` is its `name:line`.
pub fn parse_record(at: &str, line: &[u8]) -> Result<Record, InputError> {
    let bad = |message: String| InputError {
        at: at.to_string(),
        message,
    };
    let line = std::str::from_utf8(line).map_err(|e| {
        bad(format!(
            "invalid UTF-8 at byte {} of the line",
            e.valid_up_to()
        ))
    })?;
    // A byte-order mark (first line of some Windows files) is not content.
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if !line.trim_start().starts_with('{') {
        return Err(bad("not a JSON object".into()));
    }
    let fields = match fast_fields(line) {
        Some(fields) => fields,
        None => read_fields(line).map_err(bad)?,
    };
    let Some(text) = fields.text else {
        return Err(bad("no \"text\" string field".into()));
    };
    let mut warnings = Vec::new();
    let mut warn = |message: String| {
        warnings.push(Warning {
            at: at.to_string(),
            message,
        })
    };
    let id = match fields.id.map(RawValue::get) {
        None | Some("null") => {
            warn(format!("no \"id\": the document is named {at:?}"));
            at.to_string()
        }
        Some(raw) if raw.starts_with('"') => match unescape_simple(raw) {
            Some(id) => id,
            None => serde_json::from_str::<String>(raw)
                .map_err(|e| bad(format!("bad \"id\" string: {e}")))?,
        },
        // Numbers (and anything else) keep the exact text they were written as.
        Some(raw) => raw.to_string(),
    };
    let date = fields.date.and_then(|raw| match date_of(raw.get()) {
        Ok(d) => Some(d),
        Err(message) => {
            warn(format!("{message}; extracted without a date"));
            None
        }
    });
    Ok(Record {
        id,
        text,
        date,
        context: context_of(&fields.rest),
        warnings,
    })
}

/// The record's fields read by serde with the text decoded by serde: the
/// path whose errors are the ones reported.
fn read_fields(line: &str) -> Result<Fields<'_, String>, String> {
    serde_json::from_str(line).map_err(|e| {
        // serde says "at line 1 column N" of the JSON text: only the column means anything here.
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
            .unwrap_or(&message);
        format!(
            "not a JSON object with a \"text\" string: {message} (column {})",
            e.column()
        )
    })
}

/// The record's fields with the text taken as serde checked it and decoded
/// here in one copy, when that is sure to give what [`read_fields`] gives: the
/// record reads, its one `text` is a string, and its escapes are all of one
/// character (`\n`, `\"`, ...). Anything else (an error, a `\u` escape, a
/// text that is not a string or is given twice) is `None`, and the record
/// is read again by [`read_fields`].
fn fast_fields(line: &str) -> Option<Fields<'_, String>> {
    let raw: Fields<'_, &RawValue> = serde_json::from_str(line).ok()?;
    if raw.texts > 1 {
        return None;
    }
    let text = match raw.text {
        Some(t) => Some(unescape_simple(t.get())?),
        None => None,
    };
    Some(Fields {
        id: raw.id,
        text,
        date: raw.date,
        rest: raw.rest,
        texts: raw.texts,
    })
}

/// A JSON string token that serde has already checked (quoted, no control
/// character, valid escapes), decoded when its escapes are all of one
/// character; `None` for a `\u` escape or a token that is not a string.
fn unescape_simple(token: &str) -> Option<String> {
    let inner = token.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let c = match rest.as_bytes().get(at + 1)? {
            b'n' => '\n',
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            _ => return None,
        };
        out.push(c);
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// A record's `date` field: a date string or a four-digit year number.
fn date_of(raw: &str) -> Result<DocDate, String> {
    if raw.starts_with('"') {
        let s: Cow<str> = serde_json::from_str(raw).map_err(|e| format!("bad \"date\": {e}"))?;
        return s.parse::<DocDate>().map_err(|e| e.to_string());
    }
    match raw.parse::<u16>() {
        Ok(year) if (1000..=9999).contains(&year) => Ok(DocDate::year(year)),
        _ => Err(format!(
            "date {raw} is not a year or a YYYY, YYYY-MM or YYYY-MM-DD string"
        )),
    }
}

fn context_of(rest: &[(Cow<str>, &RawValue)]) -> Context {
    let mut json = String::with_capacity(
        2 + rest
            .iter()
            .map(|(k, v)| k.len() + v.get().len() + 4)
            .sum::<usize>(),
    );
    json.push('{');
    for (i, (key, value)) in rest.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(key.as_ref()).unwrap_or_default());
        json.push(':');
        json.push_str(value.get());
    }
    json.push('}');
    // Built from values serde_json has just read: always a JSON object.
    Context::from_json(&json).unwrap_or_else(Context::empty)
}

/// The fields of one record, read in one pass: `text` decoded, everything
/// else kept as the JSON text it was written as.
struct Fields<'a, T> {
    id: Option<&'a RawValue>,
    text: Option<T>,
    date: Option<&'a RawValue>,
    rest: Vec<(Cow<'a, str>, &'a RawValue)>,
    /// How many `text` keys the record has.
    texts: usize,
}

/// How the `text` value is read: decoded by serde ([`String`], `null`
/// refused) or kept as its JSON token (`&RawValue`).
trait TextValue<'de>: Sized {
    fn next_text<M: MapAccess<'de>>(map: &mut M) -> Result<Self, M::Error>;
}

impl<'de> TextValue<'de> for String {
    fn next_text<M: MapAccess<'de>>(map: &mut M) -> Result<String, M::Error> {
        let text: Option<String> = map.next_value()?;
        text.ok_or_else(|| de::Error::custom("\"text\" is null, not a string"))
    }
}

impl<'de> TextValue<'de> for &'de RawValue {
    fn next_text<M: MapAccess<'de>>(map: &mut M) -> Result<&'de RawValue, M::Error> {
        map.next_value()
    }
}

impl<'de: 'a, 'a, T: TextValue<'de>> serde::Deserialize<'de> for Fields<'a, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fields<'a, T>, D::Error> {
        struct V<'a, T>(std::marker::PhantomData<(&'a (), T)>);
        impl<'de: 'a, 'a, T: TextValue<'de>> Visitor<'de> for V<'a, T> {
            type Value = Fields<'a, T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Fields<'a, T>, M::Error> {
                let mut fields = Fields {
                    id: None,
                    text: None,
                    date: None,
                    rest: Vec::new(),
                    texts: 0,
                };
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "text" => {
                            fields.text = Some(T::next_text(&mut map)?);
                            fields.texts += 1;
                        }
                        "id" => fields.id = Some(map.next_value()?),
                        _ => {
                            let value: &'de RawValue = map.next_value()?;
                            if key == "date" {
                                fields.date = Some(value);
                            }
                            fields.rest.push((key, value));
                        }
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// How one line read went.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRead {
    /// A line is in the buffer (without its newline); `bytes` counts the input read, newline included.
    Line {
        /// Input bytes consumed.
        bytes: usize,
    },
    /// The input has ended.
    Eof,
    /// The line was longer than the limit: skipped to its end, not kept.
    TooLong {
        /// Its length without the newline.
        len: usize,
        /// Input bytes consumed.
        bytes: usize,
    },
}

/// Reads one line into `buf` (without its newline), never holding more than
/// `max` bytes: a longer line is skipped to its end and reported by length.
pub fn read_line_limited<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<LineRead> {
    let mut total = 0usize;
    let mut consumed = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if !any {
                LineRead::Eof
            } else if total > max {
                LineRead::TooLong {
                    len: total,
                    bytes: consumed,
                }
            } else {
                LineRead::Line { bytes: consumed }
            });
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        total += take;
        if total <= max {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            buf.clear();
        }
        let used = if done { take + 1 } else { take };
        reader.consume(used);
        consumed += used;
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if total > max {
                LineRead::TooLong {
                    len: total,
                    bytes: consumed,
                }
            } else {
                LineRead::Line { bytes: consumed }
            });
        }
    }
}

/// `name:line`, written without the formatting machinery (once per line).
fn line_name(name: &str, line: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = line;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = &digits[at..];
    let mut out = String::with_capacity(name.len() + 1 + digits.len());
    out.push_str(name);
    out.push(':');
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
    out
}

/// The records of a JSON Lines input, one per non-blank line, each with its
/// warnings, or the problem that stood in its place.
pub struct Records<R> {
    name: String,
    reader: R,
    line: usize,
    max_bytes: usize,
    done: bool,
    bytes_read: u64,
    /// The line being read, kept from one line to the next.
    buf: Vec<u8>,
}

impl<R: BufRead> Records<R> {
    /// Reads `reader`, naming lines `name:line`; lines over `max_bytes` are
    /// reported and skipped without being held.
    pub fn new(name: impl Into<String>, reader: R, max_bytes: usize) -> Records<R> {
        Records {
            name: name.into(),
            reader,
            line: 0,
            max_bytes,
            done: false,
            bytes_read: 0,
            buf: Vec::new(),
        }
    }

    /// Input bytes read so far (newlines and blank lines included).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let buf = &mut self.buf;
        while !self.done {
            buf.clear();
            self.line += 1;
            let at = line_name(&self.name, self.line);
            match read_line_limited(&mut self.reader, buf, self.max_bytes) {
                Ok(LineRead::Eof) => self.done = true,
                Ok(LineRead::TooLong { len, bytes }) => {
                    self.bytes_read += bytes as u64;
                    return Some(Err(InputError {
                        at,
                        message: format!(
                            "line is {len} bytes, over the limit of {} (raise it with --max-doc-bytes)",
                            self.max_bytes
                        ),
                    }));
                }
                Ok(LineRead::Line { bytes }) => {
                    self.bytes_read += bytes as u64;
                    if !buf.iter().all(u8::is_ascii_whitespace) {
                        return Some(parse_record(&at, buf));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError {
                        at,
                        message: format!("read error: {e}"),
                    }));
                }
            }
        }
        None
    }
}

/// What [`Extractor::extract_jsonl`] yields per input line: the document
/// (with the record's warnings) or the problem that stood in its place.
pub type Extracted = Result<(Document, Vec<Warning>), InputError>;

/// Documents extracted from a JSON Lines input in input order, a batch at a
/// time (on every core with the `parallel` feature). See [`Extractor::extract_jsonl`].
pub struct Documents<'x, R> {
    extractor: &'x Extractor,
    records: Records<R>,
    ready: std::collections::VecDeque<Extracted>,
}

impl<R: BufRead> Documents<'_, R> {
    /// Input bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.records.bytes_read()
    }

    fn fill(&mut self) {
        let mut batch: Vec<Result<Record, InputError>> = Vec::new();
        let mut bytes = 0;
        for item in self.records.by_ref() {
            bytes += item.as_ref().map_or(0, |r| r.text.len());
            batch.push(item);
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                break;
            }
        }
        let extractor = self.extractor;
        let one = |item: Result<Record, InputError>| -> Extracted {
            let r = item?;
            Ok((extractor.extract_record(&r), r.warnings))
        };
        #[cfg(feature = "parallel")]
        let done: Vec<Extracted> = {
            use rayon::prelude::*;
            batch.into_par_iter().map(one).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let done: Vec<Extracted> = batch.into_iter().map(one).collect();
        self.ready.extend(done);
    }
}

impl<R: BufRead> Iterator for Documents<'_, R> {
    type Item = Extracted;

    fn next(&mut self) -> Option<Extracted> {
        if self.ready.is_empty() {
            self.fill();
        }
        self.ready.pop_front()
    }
}

impl Extractor {
    /// Extracts one JSON Lines record: its text on its date, with its id and context.
    pub fn extract_record(&self, record: &Record) -> Document {
        let doc = match record.date {
            Some(d) => self.extract_on(&record.text, d),
            None => self.extract(&record.text),
        };
        doc.with_id(record.id.clone())
            .with_context(Some(record.context.clone()))
    }

    /// Every document of a JSON Lines input, in input order: the `chancery
    /// extract --jsonl` reader as an iterator. `name` names lines in problems
    /// and warnings (`name:line`); lines over `max_bytes` are skipped.
    ///
    /// ```
    /// let ex = chancery::Extractor::new()?;
    /// let input = "{\"id\": 7, \"text\": \"Russia recognised the Taliban.\", \"url\": \"https://example.org/1\"}\n\
    ///              not json\n\
    ///              {\"text\": \"Iran condemned Israel.\"}\n";
    /// let mut out = Vec::new();
    /// for item in ex.extract_jsonl(input.as_bytes(), "news.jsonl", 64 << 20) {
    ///     match item {
    ///         Ok((doc, warnings)) => out.push((doc.id, doc.relations.len(), warnings.len())),
    ///         Err(problem) => assert_eq!(problem.at, "news.jsonl:2"),
    ///     }
    /// }
    /// assert_eq!(out, [("7".to_string(), 1, 0), ("news.jsonl:3".to_string(), 1, 1)]);
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn extract_jsonl<R: BufRead>(
        &self,
        reader: R,
        name: impl Into<String>,
        max_bytes: usize,
    ) -> Documents<'_, R> {
        Documents {
            extractor: self,
            records: Records::new(name, reader, max_bytes),
            ready: std::collections::VecDeque::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: &str) -> Result<Record, InputError> {
        parse_record("in.jsonl:3", line.as_bytes())
    }

    #[test]
    fn ids_are_strings_exactly_as_written() {
        for (json, id) in [
            (r#"{"id": 7, "text": ""}"#, "7"),
            (r#"{"id": "7", "text": ""}"#, "7"),
            (
                r#"{"id": 123456789012345678901234567890, "text": ""}"#,
                "123456789012345678901234567890",
            ),
            (r#"{"id": -0, "text": ""}"#, "-0"),
            (r#"{"id": 1e400, "text": ""}"#, "1e400"),
            (r#"{"id": "a\"b", "text": ""}"#, "a\"b"),
        ] {
            let r = record(json).unwrap();
            assert_eq!(r.id, id, "{json}");
            assert!(r.warnings.is_empty());
        }
        let r = record(r#"{"text": "x"}"#).unwrap();
        assert_eq!(r.id, "in.jsonl:3");
        assert_eq!(r.warnings[0].at, "in.jsonl:3");
        assert_eq!(
            record(r#"{"id": null, "text": "x"}"#).unwrap().id,
            "in.jsonl:3"
        );
    }

    #[test]
    fn dates_may_be_numbers_and_bad_dates_warn_with_the_line() {
        let r = record(r#"{"text": "x", "id": "a", "date": 2025}"#).unwrap();
        assert_eq!(r.date, Some(DocDate::year(2025)));
        let r = record(r#"{"text": "x", "id": "a", "date": "2025-07-04T10:00:00Z"}"#).unwrap();
        assert_eq!(r.date.unwrap().to_string(), "2025-07-04");
        for bad in [r#""yesterday""#, "20250", "true", r#""2025-13""#] {
            let r = record(&format!(r#"{{"text": "x", "id": "a", "date": {bad}}}"#)).unwrap();
            assert_eq!(r.date, None);
            assert_eq!(r.warnings.len(), 1, "{bad}");
            assert_eq!(r.warnings[0].at, "in.jsonl:3");
        }
    }

    #[test]
    fn every_other_field_is_kept_unchanged_as_context() {
        let r = record(r#"{"url": "https://x.test/?a=\"b\"", "id": 1, "text": "x", "n": 12345678901234567890123, "date": 2025, "tags": [1, {"k": null}]}"#).unwrap();
        assert_eq!(
            r.context.as_json(),
            r#"{"url":"https://x.test/?a=\"b\"","n":12345678901234567890123,"date":2025,"tags":[1, {"k": null}]}"#
        );
        assert_eq!(record(r#"{"text": "x"}"#).unwrap().context.as_json(), "{}");
    }

    #[test]
    fn bad_lines_say_why() {
        for (line, why) in [
            ("[1, \"x\"]", "not a JSON object"),
            ("{\"id\": 1}", "no \"text\" string field"),
            ("{\"text\": null}", "is null"),
            ("{\"text\": 5}", "not a JSON object with a \"text\" string"),
            (
                "{\"text\": \"x\"",
                "not a JSON object with a \"text\" string",
            ),
        ] {
            let e = record(line).unwrap_err();
            assert_eq!(e.at, "in.jsonl:3");
            assert!(e.message.contains(why), "{line}: {}", e.message);
        }
        let e = parse_record("a:1", b"{\"text\": \"\xff\"}").unwrap_err();
        assert!(e.message.starts_with("invalid UTF-8"));
    }

    #[test]
    fn texts_decoded_here_are_what_serde_decodes() {
        for json in [
            r#"{"text": "plain"}"#,
            r#"{"text": "a\nb \"c\" \\ \/ \t\r\b\f end"}"#,
            r#"{"text": "caf\u00e9 \ud83d\ude00"}"#,
            r#"{"text": "first", "text": "second\n"}"#,
            r#"{"text": ""}"#,
        ] {
            let slow = read_fields(json).unwrap().text;
            assert_eq!(record(json).unwrap().text, slow.unwrap(), "{json}");
        }
        assert!(fast_fields(r#"{"text": "\u00e9"}"#).is_none());
        assert!(fast_fields(r#"{"text": 5, "text": "x"}"#).is_none());
        assert!(record(r#"{"text": 5, "text": "x"}"#).is_err());
        let lone = r#"{"text": "\ud800"}"#;
        let e = record(lone).unwrap_err();
        assert_eq!(Err(e.message), read_fields(lone).map(|_| ()));
    }

    #[test]
    fn lines_are_named_name_colon_number() {
        for n in [0, 1, 9, 10, 99, 12345, usize::MAX] {
            assert_eq!(line_name("in.jsonl", n), format!("in.jsonl:{n}"));
        }
    }

    #[test]
    fn long_lines_are_skipped_whole() {
        let mut r: &[u8] = b"short\nthis line is long\nok";
        let mut buf = Vec::new();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line { bytes: 6 }
        );
        assert_eq!(buf, b"short");
        buf.clear();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::TooLong { len: 17, bytes: 18 }
        );
        buf.clear();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line { bytes: 2 }
        );
        assert_eq!(buf, b"ok");
        buf.clear();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Eof
        );
    }
}
