//! Input: plain-text files, standard input, JSON Lines and directories, read
//! one document at a time so that memory stays bounded whatever the input size.
//!
//! Bad input never stops the run: each problem is reported as
//! `path:line: message` and the caller keeps going.

use chancery::jsonl::{Records, Warning};
use chancery::{Context, DocDate};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// One document to extract, or a problem to report in its place.
pub enum Item {
    Doc {
        id: String,
        text: String,
        date: Option<DocDate>,
        context: Option<Context>,
        warnings: Vec<Warning>,
    },
    Bad {
        at: String,
        message: String,
    },
}

/// How to read a file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `.jsonl`/`.ndjson` as JSON Lines, other files as text, refusing text that looks like JSON Lines.
    Detect,
    /// Every input is JSON Lines (`--jsonl`).
    Jsonl,
    /// Every input is one plain-text document (`--text`).
    Text,
}

/// The file names a directory contributes when no `--glob` is given.
pub const DEFAULT_GLOBS: &[&str] = &["*.txt", "*.jsonl", "*.ndjson"];

/// Where documents come from.
pub struct Inputs {
    paths: Vec<String>,
    next_path: usize,
    mode: Mode,
    max_bytes: usize,
    current: Option<Records<Box<dyn BufRead>>>,
    /// Input bytes of finished inputs.
    bytes_done: u64,
}

/// Every path to read: files as given, directories walked (sorted, recursive)
/// for names matching one of `globs`; problems (a missing path) as `Item::Bad`.
pub fn expand(paths: Vec<String>, globs: &[String]) -> (Vec<String>, Vec<Item>) {
    let globs: Vec<&str> = if globs.is_empty() {
        DEFAULT_GLOBS.to_vec()
    } else {
        globs.iter().map(String::as_str).collect()
    };
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() {
        files.push("-".to_string());
    }
    for p in paths {
        if p != "-" && Path::new(&p).is_dir() {
            walk(Path::new(&p), &globs, &mut files, &mut problems);
        } else {
            files.push(p);
        }
    }
    (files, problems)
}

fn walk(dir: &Path, globs: &[&str], files: &mut Vec<String>, problems: &mut Vec<Item>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Item::Bad {
                at: dir.display().to_string(),
                message: format!("cannot read the directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, globs, files, problems);
        } else if globs.iter().any(|g| glob_match(g, name)) {
            files.push(path.display().to_string());
        }
    }
}

/// Shell-style matching of a file name: `*` any run of characters, `?` one.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn is_jsonl_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".jsonl") || lower.ends_with(".ndjson")
}

impl Inputs {
    pub fn new(paths: Vec<String>, mode: Mode, max_bytes: usize) -> Inputs {
        Inputs {
            paths,
            next_path: 0,
            mode,
            max_bytes,
            current: None,
            bytes_done: 0,
        }
    }

    /// The total input size when every input is a regular file.
    pub fn total_bytes(&self) -> Option<u64> {
        self.paths
            .iter()
            .map(|p| {
                (p != "-")
                    .then(|| std::fs::metadata(p).ok())
                    .flatten()
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
            })
            .sum()
    }

    /// Input bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_done + self.current.as_ref().map_or(0, |r| r.bytes_read())
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
            if let Some(records) = self.current.as_mut() {
                match records.next() {
                    Some(Ok(r)) => {
                        return Some(Item::Doc {
                            id: r.id,
                            text: r.text,
                            date: r.date,
                            context: Some(r.context),
                            warnings: r.warnings,
                        });
                    }
                    Some(Err(e)) => {
                        return Some(Item::Bad {
                            at: e.at,
                            message: e.message,
                        });
                    }
                    None => {
                        self.bytes_done += records.bytes_read();
                        self.current = None;
                    }
                }
            }
            let path = self.paths.get(self.next_path)?.clone();
            self.next_path += 1;
            let mut reader = match Inputs::open(&path) {
                Ok(r) => r,
                Err(e) => {
                    return Some(Item::Bad {
                        at: path,
                        message: format!("cannot open: {e}"),
                    });
                }
            };
            let jsonl = match self.mode {
                Mode::Jsonl => true,
                Mode::Text => false,
                Mode::Detect if is_jsonl_name(&path) => true,
                Mode::Detect => {
                    if looks_like_json(&mut reader) {
                        return Some(Item::Bad {
                            at: path,
                            message: "looks like JSON Lines, not plain text: give --jsonl to read \
                                      it as JSON Lines, or --text to read it as one plain-text document"
                                .into(),
                        });
                    }
                    false
                }
            };
            if jsonl {
                self.current = Some(Records::new(path, reader, self.max_bytes));
            } else {
                return Some(self.whole_file(path, reader));
            }
        }
    }

    fn whole_file(&mut self, path: String, mut reader: Box<dyn BufRead>) -> Item {
        let mut bytes = Vec::new();
        let limit = self.max_bytes as u64 + 1;
        let read = reader.by_ref().take(limit).read_to_end(&mut bytes);
        self.bytes_done += bytes.len() as u64;
        if let Err(e) = read {
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
                id: path,
                text,
                date: None,
                context: None,
                warnings: Vec::new(),
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

/// Whether the input starts (after white space and a byte-order mark) with a
/// JSON object holding a `"text"` key on its first line: news text never does.
fn looks_like_json(reader: &mut Box<dyn BufRead>) -> bool {
    let Ok(head) = reader.fill_buf() else {
        return false;
    };
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start.filter(|&i| head[i] == b'{') else {
        return false;
    };
    let line_end = memchr::memchr(b'\n', &head[start..]).map_or(head.len(), |i| start + i);
    memchr::memmem::find(&head[start..line_end], b"\"text\"").is_some()
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_a_shell() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(glob_match("*.txt", ".txt"));
        assert!(!glob_match("*.txt", "a.txt.gz"));
        assert!(glob_match("news-??.jsonl", "news-07.jsonl"));
        assert!(!glob_match("news-??.jsonl", "news-7.jsonl"));
        assert!(glob_match("*a*b*", "xxaxxbxx"));
        assert!(glob_match("*", "anything"));
    }
}
