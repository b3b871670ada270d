//! Tokens: one sentence as words, punctuation and mentions, for the rules.
//!
//! Only sentences that hold both a mention and a rule cue are tokenised. A
//! mention is one token whatever its length; a trailing possessive (`'s`,
//! `’s`) is a token of its own; hyphens and other punctuation are tokens;
//! apostrophes inside words stay (`didn't`). Words carry their id in the rule
//! vocabulary, so matching compares integers, never strings.

use crate::matcher::is_word_char;
use crate::resolve::Mention;
use crate::span::Span;
use std::collections::HashMap;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A word; `vocab` is its id in the rule vocabulary, if the rules know it.
    Word { vocab: Option<u32> },
    /// One punctuation character.
    Punct(char),
    /// A mention, by its index in the document's mention list.
    Mention(u32),
}

/// One token of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The words the rules know, lower-cased, with `’` folded to `'`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Vocabulary {
    /// The id of `word` (already normalised), adding it if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }

    /// The id of a surface word from a text, normalising it on a small stack buffer.
    pub fn lookup(&self, surface: &str) -> Option<u32> {
        let mut buf = [0u8; 48];
        let mut len = 0;
        for c in surface.chars() {
            let c = if c == '\u{2019}' { '\'' } else { c };
            if c.is_ascii() {
                if len == buf.len() {
                    return None;
                }
                buf[len] = c.to_ascii_lowercase() as u8;
                len += 1;
            } else {
                for l in c.to_lowercase() {
                    if len + l.len_utf8() > buf.len() {
                        return None;
                    }
                    l.encode_utf8(&mut buf[len..]);
                    len += l.len_utf8();
                }
            }
        }
        let word = std::str::from_utf8(&buf[..len]).ok()?;
        self.ids.get(word).copied()
    }

    /// The word with this id.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Every word, by id.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `span` of `text` into tokens, appending them to `out`. `mentions` are
/// the document's mentions in text order; `first_mention` indexes the first
/// one that may lie in the span.
pub(crate) fn tokenize(
    text: &str,
    span: Span,
    mentions: &[Mention],
    first_mention: usize,
    vocab: &Vocabulary,
    out: &mut Vec<Token>,
) {
    let mut next_mention = first_mention;
    let mut i = span.start;
    while i < span.end {
        while next_mention < mentions.len() && mentions[next_mention].span.start < i {
            next_mention += 1;
        }
        let mention_start = mentions
            .get(next_mention)
            .map_or(usize::MAX, |m| m.span.start);
        if mention_start == i {
            let m = &mentions[next_mention];
            out.push(Token {
                span: m.span,
                kind: TokenKind::Mention(next_mention as u32),
            });
            i = m.span.end;
            next_mention += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let stop = span.end.min(mention_start);
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if is_word_char(c) {
            let start = i;
            let mut end = i;
            let mut chars = text[i..stop].char_indices().peekable();
            while let Some((off, ch)) = chars.next() {
                if is_word_char(ch) {
                    end = i + off + ch.len_utf8();
                } else if is_apostrophe(ch)
                    && chars.peek().is_some_and(|&(_, n)| is_word_char(n))
                {
                    continue;
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            // "group's" -> "group" + "'s"
            let split = ["'s", "\u{2019}s"].iter().find_map(|p| {
                word.strip_suffix(p)
                    .filter(|stem| !stem.is_empty() && !stem.ends_with(is_apostrophe))
                    .map(|stem| start + stem.len())
            });
            match split {
                Some(mid) => {
                    push_word(text, Span::new(start, mid), vocab, out);
                    push_word(text, Span::new(mid, end), vocab, out);
                }
                None => push_word(text, Span::new(start, end), vocab, out),
            }
            i = end.max(start + c.len_utf8());
        } else if is_apostrophe(c)
            && text[i + c.len_utf8()..stop].starts_with(['s', 'S'])
            && !text[i + c.len_utf8() + 1..]
                .chars()
                .next()
                .is_some_and(is_word_char)
        {
            let end = i + c.len_utf8() + 1;
            push_word(text, Span::new(i, end), vocab, out);
            i = end;
        } else {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct(c),
            });
            i += c.len_utf8();
        }
    }
}

fn push_word(text: &str, span: Span, vocab: &Vocabulary, out: &mut Vec<Token>) {
    out.push(Token {
        span,
        kind: TokenKind::Word {
            vocab: vocab.lookup(&text[span.range()]),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Via;

    fn show(text: &str, mentions: &[Mention]) -> Vec<String> {
        let mut vocab = Vocabulary::default();
        vocab.intern("'s");
        vocab.intern("didn't");
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), mentions, 0, &vocab, &mut out);
        out.iter()
            .map(|t| match t.kind {
                TokenKind::Word { vocab: Some(id) } => format!("{}#{}", &text[t.span.range()], vocab.word(id)),
                TokenKind::Word { vocab: None } => text[t.span.range()].to_string(),
                TokenKind::Punct(c) => format!("<{c}>"),
                TokenKind::Mention(i) => format!("[{}]", i),
            })
            .collect()
    }

    #[test]
    fn splits_words_possessives_and_mentions() {
        let text = "Russia’s envoy didn't go, the group's Taliban-appointed man";
        let taliban = text.find("Taliban").unwrap();
        let mentions = [
            Mention { span: Span::new(0, 6), entry: 0, via: Via::Name },
            Mention { span: Span::new(taliban, taliban + 7), entry: 1, via: Via::Name },
        ];
        assert_eq!(
            show(text, &mentions),
            ["[0]", "’s#'s", "envoy", "didn't#didn't", "go", "<,>", "the", "group", "'s#'s", "[1]", "<->", "appointed", "man"]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["'", "’s", "a'", "é’", "x's'", "''s", "\u{2019}\u{2019}"] {
            show(text, &[]);
        }
    }
}
