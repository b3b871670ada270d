//! Input: plain-text files, standard input and JSON Lines, read one document
//! at a time so that memory stays bounded whatever the input size.
//!
//! Bad input never stops the run: each problem is reported as
//! `path:line: message` and the caller keeps going.

use serde::Deserialize;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

/// One document to extract, or a problem to report in its place.
pub enum Item {
    Doc {
        id: serde_json::Value,
        text: String,
        /// The JSON line's `date` field, as given.
        date: Option<String>,
    },
    Bad {
        at: String,
        message: String,
    },
}

/// Where documents come from.
pub struct Inputs {
    paths: Vec<String>,
    next_path: usize,
    jsonl: bool,
    max_bytes: usize,
    current: Option<(String, Box<dyn BufRead>, usize)>,
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: serde_json::Value,
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

impl Inputs {
    pub fn new(paths: Vec<String>, jsonl: bool, max_bytes: usize) -> Inputs {
        let paths = if paths.is_empty() {
            vec!["-".to_string()]
        } else {
            paths
        };
        Inputs {
            paths,
            next_path: 0,
            jsonl,
            max_bytes,
            current: None,
        }
    }

    fn open(path: &str) -> io::Result<Box<dyn BufRead>> {
        if path == "-" {
            Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())))
        } else {
            Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                File::open(path)?,
            )))
        }
    }

    /// The next document or problem; `None` at the end of all inputs.
    pub fn next_item(&mut self) -> Option<Item> {
        loop {
            if self.current.is_none() {
                let path = self.paths.get(self.next_path)?.clone();
                self.next_path += 1;
                let reader = match Inputs::open(&path) {
                    Ok(r) => r,
                    Err(e) => {
                        return Some(Item::Bad {
                            at: path,
                            message: format!("cannot open: {e}"),
                        });
                    }
                };
                if !self.jsonl {
                    return Some(self.whole_file(path, reader));
                }
                self.current = Some((path, reader, 0));
            }
            let (path, reader, line_no) = self.current.as_mut()?;
            let mut buf = Vec::new();
            *line_no += 1;
            let at = format!("{path}:{line_no}");
            match read_line_limited(reader, &mut buf, self.max_bytes) {
                Ok(LineRead::Eof) => {
                    self.current = None;
                    continue;
                }
                Ok(LineRead::TooLong(len)) => {
                    return Some(Item::Bad {
                        at,
                        message: format!(
                            "line is {len} bytes, over the limit of {} (raise it with --max-doc-bytes)",
                            self.max_bytes
                        ),
                    });
                }
                Ok(LineRead::Line) => {}
                Err(e) => {
                    self.current = None;
                    return Some(Item::Bad {
                        at,
                        message: format!("read error: {e}"),
                    });
                }
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_json_line(at, &buf));
        }
    }

    fn whole_file(&self, path: String, mut reader: Box<dyn BufRead>) -> Item {
        let mut bytes = Vec::new();
        let limit = self.max_bytes as u64 + 1;
        if let Err(e) = reader.by_ref().take(limit).read_to_end(&mut bytes) {
            return Item::Bad {
                at: path,
                message: format!("read error: {e}"),
            };
        }
        if bytes.len() > self.max_bytes {
            return Item::Bad {
                at: path,
                message: format!(
                    "document is over the limit of {} bytes (raise it with --max-doc-bytes)",
                    self.max_bytes
                ),
            };
        }
        match String::from_utf8(bytes) {
            Ok(text) => Item::Doc {
                id: serde_json::Value::String(path),
                text,
                date: None,
            },
            Err(e) => {
                let at = line_of(e.as_bytes(), e.utf8_error().valid_up_to());
                Item::Bad {
                    at: format!("{path}:{at}"),
                    message: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                }
            }
        }
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count()
}

fn parse_json_line(at: String, buf: &[u8]) -> Item {
    let line = match std::str::from_utf8(buf) {
        Ok(l) => l,
        Err(e) => {
            return Item::Bad {
                at,
                message: format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
            };
        }
    };
    // A byte-order mark (first line of some Windows files) is not content.
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    // serde would read a struct from an array too (`[1, "text"]`): only objects are documents.
    if !line.trim_start().starts_with('{') {
        return Item::Bad {
            at,
            message: "not a JSON object".into(),
        };
    }
    match serde_json::from_str::<JsonDoc>(line) {
        Ok(JsonDoc {
            id,
            text: Some(text),
            date,
        }) => {
            let id = match id {
                serde_json::Value::String(_) | serde_json::Value::Number(_) => id,
                serde_json::Value::Null => serde_json::Value::Null,
                other => serde_json::Value::String(other.to_string()),
            };
            Item::Doc { id, text, date }
        }
        Ok(JsonDoc { text: None, .. }) => Item::Bad {
            at,
            message: "no \"text\" string field".into(),
        },
        Err(e) => {
            // serde says "at line 1 column N" of the JSON text: only the column means anything here.
            let message = e.to_string();
            let message = message
                .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                .unwrap_or(&message);
            Item::Bad {
                at,
                message: format!(
                    "not a JSON object with a \"text\" string: {message} (column {})",
                    e.column()
                ),
            }
        }
    }
}

enum LineRead {
    Line,
    Eof,
    TooLong(usize),
}

/// Reads one line into `buf` (without its newline), never holding more than
/// `max` bytes: a longer line is skipped to its end and reported by length.
fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<LineRead> {
    let mut total = 0usize;
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
                LineRead::TooLong(total)
            } else {
                LineRead::Line
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
        reader.consume(if done { take + 1 } else { take });
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(if total > max {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_whole() {
        let mut r: &[u8] = b"short\nthis line is long\nok\n";
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buf, b"short");
        buf.clear();
        assert!(matches!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::TooLong(17)
        ));
        buf.clear();
        assert!(matches!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buf, b"ok");
        buf.clear();
        assert!(matches!(
            read_line_limited(&mut r, &mut buf, 8).unwrap(),
            LineRead::Eof
        ));
    }
}
