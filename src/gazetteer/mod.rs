//! Gazetteers: the validated, immutable list of what chancery can name.
//!
//! A [`Gazetteer`] owns every entry (countries, organisations, people) with
//! its surface forms, and the list of non-actor surfaces. It is the only source
//! of truth: the matcher's automaton is rebuilt from it, never stored.
//!
//! Files are parsed raw (`parse.rs`), then validated here: ids in the
//! contract's form, no id twice in one file, offices well formed, and no
//! surface claimed by two entries unless exactly one marks it `!`. A later
//! file's entry with an id already present replaces the earlier one, which is
//! how users override the embedded data.
//!
//! Surface markers: `!Congolese` wins a surface another entry also claims;
//! `?Chad` is an ambiguous word (a first name, a US state) that the resolver
//! accepts only away from other capitalised words.

pub(crate) mod embedded;
mod parse;

use crate::document::{EntityKind, Role, Via};
use crate::error::{Error, GazetteerError, GazetteerErrorKind};
use crate::tokens::WordMap;
use parse::{RawEntry, RawFile};
use std::collections::hash_map::Entry as MapEntry;
use std::path::Path;
use std::sync::Arc;

pub(crate) use parse::id_is_well_formed;
use parse::{split_ascii, split_once_ascii};

/// Where an entry or surface was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as given (embedded files are named `gazetteers/NAME`).
    pub path: Arc<str>,
    /// 1-based line number.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// One surface form of an entry, as written in the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// The text to find, with its capitals.
    pub text: Box<str>,
    /// Which column it came from.
    pub via: Via,
    /// Marked `!`: wins a clash with another entry.
    pub wins: bool,
    /// Marked `?`: an ambiguous word, accepted only away from other capitalised words.
    pub trap: bool,
}

/// An office a person holds or held, from the `offices` column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// The role.
    pub role: Role,
    /// The country or organisation the office is held for.
    pub holder: Arc<str>,
    /// First year in office, if known.
    pub from: Option<u16>,
    /// Last year in office; `None` while in office.
    pub to: Option<u16>,
}

/// One country, organisation or person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Canonical id.
    pub id: Arc<str>,
    /// Canonical name.
    pub name: Arc<str>,
    /// Country, organisation or person.
    pub kind: EntityKind,
    /// Every surface form, the name first.
    pub surfaces: Vec<Surface>,
    /// Offices (people only).
    pub offices: Vec<Office>,
    /// Short forms a later mention may use, from the `surnames` column
    /// (people only); `None` derives them from the name and aliases.
    pub surnames: Option<Vec<Box<str>>>,
    /// The `category` column, if any.
    pub category: Option<Box<str>>,
    /// Where the entry is defined.
    pub origin: Origin,
}

/// A surface that names no actor ("Washington Post", "Latin America").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonActor {
    /// The surface, with its capitals.
    pub surface: Box<str>,
    /// Where it is listed.
    pub origin: Origin,
}

/// A surface ready for the matcher: which entry it names and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedSurface<'g> {
    pub text: &'g str,
    /// Index into [`Gazetteer::entries`]; `None` for a non-actor.
    pub entry: Option<u32>,
    pub via: Via,
    pub trap: bool,
}

/// The validated set of entries chancery matches.
///
/// # Example
/// ```
/// let gazetteer = chancery::Gazetteer::embedded()?;
/// let russia = gazetteer.get("RUS").expect("Russia is in the default gazetteer");
/// assert_eq!(&*russia.name, "Russia");
/// # Ok::<(), chancery::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: WordMap<Arc<str>, u32>,
    non_actors: Vec<NonActor>,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// The gazetteer shipped with the crate (`gazetteers/*.tsv`, embedded at compile time).
    ///
    /// # Errors
    /// Only if the shipped files are broken, which the crate's tests rule out.
    pub fn embedded() -> Result<Gazetteer, Error> {
        let g = Gazetteer::embedded_unchecked()?;
        g.check_surfaces()?;
        Ok(g)
    }

    /// The shipped files, their surfaces not yet checked for clashes: for a
    /// caller that resolves the surfaces anyway (the matcher's build), which
    /// finds any clash [`Gazetteer::check_surfaces`] would.
    pub(crate) fn embedded_unchecked() -> Result<Gazetteer, Error> {
        let mut g = Gazetteer::new();
        for (name, text) in embedded::FILES {
            g.add_str(&format!("gazetteers/{name}"), text)?;
        }
        Ok(g)
    }

    /// Adds the entries of one file's text, naming `path` in errors. Entries
    /// whose id is already present (from another file) replace the old ones.
    ///
    /// # Errors
    /// A [`GazetteerError`] naming the line and reason for the first bad row.
    pub fn add_str(&mut self, path: &str, text: &str) -> Result<(), GazetteerError> {
        let origin_path: Arc<str> = Arc::from(path);
        match parse::parse(path, text)? {
            RawFile::NonActors(rows) => {
                self.non_actors.extend(rows.into_iter().map(|r| NonActor {
                    surface: r.surface.into(),
                    origin: Origin {
                        path: origin_path.clone(),
                        line: r.line,
                    },
                }));
            }
            RawFile::Entries(rows) => {
                let mut seen: WordMap<&str, usize> = WordMap::default();
                seen.reserve(rows.len());
                self.by_id.reserve(rows.len());
                self.entries.reserve(rows.len());
                for row in &rows {
                    if let Some(first_line) = seen.insert(row.id, row.line) {
                        return Err(GazetteerError {
                            path: path.to_string(),
                            line: row.line,
                            kind: GazetteerErrorKind::DuplicateId {
                                id: row.id.to_string(),
                                first_line,
                            },
                        });
                    }
                }
                // Office holders repeat (a country has many ministers): one
                // string per holder, shared by its offices.
                let mut holders: WordMap<&str, Arc<str>> = WordMap::default();
                for row in rows {
                    let entry = build_entry(&origin_path, row, &mut holders)?;
                    match self.by_id.entry(entry.id.clone()) {
                        MapEntry::Occupied(slot) => self.entries[*slot.get() as usize] = entry,
                        MapEntry::Vacant(slot) => {
                            slot.insert(self.entries.len() as u32);
                            self.entries.push(entry);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads and adds one gazetteer file.
    ///
    /// # Errors
    /// [`Error::Io`] if it cannot be read, [`Error::NotText`] if it is not
    /// UTF-8, [`Error::Gazetteer`] for a bad row.
    pub fn add_file(&mut self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let text = crate::error::read_text(path)?;
        self.add_str(&path.display().to_string(), &text)?;
        Ok(())
    }

    /// Every entry, in the order first added.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this canonical id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// Surfaces that name no actor.
    pub fn non_actors(&self) -> &[NonActor] {
        &self.non_actors
    }

    /// Checks that no surface is claimed by two entries without exactly one `!`.
    ///
    /// # Errors
    /// [`GazetteerErrorKind::AliasClash`] at the line of the later claimant.
    pub fn check_surfaces(&self) -> Result<(), GazetteerError> {
        self.resolved_surfaces().map(|_| ())
    }

    /// Every surface the matcher should find: one winner per surface text, then
    /// the derived surnames of people, then the non-actors.
    pub(crate) fn resolved_surfaces(&self) -> Result<Vec<ResolvedSurface<'_>>, GazetteerError> {
        // surface text -> (entry index, surface index)
        // Sized up front: growing a map of this size rehashes it a dozen times.
        let surfaces = self.entries.iter().map(|e| e.surfaces.len()).sum();
        let mut owner: WordMap<&str, (u32, usize)> = WordMap::default();
        owner.reserve(surfaces);
        let mut out: Vec<ResolvedSurface<'_>> =
            Vec::with_capacity(surfaces + self.non_actors.len());
        for (ei, entry) in self.entries.iter().enumerate() {
            for surface in &entry.surfaces {
                let text: &str = &surface.text;
                let here = ResolvedSurface {
                    text,
                    entry: Some(ei as u32),
                    via: surface.via,
                    trap: surface.trap,
                };
                match owner.entry(text) {
                    MapEntry::Vacant(slot) => {
                        slot.insert((ei as u32, out.len()));
                        out.push(here);
                    }
                    MapEntry::Occupied(mut slot) => {
                        let (other_ei, at) = *slot.get();
                        if other_ei as usize == ei {
                            continue;
                        }
                        let other = &self.entries[other_ei as usize];
                        let other_wins = other.surfaces.iter().any(|s| &*s.text == text && s.wins);
                        match (surface.wins, other_wins) {
                            (true, false) => {
                                out[at] = here;
                                slot.insert((ei as u32, at));
                            }
                            (false, true) => {}
                            _ => {
                                return Err(GazetteerError {
                                    path: entry.origin.path.to_string(),
                                    line: entry.origin.line,
                                    kind: GazetteerErrorKind::AliasClash {
                                        alias: text.to_string(),
                                        id: entry.id.to_string(),
                                        other: other.id.to_string(),
                                        other_at: other.origin.to_string(),
                                    },
                                });
                            }
                        }
                    }
                }
            }
        }
        for (ei, entry) in self.entries.iter().enumerate() {
            if entry.kind != EntityKind::Person {
                continue;
            }
            for surname in surnames(entry) {
                if !owner.contains_key(surname) {
                    out.push(ResolvedSurface {
                        text: surname,
                        entry: Some(ei as u32),
                        via: Via::Surname,
                        trap: false,
                    });
                }
            }
        }
        for block in &self.non_actors {
            if !owner.contains_key(&*block.surface) {
                out.push(ResolvedSurface {
                    text: &block.surface,
                    entry: None,
                    via: Via::Alias,
                    trap: false,
                });
            }
        }
        Ok(out)
    }
}

/// The surnames a later mention may use for a person introduced in full: the
/// `surnames` column where it is given, else the last word of the name and
/// of each multi-word alias, also without an `al-` style particle ("al-Assad"
/// and "Assad"). Royal styles ("Salman of Saudi Arabia") give none.
fn surnames(entry: &Entry) -> Vec<&str> {
    if let Some(given) = &entry.surnames {
        return given.iter().map(|s| &**s).collect();
    }
    let mut found: Vec<&str> = Vec::new();
    for s in &entry.surfaces {
        if s.text.contains(" of ") {
            continue;
        }
        let Some((_, last)) = s.text.rsplit_once(' ') else {
            continue;
        };
        let last = last.trim_end_matches('.');
        if matches!(last, "Jr" | "Sr" | "II" | "III" | "IV") {
            continue;
        }
        let bare = ["al-", "Al-", "el-", "El-", "ad-", "as-", "ash-", "az-"]
            .iter()
            .find_map(|p| last.strip_prefix(p));
        for form in std::iter::once(last).chain(bare) {
            let capitalised =
                form.chars().next().is_some_and(|c| c.is_uppercase()) || form.starts_with("al-");
            if form.chars().count() >= 3 && capitalised && !found.contains(&form) {
                found.push(form);
            }
        }
    }
    found
}

fn split_list(field: &str) -> impl Iterator<Item = &str> {
    // An empty field (most are) has no item, found without a search.
    (!field.is_empty())
        .then(|| split_ascii(field, b'|'))
        .into_iter()
        .flatten()
        .map(parse::trim)
        .filter(|s| !s.is_empty())
}

fn build_entry<'a>(
    path: &Arc<str>,
    row: RawEntry<'a>,
    holders: &mut WordMap<&'a str, Arc<str>>,
) -> Result<Entry, GazetteerError> {
    let err = |kind| GazetteerError {
        path: path.to_string(),
        line: row.line,
        kind,
    };
    // The name, and one surface per item of each list (fewer if some
    // repeat): room for all at once.
    let items = |list: &str| {
        if list.is_empty() {
            0
        } else {
            1 + memchr::memchr_iter(b'|', list.as_bytes()).count()
        }
    };
    let lists = [row.aliases, row.demonyms, row.capitals, row.seats];
    let mut surfaces: Vec<Surface> =
        Vec::with_capacity(1 + lists.iter().map(|l| items(l)).sum::<usize>());
    let mut add = |raw: &str, via: Via| {
        let mut text = raw;
        let (mut wins, mut trap) = (false, false);
        loop {
            if let Some(rest) = text.strip_prefix('!') {
                wins = true;
                text = rest;
            } else if let Some(rest) = text.strip_prefix('?') {
                trap = true;
                text = rest;
            } else {
                break;
            }
        }
        let text = parse::trim(text);
        if text.is_empty() {
            return;
        }
        if let Some(old) = surfaces.iter_mut().find(|s| &*s.text == text) {
            old.wins |= wins;
            old.trap |= trap;
        } else {
            surfaces.push(Surface {
                text: text.into(),
                via,
                wins,
                trap,
            });
        }
    };
    add(row.name, Via::Name);
    for a in split_list(row.aliases) {
        add(a, Via::Alias);
    }
    for a in split_list(row.demonyms) {
        add(a, Via::Demonym);
    }
    for a in split_list(row.capitals) {
        add(a, Via::Capital);
    }
    for a in split_list(row.seats) {
        add(a, Via::Seat);
    }
    // Room for one office at first (most people hold one): collected from
    // a filtered iterator, the vector would start with room for four.
    let mut offices = Vec::new();
    for item in split_list(row.offices) {
        let office = parse_office(item, holders)
            .ok_or_else(|| err(GazetteerErrorKind::BadOffice(item.into())))?;
        if offices.is_empty() {
            offices.reserve_exact(1);
        }
        offices.push(office);
    }
    Ok(Entry {
        id: row.id.into(),
        name: parse::strip_marks(row.name).into(),
        kind: row.kind,
        surfaces,
        offices,
        // "-" says the person has none: "Mao Ning" is never "Ning".
        surnames: match row.surnames {
            "" => None,
            "-" => Some(Vec::new()),
            list => Some(split_list(list).map(Into::into).collect()),
        },
        category: (!row.category.is_empty()).then(|| row.category.into()),
        origin: Origin {
            path: path.clone(),
            line: row.line,
        },
    })
}

/// `ROLE@HOLDER:FROM-TO`, years optional: `head_of_state@RUS:2012-`.
/// The holder's string is taken from `holders` where an earlier office has it.
fn parse_office<'a>(item: &'a str, holders: &mut WordMap<&'a str, Arc<str>>) -> Option<Office> {
    let (role, rest) = split_once_ascii(item, b'@')?;
    let (holder, years) = split_once_ascii(rest, b':').unwrap_or((rest, "-"));
    let role = parse::trim(role).parse::<Role>().ok()?;
    let holder = parse::trim(holder);
    if !(id_is_well_formed(EntityKind::Country, holder)
        || id_is_well_formed(EntityKind::Organisation, holder))
    {
        return None;
    }
    let (from, to) = split_once_ascii(parse::trim(years), b'-')?;
    let year = |s: &str| -> Option<Option<u16>> {
        if s.is_empty() {
            Some(None)
        } else {
            s.parse::<u16>()
                .ok()
                .filter(|y| (1000..=2999).contains(y))
                .map(Some)
        }
    };
    let (from, to) = (year(from)?, year(to)?);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return None;
        }
    }
    let holder = holders
        .entry(holder)
        .or_insert_with(|| holder.into())
        .clone();
    Some(Office {
        role,
        holder,
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer(files: &[(&str, &str)]) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::new();
        for (path, text) in files {
            g.add_str(path, text)?;
        }
        g.check_surfaces()?;
        Ok(g)
    }

    #[test]
    fn embedded_gazetteer_loads() {
        let g = Gazetteer::embedded().expect("shipped gazetteer is valid");
        assert!(g.get("RUS").is_some());
        assert!(g.get("taliban").is_some());
    }

    #[test]
    fn clashing_aliases_are_reported_with_both_places() {
        let e = gazetteer(&[(
            "countries.tsv",
            "id\tname\taliases\nCOD\tDR Congo\tCongo\nCOG\tRepublic of the Congo\tCongo\n",
        )])
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "countries.tsv:3: alias \"Congo\" for COG already belongs to COD (countries.tsv:2); \
             prefix it with '!' on the entry that should win"
        );
    }

    #[test]
    fn a_marked_alias_wins_the_clash() {
        let g = gazetteer(&[(
            "countries.tsv",
            "id\tname\taliases\nCOD\tDR Congo\tCongo\nCOG\tRepublic of the Congo\t!Congo\n",
        )])
        .unwrap();
        let surfaces = g.resolved_surfaces().unwrap();
        let congo = surfaces.iter().find(|s| s.text == "Congo").unwrap();
        assert_eq!(
            g.entries()[congo.entry.unwrap() as usize].id.as_ref(),
            "COG"
        );
    }

    #[test]
    fn later_files_override_entries_by_id() {
        let g = gazetteer(&[
            (
                "countries.tsv",
                "id\tname\taliases\nRUS\tRussia\tRussian Federation\n",
            ),
            (
                "user/countries.tsv",
                "id\tname\taliases\nRUS\tRussia\tRossiya\n",
            ),
        ])
        .unwrap();
        let rus = g.get("RUS").unwrap();
        assert_eq!(rus.surfaces.len(), 2);
        assert_eq!(&*rus.surfaces[1].text, "Rossiya");
        assert_eq!(&*rus.origin.path, "user/countries.tsv");
        assert_eq!(g.entries().len(), 1);
    }

    #[test]
    fn duplicate_ids_in_one_file_are_errors() {
        let e = gazetteer(&[("people.tsv", "id\tname\taliases\nx-y\tX Y\t\nx-y\tX Y\t\n")])
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(matches!(
            e.kind,
            GazetteerErrorKind::DuplicateId { first_line: 2, .. }
        ));
    }

    #[test]
    fn offices_parse_and_bad_ones_are_named() {
        let g = gazetteer(&[(
            "people.tsv",
            "id\tname\taliases\toffices\nvladimir-putin\tVladimir Putin\tPutin\thead_of_state@RUS:2000-2008|head_of_state@RUS:2012-\n",
        )])
        .unwrap();
        let p = g.get("vladimir-putin").unwrap();
        assert_eq!(p.offices.len(), 2);
        assert_eq!(p.offices[1].from, Some(2012));
        assert_eq!(p.offices[1].to, None);
        for bad in [
            "king@RUS:2000-",
            "head_of_state@Russia:2000-",
            "head_of_state@RUS:2008-2000",
            "head_of_state@RUS:20x0-",
        ] {
            let text = format!("id\tname\taliases\toffices\nx-y\tX Y\t\t{bad}\n");
            let e = gazetteer(&[("people.tsv", &text)]).unwrap_err();
            assert_eq!(e.kind, GazetteerErrorKind::BadOffice(bad.into()), "{bad}");
        }
    }

    fn derived_surnames(g: &Gazetteer) -> Vec<&str> {
        g.resolved_surfaces()
            .unwrap()
            .into_iter()
            .filter(|s| s.via == Via::Surname)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn surnames_are_derived_from_full_names() {
        let g = gazetteer(&[(
            "people.tsv",
            "id\tname\taliases\nbashar-al-assad\tBashar al-Assad\t\ngeorge-w-bush\tGeorge W. Bush\t\n",
        )])
        .unwrap();
        let derived = derived_surnames(&g);
        assert_eq!(derived, ["al-Assad", "Assad", "Bush"]);
    }

    #[test]
    fn the_surnames_column_overrides_derivation() {
        let g = gazetteer(&[(
            "people.tsv",
            "id\tname\taliases\tsurnames\n\
             xi-jinping\tXi Jinping\t\tXi\n\
             salman-of-saudi-arabia\tSalman of Saudi Arabia\t\t\n\
             mao-ning\tMao Ning\t\t-\n",
        )])
        .unwrap();
        let derived = derived_surnames(&g);
        assert_eq!(derived, ["Xi"]);
    }

    #[test]
    fn markers_are_stripped_and_kept_as_flags() {
        let g = gazetteer(&[(
            "countries.tsv",
            "id\tname\taliases\nTCD\tChad\t?Chad|Republic of Chad\n",
        )])
        .unwrap();
        let chad = &g.get("TCD").unwrap().surfaces;
        assert_eq!(chad.len(), 2);
        assert!(chad[0].trap && chad[0].via == Via::Name);
    }
}
