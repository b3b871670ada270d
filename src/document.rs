//! The output model: one [`Document`] per input text, as `shared/spec/output.md` defines it.
//!
//! Field names and the spelling of every enum value are part of the contract
//! that pipelines and the evaluation scripts rely on: fields may be added,
//! never renamed or dropped.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// Everything chancery found in one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The document's id: set by the caller (the CLI uses the path or the JSON `id`); `null` by default.
    pub id: serde_json::Value,
    /// Every mention, in text order.
    pub entities: Vec<Entity>,
    /// Every relation, in text order of the sentence that states it.
    pub relations: Vec<Relation>,
}

impl Document {
    /// Sets the document id (a string or a number) and returns the document.
    pub fn with_id(mut self, id: impl Into<serde_json::Value>) -> Document {
        self.id = id.into();
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
}

/// One mention of a country, organisation or person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// How the surface named the entity (`name`, `alias`, `demonym`, `capital`, `seat`, `surname`).
    pub via: Via,
}

/// The kind of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "country" => Ok(EntityKind::Country),
            "organisation" | "organization" => Ok(EntityKind::Organisation),
            "person" => Ok(EntityKind::Person),
            _ => Err(()),
        }
    }
}

/// Which gazetteer column a mention's surface came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
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
        }
    }
}

/// A typed relation between two entities, stated by one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    pub cameo: Option<&'static str>,
    /// The PLOVER event category (`"SUPPORT"`), or `null` where none fits. Always serialized.
    pub plover: Option<&'static str>,
    /// Byte offset where the stating sentence starts.
    pub start: usize,
    /// Byte offset where the stating sentence ends.
    pub end: usize,
    /// The stating sentence.
    pub evidence: String,
    /// For `holds_office`: the office held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// For `holds_office` by an ambassador or envoy: the host country, where the text gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Arc<str>>,
    /// For `holds_office` in a dated text: whether the gazetteer agrees the
    /// person held an office for the object in that year (absent when there is
    /// no date or the gazetteer lists no office for the pair).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// Byte span of the subject mention in the document.
    pub subject_span: [usize; 2],
    /// Byte span of the object mention in the document.
    pub object_span: [usize; 2],
    /// Byte span of the word that triggered the rule.
    pub trigger_span: [usize; 2],
}

/// The date a document was published, for resolving titles ("the Russian
/// president") to the office holder of the time.
///
/// ```
/// let d: chancery::DocDate = "2025-07-04".parse().unwrap();
/// assert_eq!((d.year, d.month, d.day), (2025, Some(7), Some(4)));
/// assert!("2025-13-01".parse::<chancery::DocDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocDate {
    /// Year.
    pub year: u16,
    /// Month, 1-12, if known.
    pub month: Option<u8>,
    /// Day, 1-31, if known.
    pub day: Option<u8>,
}

impl FromStr for DocDate {
    type Err = String;
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time after the date (`T...`) is ignored.
    fn from_str(s: &str) -> Result<DocDate, String> {
        let bad = || format!("date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD");
        let date = s.trim().split(['T', ' ']).next().unwrap_or("");
        let mut parts = date.split('-');
        let year = parts
            .next()
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<u16>().ok())
            .ok_or_else(bad)?;
        let mut small = |max: u8| -> Result<Option<u8>, String> {
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
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(()) }
            }
        }
    };
}

string_enum! {
    /// The 17 relation types of the contract.
    RelationType {
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
    Modality {
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
    Role {
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
    }
}
