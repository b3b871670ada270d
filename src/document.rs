//! The output model: one [`Document`] per input text, as the output contract
//! (`docs/output.md`) defines it.
//!
//! Field names and the spelling of every enum value are part of the contract
//! that pipelines and the evaluation scripts rely on: fields may be added,
//! never renamed or dropped. Every field is always written (`null` where it
//! does not apply), so the shape of a line never depends on what was found.
//! The structs are `#[non_exhaustive]`: read their fields freely, but build
//! them only through [`Extractor`](crate::Extractor) or by deserializing.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The version of the output contract this build writes (`docs/output.md`).
/// The minor number grows when fields are added; the major when one would be
/// renamed or dropped (never so far).
pub const CONTRACT_VERSION: &str = "1.1";

/// Everything chancery found in one text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The document's id, always a string: set by the caller (the CLI uses
    /// the path, the JSON `id` as written, or `path:line`); empty by default.
    pub id: String,
    /// The publication date the document was extracted on, if one was given.
    pub date: Option<DocDate>,
    /// The input record's fields other than `id` and `text`, unchanged
    /// (`null` for plain-text input).
    pub context: Option<Context>,
    /// Every mention, in text order.
    pub entities: Vec<Entity>,
    /// Every relation, in text order of the sentence that states it.
    pub relations: Vec<Relation>,
}

impl Document {
    /// Sets the document id and returns the document.
    pub fn with_id(mut self, id: impl Into<String>) -> Document {
        self.id = id.into();
        self
    }

    /// Sets the input context (the record's other fields) and returns the document.
    pub fn with_context(mut self, context: Option<Context>) -> Document {
        self.context = context;
        self
    }

    /// Appends the document as one line of compact JSON, without the newline:
    /// the same bytes as `serde_json::to_writer(out, self)`, written faster.
    ///
    /// ```
    /// let doc = chancery::Extractor::new()?.extract("Moscow recognised the Taliban.");
    /// let mut line = Vec::new();
    /// doc.write_json(&mut line);
    /// assert_eq!(line, serde_json::to_vec(&doc).unwrap());
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        crate::json::write_document(self, out);
    }

    /// Appends one line of compact JSON per relation, each with its newline:
    /// the relation's fields after `"doc"`, the document id (the
    /// relations-only output of `chancery extract --format relations`).
    pub fn write_relations_json(&self, out: &mut Vec<u8>) {
        crate::json::write_relation_lines(self, out);
    }

    /// Writes the document as one line of compact JSON (no newline) to `w`,
    /// the same bytes as [`write_json`](Self::write_json), holding no more
    /// than about 64 KiB of JSON at a time however large the document.
    ///
    /// # Errors
    /// Whatever `w` returns.
    pub fn write_json_to<W: std::io::Write + ?Sized>(&self, w: &mut W) -> std::io::Result<()> {
        crate::json::stream_document(self, w)
    }

    /// The document as one line of compact JSON (no newline): see [`write_json`](Self::write_json).
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(1024);
        self.write_json(&mut out);
        // The writer only ever writes UTF-8 (every string comes from a `&str`).
        String::from_utf8(out).unwrap_or_default()
    }

    /// A compact, review-friendly rendering for snapshot tests: one line per
    /// entity and per relation, without byte offsets (which move on every
    /// edit of the text). See [`Relation`]'s `Display` for the relation lines.
    ///
    /// ```
    /// let ex = chancery::Extractor::new()?;
    /// let doc = ex.extract("Russia recognised the Taliban in 2025.");
    /// assert_eq!(doc.compact(), "\
    /// entity RUS country \"Russia\" (name)
    /// entity taliban organisation \"Taliban\" (name)
    /// recognition RUS -> taliban year=2025 rule=recognition/active
    /// ");
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn compact(&self) -> String {
        let mut s = String::new();
        for e in &self.entities {
            s.push_str(&format!(
                "entity {} {} {:?} ({})\n",
                e.id, e.kind, e.text, e.via
            ));
        }
        for r in &self.relations {
            s.push_str(&format!("{r}\n"));
        }
        s
    }

    /// Fills every `char_*` offset from the byte offsets: the same positions
    /// counted in Unicode code points (what Python's `str` slicing uses).
    pub(crate) fn set_char_offsets(&mut self, text: &str) {
        set_char_offsets(text, &mut self.entities, &mut self.relations);
    }
}

/// Copies into each relation's `evidence` the sentence it was read from,
/// `text[start..end]`: the extractor leaves it empty until a document is
/// built ([`crate::Extractor::extract_json`] writes it from the text).
pub(crate) fn fill_evidence(text: &str, relations: &mut [Relation]) {
    for r in relations {
        r.evidence = text.get(r.start..r.end).unwrap_or_default().to_string();
    }
}

/// Fills every `char_*` offset of `entities` and `relations` from their byte offsets into `text`.
pub(crate) fn set_char_offsets(text: &str, entities: &mut [Entity], relations: &mut [Relation]) {
    let mut chars = CharOffsets::new(text);
    for e in entities {
        e.char_start = chars.of(e.start);
        e.char_end = chars.of(e.end);
    }
    chars.set_relations(relations);
}

/// Byte offset to code-point offset: the offset less the continuation bytes
/// (`10xxxxxx`) before it. News text has few of those (a curly quote here
/// and there), so they are listed once, eight bytes tested at a time, and a
/// cursor moves along the list as the offsets come (mostly in text order:
/// entities, then relations).
pub(crate) struct CharOffsets {
    /// The offset of every continuation byte, in order (none for ASCII text).
    continuations: Vec<usize>,
    /// The text's length: an offset past it counts the whole text.
    len: usize,
    /// How many continuation bytes come before the offset asked last.
    cursor: usize,
}

impl CharOffsets {
    pub(crate) fn new(text: &str) -> CharOffsets {
        use crate::swar::HIGHS;
        let raw = text.as_bytes();
        let mut continuations = Vec::new();
        let mut base = 0;
        // Thirty-two bytes a step: one test passes a block of ASCII.
        let mut blocks = raw.chunks_exact(32);
        for block in blocks.by_ref() {
            let words: [u64; 4] = std::array::from_fn(|i| {
                u64::from_le_bytes(block[8 * i..8 * i + 8].try_into().unwrap_or_default())
            });
            if (words[0] | words[1] | words[2] | words[3]) & HIGHS != 0 {
                for (i, &w) in words.iter().enumerate() {
                    // The top bit of each lane that is a continuation byte.
                    let mut marks = w & !(w << 1) & HIGHS;
                    while marks != 0 {
                        continuations.push(base + 8 * i + marks.trailing_zeros() as usize / 8);
                        marks &= marks - 1;
                    }
                }
            }
            base += 32;
        }
        for (i, &b) in blocks.remainder().iter().enumerate() {
            if (b as i8) < -0x40 {
                continuations.push(base + i);
            }
        }
        CharOffsets {
            continuations,
            len: raw.len(),
            cursor: 0,
        }
    }

    /// Fills the `char_*` offsets of `relations` from their byte offsets.
    pub(crate) fn set_relations(&mut self, relations: &mut [Relation]) {
        for r in relations {
            r.char_start = self.of(r.start);
            r.char_end = self.of(r.end);
        }
    }

    /// The code points before `byte` (an offset past the end counts the
    /// whole text; ASCII text keeps every offset as it is).
    pub(crate) fn of(&mut self, byte: usize) -> usize {
        if self.continuations.is_empty() {
            return byte;
        }
        let b = byte.min(self.len);
        let list = &self.continuations;
        while self.cursor < list.len() && list[self.cursor] < b {
            self.cursor += 1;
        }
        while self.cursor > 0 && list[self.cursor - 1] >= b {
            self.cursor -= 1;
        }
        b - self.cursor
    }
}

/// The fields of an input record other than `id` and `text`, kept as the
/// JSON object text they were read from (numbers keep every digit).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Context(Box<serde_json::value::RawValue>);

impl Context {
    /// A context from the text of a JSON object; `None` if it is not one.
    pub fn from_json(json: &str) -> Option<Context> {
        let raw = serde_json::value::RawValue::from_string(json.trim().to_string()).ok()?;
        raw.get().starts_with('{').then_some(Context(raw))
    }

    /// The empty object `{}`.
    pub fn empty() -> Context {
        Context::from_json("{}").unwrap_or_else(|| unreachable!("{{}} is a JSON object"))
    }

    /// The JSON object text, as compact as the input wrote it.
    pub fn as_json(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for Context {
    fn eq(&self, other: &Context) -> bool {
        self.as_json() == other.as_json()
    }
}

/// One mention of a country, organisation or person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entity {
    /// Canonical id (`RUS`, `taliban`, `vladimir-putin`).
    pub id: Arc<str>,
    /// What kind of thing it is.
    pub kind: EntityKind,
    /// Canonical name (`Russia` for the mention `Moscow`).
    pub name: Arc<str>,
    /// The exact surface string: `document[start..end]`.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// `start` counted in Unicode code points (Python's `text[char_start:char_end]`).
    pub char_start: usize,
    /// `end` counted in Unicode code points.
    pub char_end: usize,
    /// How the surface named the entity (`name`, `alias`, `demonym`, `capital`, `seat`, `surname`).
    pub via: Via,
}

/// The kind of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EntityKind {
    /// A state, present or former.
    Country,
    /// An intergovernmental body, government, movement, party or armed group.
    Organisation,
    /// A named person.
    Person,
}

impl EntityKind {
    /// The contract's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Organisation => "organisation",
            EntityKind::Person => "person",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        match s {
            "country" => Ok(EntityKind::Country),
            "organisation" | "organization" => Ok(EntityKind::Organisation),
            "person" => Ok(EntityKind::Person),
            _ => Err(ParseError::new(
                "entity kind",
                s,
                "country, organisation, person",
            )),
        }
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not one of the contract's spellings (or not a date).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid {what} (expected {expected})")]
pub struct ParseError {
    what: &'static str,
    input: String,
    expected: String,
}

impl ParseError {
    fn new(what: &'static str, input: &str, expected: impl Into<String>) -> ParseError {
        ParseError {
            what,
            input: input.chars().take(80).collect(),
            expected: expected.into(),
        }
    }

    /// What was being parsed (`relation type`, `date`).
    pub fn what(&self) -> &'static str {
        self.what
    }
}

impl Entity {
    /// The mention's byte span.
    pub const fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Which gazetteer column a mention's surface came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Via {
    /// The canonical name.
    Name,
    /// A listed alias.
    Alias,
    /// A demonym used for the state ("the Russian decision").
    Demonym,
    /// A capital or seat-of-government city used for the state ("Moscow welcomed").
    Capital,
    /// A building or national institution standing for the state ("the Kremlin", "ISPR").
    Seat,
    /// A surname referring back to a person named in full earlier in the document.
    Surname,
    /// A title without a name ("the Russian president"), resolved through the
    /// document's date to whoever held the office then.
    Title,
    /// "the group", "the movement": the organisation named last before it.
    Anaphor,
    /// "it", "they": the actor a pronoun refers to, named in the same sentence
    /// (see the reference stage). Not listed among a document's entities.
    Pronoun,
    /// "the kingdom", "the Gulf state", "the two countries", "his country":
    /// the actor a definite description refers to. Not listed among entities.
    Description,
    /// "each other", "one another": the actors of the clause's subject list.
    /// Not listed among entities.
    Reciprocal,
    /// A name no gazetteer holds, read as a person because a title stands
    /// next to it ("Foreign Minister Jane Doe", "Jane Doe, the French
    /// ambassador,"); its id is derived from the name.
    Titled,
}

impl Via {
    /// The spelling used in output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Alias => "alias",
            Via::Demonym => "demonym",
            Via::Capital => "capital",
            Via::Seat => "seat",
            Via::Surname => "surname",
            Via::Title => "title",
            Via::Anaphor => "anaphor",
            Via::Titled => "titled",
            Via::Pronoun => "pronoun",
            Via::Description => "description",
            Via::Reciprocal => "reciprocal",
        }
    }

    /// Whether a mention so found refers back to an actor without naming it
    /// (a pronoun, description or reciprocal): such mentions feed the
    /// relations but are not entities.
    pub const fn is_reference(self) -> bool {
        matches!(self, Via::Pronoun | Via::Description | Via::Reciprocal)
    }
}

/// A typed relation between two entities, stated by one sentence.
///
/// `Display` writes one compact line (see [`Document::compact`]):
/// `recognition RUS -> taliban [negated] (intended) year=2019 rule=recognition/active`,
/// the bracketed parts only when they hold, and `role=`/`to=` for `holds_office`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relation {
    /// The relation type.
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// Canonical id of the subject.
    pub subject: Arc<str>,
    /// Canonical id of the object.
    pub object: Arc<str>,
    /// True where the text says it did not or will not happen.
    pub negated: bool,
    /// Asserted, intended or possible.
    pub modality: Modality,
    /// The year the sentence dates the event to, if it names one.
    pub year: Option<u16>,
    /// Id of the rule that produced the relation.
    pub rule: Arc<str>,
    /// The CAMEO event code of the relation given its negation and modality
    /// (`"054"` for an asserted recognition), or `null` where none fits; see
    /// [`crosswalk`](crate::crosswalk). Always serialized.
    pub cameo: Option<Cow<'static, str>>,
    /// The PLOVER event category (`"SUPPORT"`), or `null` where none fits. Always serialized.
    pub plover: Option<Cow<'static, str>>,
    /// Byte offset where the stating sentence starts.
    pub start: usize,
    /// Byte offset where the stating sentence ends.
    pub end: usize,
    /// `start` counted in Unicode code points.
    pub char_start: usize,
    /// `end` counted in Unicode code points.
    pub char_end: usize,
    /// The stating sentence.
    pub evidence: String,
    /// For `holds_office`: the office held; `null` for other types.
    pub role: Option<Role>,
    /// For `holds_office` by an ambassador or envoy: the host country, where
    /// the text gives it; else `null`.
    pub to: Option<Arc<str>>,
    /// For `holds_office` in a dated text: whether the gazetteer agrees the
    /// person held an office for the object in that year (`null` when there is
    /// no date, the gazetteer lists no office for the pair, or for other types).
    pub verified: Option<bool>,
    /// Byte span of the subject mention in the document (`[start, end]` in JSON).
    pub subject_span: Span,
    /// Byte span of the object mention in the document.
    pub object_span: Span,
    /// Byte span of the word that triggered the rule.
    pub trigger_span: Span,
}

impl Relation {
    /// The byte span of the stating sentence.
    pub const fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.kind, self.subject, self.object)?;
        if self.negated {
            f.write_str(" [negated]")?;
        }
        if self.modality != Modality::Asserted {
            write!(f, " ({})", self.modality)?;
        }
        if let Some(year) = self.year {
            write!(f, " year={year}")?;
        }
        write!(f, " rule={}", self.rule)?;
        if let Some(role) = self.role {
            write!(f, " role={role}")?;
        }
        if let Some(to) = &self.to {
            write!(f, " to={to}")?;
        }
        Ok(())
    }
}

/// The date a document was published, for resolving titles ("the Russian
/// president") to the office holder of the time.
///
/// ```
/// let d: chancery::DocDate = "2025-07-04".parse().unwrap();
/// assert_eq!((d.year, d.month, d.day), (2025, Some(7), Some(4)));
/// assert!("2025-13-01".parse::<chancery::DocDate>().is_err());
/// assert_eq!(d.to_string(), "2025-07-04");
/// ```
///
/// In JSON a date is the string `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocDate {
    /// Year.
    pub year: u16,
    /// Month, 1-12, if known.
    pub month: Option<u8>,
    /// Day, 1-31, if known.
    pub day: Option<u8>,
}

impl DocDate {
    /// A date of a year only.
    pub const fn year(year: u16) -> DocDate {
        DocDate {
            year,
            month: None,
            day: None,
        }
    }
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for DocDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DocDate, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for DocDate {
    type Err = ParseError;
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time after the date (`T...`) is ignored.
    fn from_str(s: &str) -> Result<DocDate, ParseError> {
        let bad = || ParseError::new("date", s, "YYYY, YYYY-MM or YYYY-MM-DD");
        let date = s.trim().split(['T', ' ']).next().unwrap_or("");
        let mut parts = date.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<u16>().ok())
            .ok_or_else(bad)?;
        let mut small = |max: u8| -> Result<Option<u8>, ParseError> {
            match parts.next() {
                None => Ok(None),
                Some(p) => p
                    .parse::<u8>()
                    .ok()
                    .filter(|v| (1..=max).contains(v))
                    .map(Some)
                    .ok_or_else(bad),
            }
        };
        let month = small(12)?;
        let day = small(31)?;
        if parts.next().is_some() || (day.is_some() && month.is_none()) {
            return Err(bad());
        }
        Ok(DocDate { year, month, day })
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The contract's spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseError::new(
                        $what,
                        s,
                        [$($text),+].join(", "),
                    )),
                }
            }
        }
    };
}

string_enum! {
    /// The 17 relation types of the contract.
    RelationType ("relation type") {
        /// Subject formally recognises object as legitimate.
        Recognition = "recognition",
        /// Subject appoints, sends or names an ambassador or envoy to object.
        AmbassadorAppointment = "ambassador_appointment",
        /// Subject accepts an ambassador or envoy appointed by object.
        EnvoyAcceptance = "envoy_acceptance",
        /// Subject establishes, restores, upgrades or normalises ties with object.
        TiesEstablished = "ties_established",
        /// Subject severs, suspends or downgrades ties with object, or expels its diplomats.
        TiesSevered = "ties_severed",
        /// Subject opens or reopens its embassy or mission in object.
        MissionOpened = "mission_opened",
        /// Subject closes its embassy or mission in object.
        MissionClosed = "mission_closed",
        /// Subject meets or holds talks with object.
        Meeting = "meeting",
        /// Subject (a person or delegation) visits object.
        Visit = "visit",
        /// Subject welcomes, praises, supports or backs object or object's act.
        Endorsement = "endorsement",
        /// Subject condemns, criticises or denounces object or object's act.
        Criticism = "criticism",
        /// Subject designates, lists, proscribes or bans object as a terrorist organisation.
        TerroristDesignation = "terrorist_designation",
        /// Subject removes object from a terrorist list or lifts such a ban.
        TerroristDelisting = "terrorist_delisting",
        /// Subject imposes sanctions on object.
        Sanction = "sanction",
        /// Subject and object agree on, sign or conclude a deal, treaty or ceasefire.
        Agreement = "agreement",
        /// Subject invades, attacks, strikes or bombs object.
        MilitaryAction = "military_action",
        /// Person subject holds an office for object.
        HoldsOffice = "holds_office",
    }
}

impl RelationType {
    /// Symmetric relations are emitted once, subject first in text order.
    pub const fn is_symmetric(self) -> bool {
        matches!(
            self,
            RelationType::TiesEstablished
                | RelationType::TiesSevered
                | RelationType::Meeting
                | RelationType::Agreement
        )
    }
}

string_enum! {
    /// Whether the relation happened, is intended, or is only possible.
    Modality ("modality") {
        /// It happened or is happening.
        Asserted = "asserted",
        /// A plan, promise, decision or process not yet complete.
        Intended = "intended",
        /// Speculation, condition or question.
        Possible = "possible",
    }
}

string_enum! {
    /// The office a `holds_office` relation names.
    Role ("role") {
        /// President, king, emir, supreme leader.
        HeadOfState = "head_of_state",
        /// Prime minister, premier, chancellor.
        HeadOfGovernment = "head_of_government",
        /// Foreign minister, secretary of state, foreign secretary.
        ForeignMinister = "foreign_minister",
        /// Any other minister or secretary.
        Minister = "minister",
        /// Ambassador.
        Ambassador = "ambassador",
        /// Envoy or special representative.
        Envoy = "envoy",
        /// Spokesperson.
        Spokesperson = "spokesperson",
        /// Leader, secretary-general, head of a group.
        Leader = "leader",
        /// Deputy ministers and lesser posts.
        Official = "official",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_spellings_round_trip() {
        for t in RelationType::ALL {
            assert_eq!(t.as_str().parse::<RelationType>(), Ok(*t));
            assert_eq!(serde_json::to_string(t).unwrap(), format!("\"{t}\""));
        }
        assert_eq!(RelationType::ALL.len(), 17);
        assert_eq!(Role::ALL.len(), 9);
        assert_eq!(Modality::Possible.to_string(), "possible");
        assert!(RelationType::Meeting.is_symmetric());
        assert!(!RelationType::Recognition.is_symmetric());
        let err = "sanctions".parse::<RelationType>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("\"sanctions\" is not a valid relation type (expected recognition, "),
            "{err}"
        );
        assert_eq!(err.what(), "relation type");
    }

    #[test]
    fn dates_print_as_parsed() {
        for d in ["2025", "2025-07", "2025-07-04", "0999-01-01"] {
            assert_eq!(d.parse::<DocDate>().unwrap().to_string(), d);
        }
        assert_eq!(
            serde_json::to_string(&DocDate::year(1997)).unwrap(),
            "\"1997\""
        );
        assert!(serde_json::from_str::<DocDate>("\"1997-13\"").is_err());
    }

    #[test]
    fn char_offsets_asked_in_any_order_agree_with_std() {
        let text = "“Macron’s” Türkiye — 日本 met in Ankara, é".repeat(3);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut chars = CharOffsets::new(&text);
        // Forwards, backwards and jumping about (7 is prime to the count).
        let n = bounds.len();
        let order = (0..n).chain((0..n).rev()).chain((0..n).map(|i| i * 7 % n));
        for i in order {
            let b = bounds[i];
            assert_eq!(chars.of(b), text[..b].chars().count(), "byte {b}");
        }
        assert_eq!(chars.of(text.len() + 5), text.chars().count());
        assert_eq!(CharOffsets::new("plain").of(3), 3);
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "“Macron’s” visit: Türkiye and France met.";
        let doc = crate::Extractor::new().unwrap().extract(text);
        let chars: Vec<char> = text.chars().collect();
        assert!(!doc.entities.is_empty());
        for e in &doc.entities {
            let by_char: String = chars[e.char_start..e.char_end].iter().collect();
            assert_eq!(by_char, e.text);
        }
        for r in &doc.relations {
            let by_char: String = chars[r.char_start..r.char_end].iter().collect();
            assert_eq!(by_char, r.evidence);
        }
    }
}
