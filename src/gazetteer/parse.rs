//! Line parser for one gazetteer file: text in, [`RawEntry`] rows out.
//!
//! The format is tab-separated with one header row; `#` lines and blank lines
//! are skipped. Required columns are `id`, `name` and `aliases`; `kind`,
//! `demonyms`, `capitals`, `seats`, `offices` and `category` are understood,
//! and any further column is kept for the user but ignored here. A file whose
//! header is `surface<TAB>reason` lists surfaces that are not actors.

use crate::document::EntityKind;
use crate::error::{GazetteerError, GazetteerErrorKind};

/// One data row, as written, with its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEntry<'a> {
    pub line: usize,
    pub kind: EntityKind,
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a str,
    pub demonyms: &'a str,
    pub capitals: &'a str,
    pub seats: &'a str,
    pub offices: &'a str,
    pub surnames: &'a str,
    pub category: &'a str,
}

/// One row of a non-actor list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawBlock<'a> {
    pub line: usize,
    pub surface: &'a str,
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawFile<'a> {
    Entries(Vec<RawEntry<'a>>),
    NonActors(Vec<RawBlock<'a>>),
}

#[derive(Default)]
struct Columns {
    id: Option<usize>,
    name: Option<usize>,
    aliases: Option<usize>,
    kind: Option<usize>,
    demonyms: Option<usize>,
    capitals: Option<usize>,
    seats: Option<usize>,
    offices: Option<usize>,
    surnames: Option<usize>,
    category: Option<usize>,
    surface: Option<usize>,
    count: usize,
}

fn kind_from_path(path: &str) -> Option<EntityKind> {
    let stem = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    if stem.starts_with("countr") {
        Some(EntityKind::Country)
    } else if stem.starts_with("org") {
        Some(EntityKind::Organisation)
    } else if stem.starts_with("people") || stem.starts_with("person") {
        Some(EntityKind::Person)
    } else {
        None
    }
}

/// Parses `text`, naming `path` in errors.
pub(crate) fn parse<'a>(path: &str, text: &'a str) -> Result<RawFile<'a>, GazetteerError> {
    let err = |line: usize, kind| GazetteerError {
        path: path.to_string(),
        line,
        kind,
    };
    // `text.lines()` (which also drops the `\r` of `\r\n`), then a `\r` more.
    let mut lines = split_ascii(text, b'\n')
        .enumerate()
        .map(|(i, l)| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            (i + 1, l.strip_suffix('\r').unwrap_or(l))
        })
        .filter(|(_, l)| !trim(l).is_empty() && !l.starts_with('#'));

    let (header_line, header) = lines
        .next()
        .ok_or_else(|| err(0, GazetteerErrorKind::MissingHeader))?;
    let header = header.strip_prefix('\u{feff}').unwrap_or(header);
    let mut cols = Columns::default();
    for (i, name) in header.split('\t').enumerate() {
        let slot = match name.trim() {
            "id" => &mut cols.id,
            "name" => &mut cols.name,
            "aliases" => &mut cols.aliases,
            "kind" => &mut cols.kind,
            "demonyms" => &mut cols.demonyms,
            "capitals" => &mut cols.capitals,
            "seats" => &mut cols.seats,
            "offices" => &mut cols.offices,
            "surnames" => &mut cols.surnames,
            "category" => &mut cols.category,
            "surface" => &mut cols.surface,
            _ => continue,
        };
        *slot = Some(i);
    }
    cols.count = header.split('\t').count();

    let field_count = |line: usize, row: &[&str]| {
        if row.len() == cols.count {
            Ok(())
        } else {
            Err(err(
                line,
                GazetteerErrorKind::FieldCount {
                    expected: cols.count,
                    found: row.len(),
                },
            ))
        }
    };

    if let (Some(surface), None) = (cols.surface, cols.id) {
        let mut out = Vec::new();
        for (line, l) in lines {
            let row: Vec<&str> = split_ascii(l, b'\t').collect();
            field_count(line, &row)?;
            let s = trim(row[surface]);
            if s.is_empty() {
                return Err(err(line, GazetteerErrorKind::EmptyField("surface")));
            }
            if let Some(bad) = bad_surface(s) {
                return Err(err(line, bad));
            }
            out.push(RawBlock { line, surface: s });
        }
        return Ok(RawFile::NonActors(out));
    }

    let id_col = cols
        .id
        .ok_or_else(|| err(header_line, GazetteerErrorKind::MissingColumn("id")))?;
    let name_col = cols
        .name
        .ok_or_else(|| err(header_line, GazetteerErrorKind::MissingColumn("name")))?;
    let aliases_col = cols
        .aliases
        .ok_or_else(|| err(header_line, GazetteerErrorKind::MissingColumn("aliases")))?;
    let file_kind = kind_from_path(path);
    if cols.kind.is_none() && file_kind.is_none() {
        return Err(err(
            header_line,
            GazetteerErrorKind::UnknownKind(path.to_string()),
        ));
    }

    let mut out = Vec::new();
    let mut row: Vec<&str> = Vec::with_capacity(cols.count);
    for (line, l) in lines {
        row.clear();
        row.extend(split_ascii(l, b'\t'));
        field_count(line, &row)?;
        let get = |c: Option<usize>| c.map_or("", |c| trim(row[c]));
        let kind = match cols.kind {
            Some(c) if !row[c].trim().is_empty() => row[c]
                .trim()
                .parse::<EntityKind>()
                .map_err(|_| err(line, GazetteerErrorKind::UnknownKind(row[c].trim().into())))?,
            _ => file_kind.ok_or_else(|| err(line, GazetteerErrorKind::EmptyField("kind")))?,
        };
        let entry = RawEntry {
            line,
            kind,
            id: trim(row[id_col]),
            name: trim(row[name_col]),
            aliases: trim(row[aliases_col]),
            demonyms: get(cols.demonyms),
            capitals: get(cols.capitals),
            seats: get(cols.seats),
            offices: get(cols.offices),
            surnames: get(cols.surnames),
            category: get(cols.category),
        };
        if entry.id.is_empty() {
            return Err(err(line, GazetteerErrorKind::EmptyField("id")));
        }
        if entry.name.is_empty() {
            return Err(err(line, GazetteerErrorKind::EmptyField("name")));
        }
        if !id_is_well_formed(kind, entry.id) {
            return Err(err(line, GazetteerErrorKind::BadId(entry.id.to_string())));
        }
        let surfaces = [
            entry.name,
            entry.aliases,
            entry.demonyms,
            entry.capitals,
            entry.seats,
            // "-" says the person has no surname.
            if entry.surnames == "-" {
                ""
            } else {
                entry.surnames
            },
        ];
        if let Some(bad) = surfaces.into_iter().find_map(bad_surface) {
            return Err(err(line, bad));
        }
        out.push(entry);
    }
    Ok(RawFile::Entries(out))
}

/// The first `|`-separated surface of `field` that cannot be matched as
/// written, once its `!` / `?` marks are off: one without a letter or digit
/// would match bare punctuation, one that begins with a combining mark would
/// split a character from its accent.
fn bad_surface(field: &str) -> Option<GazetteerErrorKind> {
    // Most fields of most rows are empty (no aliases, no demonyms...).
    if field.is_empty() {
        return None;
    }
    split_ascii(field, b'|')
        .map(|s| trim(strip_marks(trim(s))))
        .find_map(|s| {
            if s.starts_with(crate::matcher::is_mark) {
                Some(GazetteerErrorKind::MarkFirst(s.into()))
            } else if !s.is_empty() && !has_alphanumeric(s) {
                Some(GazetteerErrorKind::NoWordInSurface(s.into()))
            } else {
                None
            }
        })
}

/// Whether `s` has a letter or digit: an ASCII one (nearly always) is found
/// by a byte scan, without decoding characters.
fn has_alphanumeric(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphanumeric()) || s.chars().any(char::is_alphanumeric)
}

/// `s.split(sep)` for an ASCII separator, each found by `memchr::memchr`:
/// cheaper than `str::split`'s char searcher, and than a byte loop, which
/// was measured slower on the long lines and no faster on the short fields.
pub(crate) fn split_ascii(s: &str, sep: u8) -> SplitAscii<'_> {
    SplitAscii { rest: Some(s), sep }
}

/// The iterator of [`split_ascii`].
pub(crate) struct SplitAscii<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(self.sep, rest.as_bytes()) {
            // An ASCII byte is a character of its own: both sides are text.
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// `s.trim()`, with the usual case (ASCII ends) done by a byte loop.
pub(crate) fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii() && b != 0x0b);
    if plain(t.as_bytes().first()) && plain(t.as_bytes().last()) {
        t
    } else {
        // A vertical tab or a non-ASCII space may be whitespace too.
        s.trim()
    }
}

/// `s.split_once(sep)` for an ASCII separator, by a plain byte loop.
pub(crate) fn split_once_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` without its leading `!` and `?` marks.
pub(crate) fn strip_marks(s: &str) -> &str {
    let n = s.bytes().take_while(|&b| b == b'!' || b == b'?').count();
    s.get(n..).unwrap_or(s)
}

/// Countries: ISO alpha-3 in upper case. Everything else: lower-case words joined by hyphens.
pub(crate) fn id_is_well_formed(kind: EntityKind, id: &str) -> bool {
    match kind {
        EntityKind::Country => id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase()),
        // Words of lower-case letters and digits, none empty, between hyphens.
        _ => {
            let mut after_hyphen = true;
            id.bytes().all(|b| {
                let ok = if b == b'-' {
                    !after_hyphen
                } else {
                    b.is_ascii_lowercase() || b.is_ascii_digit()
                };
                after_hyphen = b == b'-';
                ok
            }) && !after_hyphen
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_helpers_agree_with_str_methods() {
        let samples = [
            "",
            "|",
            "a|b",
            "|a||b|",
            " x |\u{a0}y\u{a0}| \u{b}z ",
            "é|ü ",
            "\t",
            "  ",
            "!?!Chad",
            "?",
            "na\u{2003}",
        ];
        for s in samples {
            assert_eq!(
                split_ascii(s, b'|').collect::<Vec<_>>(),
                s.split('|').collect::<Vec<_>>(),
                "{s:?}"
            );
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(strip_marks(s), s.trim_start_matches(['!', '?']), "{s:?}");
        }
    }

    #[test]
    fn ids_are_hyphenated_lower_case_words() {
        for good in ["a", "nato", "g7", "jean-yves-le-drian"] {
            assert!(id_is_well_formed(EntityKind::Person, good), "{good}");
        }
        for bad in ["", "-", "a-", "-a", "a--b", "Nato", "a_b", "é"] {
            assert!(!id_is_well_formed(EntityKind::Person, bad), "{bad}");
        }
        assert!(id_is_well_formed(EntityKind::Country, "RUS"));
        assert!(!id_is_well_formed(EntityKind::Country, "RU"));
    }

    fn kind_of(path: &str, text: &str) -> GazetteerErrorKind {
        parse(path, text).unwrap_err().kind
    }

    #[test]
    fn reads_rows_skipping_comments_and_blank_lines() {
        let text =
            "# made by hand\nid\tname\taliases\textra\n\nRUS\tRussia\tRussian Federation\tx\n";
        let RawFile::Entries(rows) = parse("countries.tsv", text).unwrap() else {
            panic!("expected entries")
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].kind, EntityKind::Country);
        assert_eq!(rows[0].aliases, "Russian Federation");
    }

    #[test]
    fn kind_column_overrides_file_name() {
        let text = "id\tname\taliases\tkind\nnato\tNATO\t\torganisation\nRUS\tRussia\t\tcountry\n";
        let RawFile::Entries(rows) = parse("mine.tsv", text).unwrap() else {
            panic!()
        };
        assert_eq!(rows[0].kind, EntityKind::Organisation);
        assert_eq!(rows[1].kind, EntityKind::Country);
    }

    #[test]
    fn errors_name_the_line_and_reason() {
        assert_eq!(
            kind_of("people.tsv", "# only comments\n"),
            GazetteerErrorKind::MissingHeader
        );
        assert_eq!(
            kind_of("people.tsv", "id\taliases\n"),
            GazetteerErrorKind::MissingColumn("name")
        );
        assert!(matches!(
            kind_of("mine.tsv", "id\tname\taliases\n"),
            GazetteerErrorKind::UnknownKind(_)
        ));
        let e = parse(
            "people.tsv",
            "id\tname\taliases\nvladimir-putin\tVladimir Putin\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            e.kind,
            GazetteerErrorKind::FieldCount {
                expected: 3,
                found: 2
            }
        );
        assert_eq!(
            e.to_string(),
            "people.tsv:2: expected 3 tab-separated fields, found 2"
        );
        assert_eq!(
            kind_of("countries.tsv", "id\tname\taliases\nRussia\tRussia\t\n"),
            GazetteerErrorKind::BadId("Russia".into())
        );
        assert_eq!(
            kind_of("people.tsv", "id\tname\taliases\nPutin_V\tPutin\t\n"),
            GazetteerErrorKind::BadId("Putin_V".into())
        );
        assert_eq!(
            kind_of("people.tsv", "id\tname\taliases\nputin\t\t\n"),
            GazetteerErrorKind::EmptyField("name")
        );
    }

    #[test]
    fn surfaces_need_a_letter_or_digit() {
        for (path, text, bad) in [
            ("people.tsv", "id\tname\taliases\nx-y\tX Y\tX|.\n", "."),
            ("people.tsv", "id\tname\taliases\nx-y\t--\t\n", "--"),
            (
                "countries.tsv",
                "id\tname\taliases\tdemonyms\nXXX\tX\t\t!?,\n",
                ",",
            ),
            ("x.tsv", "surface\treason\n\u{2026}\tellipsis\n", "\u{2026}"),
        ] {
            let e = parse(path, text).unwrap_err();
            assert_eq!(
                (e.line, e.kind),
                (2, GazetteerErrorKind::NoWordInSurface(bad.into())),
                "{text}"
            );
        }
        let e = parse("people.tsv", "id\tname\taliases\nx-y\tX Y\t!\u{301}X\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "people.tsv:2: surface \"\\u{301}X\" begins with a combining mark (U+0301)"
        );
        assert!(
            parse(
                "people.tsv",
                "id\tname\taliases\nx-y\tX Y\t!X.|G7|?Y|Y\u{301}\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn non_actor_files_are_recognised_by_header() {
        let RawFile::NonActors(rows) =
            parse("x.tsv", "surface\treason\nWashington Post\tnewspaper\n").unwrap()
        else {
            panic!()
        };
        assert_eq!(rows[0].surface, "Washington Post");
    }

    #[test]
    fn id_forms() {
        assert!(id_is_well_formed(EntityKind::Country, "SUN"));
        assert!(!id_is_well_formed(EntityKind::Country, "sun"));
        assert!(id_is_well_formed(EntityKind::Person, "george-w-bush"));
        assert!(!id_is_well_formed(EntityKind::Person, "george--bush"));
        assert!(!id_is_well_formed(EntityKind::Organisation, "-nato"));
    }
}
