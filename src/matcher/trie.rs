//! The byte trie of the matcher's patterns, walked anchored: the longest
//! pattern that starts at a given position.
//!
//! The matcher only ever asks "which is the longest pattern starting here"
//! (at each word start), so it needs no failure links: a general
//! Aho-Corasick automaton spent two thirds of its build on them, and the
//! anchored walk never reads one. The trie is built depth-first from the
//! sorted patterns, which gives every state its edges in one sorted,
//! contiguous run, and the states along one name neighbouring places. The states of the first two levels, where every walk
//! starts and the fan-out is widest, also get a full 256-entry row (upper
//! case bytes mapped as their lower case), so the first two steps of a walk
//! are one table load each.

/// A state's index in [`Trie::states`].
type StateId = u32;

/// No state: the walk has left the trie.
const NONE: StateId = u32::MAX;
/// No pattern ends at this state.
const NO_PATTERN: u32 = u32::MAX;
/// The root state.
const ROOT: StateId = 0;
/// Set on a transition's target when a pattern ends at that state, so the
/// walk reads the state itself only for a match.
const MATCH_BIT: StateId = 1 << 31;
/// The trie's states number at most one more than its patterns' bytes, and
/// a state id must stay below [`MATCH_BIT`]: patterns of at most this many
/// bytes in all fit.
pub(super) const MAX_PATTERN_BYTES: usize = MATCH_BIT as usize - 2;

#[derive(Debug, Clone, Copy)]
struct State {
    /// First of this state's edges in `edge_bytes`/`edge_targets`.
    edges: u32,
    /// Number of edges (at most 256).
    len: u16,
    /// The label of the only edge, when there is one.
    label: u8,
    /// The target of the only edge (as in `edge_targets`), when there is one:
    /// most states deep in the trie have a single edge, and the walk takes
    /// it without reading the edge arrays.
    only: StateId,
    /// The pattern that ends here, or [`NO_PATTERN`].
    pattern: u32,
}

impl State {
    const EMPTY: State = State {
        edges: 0,
        len: 0,
        label: 0,
        only: NONE,
        pattern: NO_PATTERN,
    };
}

/// The anchored byte trie over lower-case patterns (the text is read
/// ASCII-lower-cased as it is walked, which keeps every byte offset).
#[derive(Debug, Clone)]
pub(super) struct Trie {
    states: Vec<State>,
    /// Edge labels, each state's sorted and contiguous.
    edge_bytes: Vec<u8>,
    /// Edge targets, with [`MATCH_BIT`] when a pattern ends at the target.
    edge_targets: Vec<StateId>,
    /// Dense rows of the root and its children, which are the first states:
    /// byte -> next state (as in `edge_targets`).
    dense: Vec<[StateId; 256]>,
}

impl Trie {
    /// The trie of `patterns` (pattern `i` is reported as `i`). Patterns
    /// must be distinct and of at most [`MAX_PATTERN_BYTES`] in all; matching reads the text ASCII-lower-cased, so an
    /// upper-case ASCII byte in a pattern never matches.
    pub fn new(patterns: &[&[u8]]) -> Trie {
        let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| patterns[a as usize].cmp(patterns[b as usize]));
        let mut trie = Trie {
            states: Vec::with_capacity(patterns.len() * 4),
            edge_bytes: Vec::with_capacity(patterns.len() * 4),
            edge_targets: Vec::with_capacity(patterns.len() * 4),
            dense: Vec::new(),
        };
        trie.states.push(State::EMPTY);
        // Depth first: (state, its patterns as a range of `order`, depth).
        // The patterns of a range share their first `depth` bytes. A state's
        // children are numbered when it is taken, and the last of them is
        // taken next, so a run of single-edge states (the rest of a name)
        // lies in consecutive states and edges, as a walk reads it.
        let mut stack = vec![(ROOT, 0usize, order.len(), 0usize)];
        while let Some((state, mut lo, hi, depth)) = stack.pop() {
            // Sorted: a pattern that ends here comes first in its range.
            if lo < hi && patterns[order[lo] as usize].len() == depth {
                trie.states[state as usize].pattern = order[lo];
                lo += 1;
            }
            let first_edge = trie.edge_bytes.len() as u32;
            while lo < hi {
                let byte = patterns[order[lo] as usize][depth];
                let mut end = lo + 1;
                while end < hi && patterns[order[end] as usize][depth] == byte {
                    end += 1;
                }
                let child = trie.states.len() as StateId;
                trie.states.push(State::EMPTY);
                // Sorted: the child's pattern, if any, is its range's first.
                let ends_there = patterns[order[lo] as usize].len() == depth + 1;
                trie.edge_bytes.push(byte);
                trie.edge_targets
                    .push(if ends_there { child | MATCH_BIT } else { child });
                stack.push((child, lo, end, depth + 1));
                lo = end;
            }
            let s = &mut trie.states[state as usize];
            s.edges = first_edge;
            s.len = (trie.edge_bytes.len() as u32 - first_edge) as u16;
            if s.len == 1 {
                s.label = trie.edge_bytes[first_edge as usize];
                s.only = trie.edge_targets[first_edge as usize];
            }
        }
        // The root is taken first, so it and its children are states 0, 1,
        // 2, ...: each of their rows is at the state's own index.
        let first_levels = 1 + usize::from(trie.states[ROOT as usize].len);
        for state in 0..first_levels {
            let row = trie.dense_row(state as StateId);
            trie.dense.push(row);
        }
        trie
    }

    /// A full row for `state`: every byte, upper-case ASCII as its lower case.
    fn dense_row(&self, state: StateId) -> [StateId; 256] {
        let mut row = [NONE; 256];
        for b in 0..=255u8 {
            row[usize::from(b)] = self.sparse_step(state, b.to_ascii_lowercase());
        }
        row
    }

    /// The edge of `state` labelled `byte` (already lower-cased).
    #[inline]
    fn sparse_step(&self, state: StateId, byte: u8) -> StateId {
        let s = &self.states[state as usize];
        let lo = s.edges as usize;
        let bytes = &self.edge_bytes[lo..lo + s.len as usize];
        let found = if bytes.len() <= 8 {
            bytes.iter().position(|&b| b == byte)
        } else {
            bytes.binary_search(&byte).ok()
        };
        found.map_or(NONE, |i| self.edge_targets[lo + i])
    }

    /// The longest pattern that starts at `pos` in `bytes`, read
    /// ASCII-lower-cased: its index and end offset.
    pub fn longest_at(&self, bytes: &[u8], pos: usize) -> Option<(usize, usize)> {
        let mut state = ROOT;
        let root = &self.states[ROOT as usize];
        let mut found = (root.pattern != NO_PATTERN).then_some((root.pattern as usize, pos));
        for (i, &b) in bytes[pos..].iter().enumerate() {
            let next = if let Some(row) = self.dense.get(state as usize) {
                row[usize::from(b)]
            } else {
                let s = &self.states[state as usize];
                if s.len == 1 {
                    if s.label == b.to_ascii_lowercase() {
                        s.only
                    } else {
                        NONE
                    }
                } else {
                    self.sparse_step(state, b.to_ascii_lowercase())
                }
            };
            if next == NONE {
                break;
            }
            state = next & !MATCH_BIT;
            if next & MATCH_BIT != 0 {
                let pattern = self.states[state as usize].pattern;
                found = Some((pattern as usize, pos + i + 1));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(patterns: &[&str]) -> Trie {
        let bytes: Vec<&[u8]> = patterns.iter().map(|p| p.as_bytes()).collect();
        Trie::new(&bytes)
    }

    #[test]
    fn longest_pattern_at_a_position() {
        let t = trie(&["us", "u.s.", "united states", "united", "uk"]);
        assert_eq!(t.longest_at(b"United States of", 0), Some((2, 13)));
        assert_eq!(t.longest_at(b"united kingdom", 0), Some((3, 6)));
        assert_eq!(t.longest_at(b"U.S.-backed", 0), Some((1, 4)));
        assert_eq!(t.longest_at(b"the US", 4), Some((0, 6)));
        assert_eq!(t.longest_at(b"the US", 0), None);
        assert_eq!(t.longest_at(b"u", 0), None);
    }

    #[test]
    fn deep_states_with_many_edges_use_their_sorted_run() {
        let words: Vec<String> = (b'a'..=b'z').map(|c| format!("xy{}", c as char)).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let t = trie(&refs);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.longest_at(w.to_uppercase().as_bytes(), 0), Some((i, 3)));
        }
        assert_eq!(t.longest_at(b"xy!", 0), None);
    }

    #[test]
    fn an_empty_pattern_matches_everywhere() {
        let t = trie(&["", "ab"]);
        assert_eq!(t.longest_at(b"zz", 1), Some((0, 1)));
        assert_eq!(t.longest_at(b"ab", 0), Some((1, 2)));
    }
}
