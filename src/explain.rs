//! Explanations: why chancery found what it found in a text, for analysts.
//!
//! [`Extractor::explain`](crate::Extractor::explain) reports, sentence by
//! sentence, every mention with the gazetteer line that produced it, every
//! rule that matched with the tokens it spanned and the cue words that set
//! negation and modality, and every rule anchored in the sentence that came
//! close but did not fire, with the reason (a missing slot, a mention out of
//! the pattern's window, the step budget). It re-runs the pipeline with
//! tracing on: use it to understand a result, not on a corpus.

use crate::document::{Entity, Relation};
use serde::Serialize;
use std::fmt;

/// The explanation of one text.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Every sentence, in order.
    pub sentences: Vec<ExplainedSentence>,
}

/// One sentence and what happened in it.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedSentence {
    /// Byte offsets of the sentence.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// The sentence text.
    pub text: String,
    /// Mentions in the sentence.
    pub mentions: Vec<ExplainedMention>,
    /// Rules that matched.
    pub matches: Vec<RuleMatch>,
    /// Rules anchored here that did not fire.
    pub near_misses: Vec<NearMiss>,
}

/// A mention and where its surface is defined.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedMention {
    /// The mention.
    #[serde(flatten)]
    pub entity: Entity,
    /// The gazetteer line of its entry (`gazetteers/countries.tsv:185`).
    pub defined_at: String,
}

/// A rule that matched.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMatch {
    /// Rule id.
    pub rule: String,
    /// The pattern that matched, as written.
    pub pattern: String,
    /// Where the pattern is defined (`src/rules/diplomacy.rules:12`).
    pub defined_at: String,
    /// Byte offsets of the matched tokens.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// The matched text.
    pub matched: String,
    /// The word that made the relations negated, if any.
    pub negation_cue: Option<String>,
    /// The word that set their modality, if any.
    pub modality_cue: Option<String>,
    /// Relations emitted (none if, say, subject and object were the same entity).
    pub relations: Vec<Relation>,
}

/// A rule anchored in the sentence that did not fire.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    /// Rule id.
    pub rule: String,
    /// The pattern, as written.
    pub pattern: String,
    /// Where the pattern is defined.
    pub defined_at: String,
    /// The anchor word it was tried at.
    pub anchor: String,
    /// Byte offset of the anchor.
    pub anchor_start: usize,
    /// Why it did not fire.
    pub reason: String,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.sentences.iter().enumerate() {
            writeln!(f, "sentence {} [{}..{}]: {}", i + 1, s.start, s.end, s.text)?;
            for m in &s.mentions {
                let e = &m.entity;
                writeln!(
                    f,
                    "  mention {:?} [{}..{}] -> {} ({}, {}) via {} from {}",
                    e.text,
                    e.start,
                    e.end,
                    e.id,
                    e.name,
                    e.kind,
                    e.via.as_str(),
                    m.defined_at
                )?;
            }
            for m in &s.matches {
                writeln!(
                    f,
                    "  rule {} matched {:?} [{}..{}]",
                    m.rule, m.matched, m.start, m.end
                )?;
                writeln!(f, "    pattern {}  ({})", m.pattern, m.defined_at)?;
                if let Some(c) = &m.negation_cue {
                    writeln!(f, "    negation cue {c:?}")?;
                }
                if let Some(c) = &m.modality_cue {
                    writeln!(f, "    modality cue {c:?}")?;
                }
                if m.relations.is_empty() {
                    writeln!(
                        f,
                        "    -> no relation (same entity on both sides, or kinds do not fit)"
                    )?;
                }
                for r in &m.relations {
                    let neg = if r.negated { " negated" } else { "" };
                    let role = r.role.map(|r| format!(" role={r}")).unwrap_or_default();
                    writeln!(
                        f,
                        "    -> {} {} -> {}{neg} {}{role}",
                        r.kind, r.subject, r.object, r.modality
                    )?;
                }
            }
            for n in &s.near_misses {
                writeln!(f, "  near miss {} at {:?}: {}", n.rule, n.anchor, n.reason)?;
                writeln!(f, "    pattern {}  ({})", n.pattern, n.defined_at)?;
            }
        }
        Ok(())
    }
}
