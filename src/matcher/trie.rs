//! The byte trie of the matcher's patterns, walked anchored: the longest
//! pattern that starts at a given position.
//!
//! The matcher only ever asks "which is the longest pattern starting here"
//! (at each word start), so it needs no failure links: a general
//! Aho-Corasick automaton spent two thirds of its build on them, and the
//! anchored walk never reads one. The trie is built from the sorted
//! patterns, each one's new states one after the other, so the states along
//! one name are neighbours.
//!
//! A state has no edge (a pattern's end), one edge (most states: the rest of
//! a name), or several. One edge is held inline, its label and target in the
//! state. Several make a row of targets indexed by byte class: the patterns
//! use few distinct bytes, each of which is a class (upper-case ASCII bytes
//! are their lower case's class, every byte no pattern uses is class 0,
//! which has no edge), so a row is a hundred-odd columns, not 256, and every
//! step of a walk is one or two loads, never a search. A row has three
//! edges on average, so the rows are packed into one table, overlapping
//! ("row displacement"): a row is a base offset, its edge of class `c` the
//! slot at `base + c`, which names the base of the row that owns it. Full
//! rows took 2.6 MB for the shipped gazetteers, mostly empty; the packed
//! table takes 0.2 MB, so the trie (with its 1.3 MB of states) stays in a
//! core's second-level cache. The slots have a budget (32 MB); past it, a
//! state's edges stay a list, searched. The first two steps of every walk,
//! all through branching states, are one load from a table by the two
//! bytes' classes (`pairs`: classes squared, 111 × 111 entries, 49 KB, for
//! the shipped gazetteers).

/// A state's index in [`Trie::states`].
type StateId = u32;

/// No state: the walk has left the trie.
const NONE: StateId = u32::MAX;
/// No pattern ends at this state.
const NO_PATTERN: u32 = u32::MAX;
/// The root state.
const ROOT: StateId = 0;
/// The trie's states number at most one more than its patterns' bytes, and
/// a state id must stay below [`NONE`]: patterns of at most this many bytes
/// in all fit.
pub(super) const MAX_PATTERN_BYTES: usize = (1 << 31) - 2;

/// How a state continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// No edge.
    Leaf,
    /// One edge: `label` to `next`.
    One,
    /// Several edges: `next` is the row's base in `slots`.
    Row,
}

/// The label of a [`Shape::One`] state that stands for several edges in a
/// list (while the trie is built, and past the slots' budget): `next` is
/// the first of the list in `edges`. An upper-case label never matches the lower-cased text, so no
/// edge has it (one is never added), and the walk's fast path never takes
/// this one.
const LIST: u8 = b'A';

/// One edge of a [`LIST`] state.
#[derive(Debug, Clone, Copy)]
struct Edge {
    label: u8,
    target: StateId,
    /// The state's next edge in `edges`, or [`NONE`].
    rest: u32,
}

/// The most slots a trie holds (32 MB): past them, a huge gazetteer's
/// branching states keep edge lists instead, so that memory stays in
/// proportion to the patterns (and a row's base fits a `u32`).
const ROW_BUDGET: usize = 1 << 22;

/// One slot of the packed rows: the edge of class `c` of the row based at
/// `owner` is the slot at `owner + c`, if that slot's owner is that base.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The base of the row this slot belongs to, or [`NONE`] (a free slot).
    owner: u32,
    target: StateId,
}

impl Slot {
    const FREE: Slot = Slot {
        owner: NONE,
        target: NONE,
    };
}

#[derive(Debug, Clone, Copy)]
struct State {
    /// The target of the only edge ([`Shape::One`]) or the row number
    /// ([`Shape::Row`]).
    next: u32,
    /// The pattern that ends here, or [`NO_PATTERN`].
    pattern: u32,
    /// The label of the only edge ([`Shape::One`]).
    label: u8,
    shape: Shape,
}

impl State {
    const LEAF: State = State {
        next: NONE,
        pattern: NO_PATTERN,
        label: 0,
        shape: Shape::Leaf,
    };
}

/// The anchored byte trie over lower-case patterns (the text is read
/// ASCII-lower-cased as it is walked, which keeps every byte offset).
#[derive(Debug, Clone)]
pub(super) struct Trie {
    states: Vec<State>,
    /// Byte -> its class: a column of a row (0 for bytes no pattern uses).
    class: [u8; 256],
    /// Columns per row: the number of classes.
    width: usize,
    /// The rows of the states with several edges, overlapping (see [`Slot`]).
    slots: Vec<Slot>,
    /// The most slots there may be.
    row_budget: usize,
    /// The edges of the [`LIST`] states.
    edges: Vec<Edge>,
    /// The state two bytes below the root, by the bytes' classes
    /// (`first * width + second`), or [`NONE`]: the first two steps of
    /// every walk as one load (see [`Trie::index_pairs`]).
    pairs: Vec<StateId>,
    /// The pattern of one byte of each class, or [`NO_PATTERN`].
    singles: Vec<u32>,
}

impl Trie {
    /// The trie of `patterns` (pattern `i` is reported as `i`; of equal
    /// patterns, the first). Patterns must be of at most
    /// [`MAX_PATTERN_BYTES`] in all; matching reads the text
    /// ASCII-lower-cased, so an upper-case ASCII byte in a pattern never
    /// matches.
    pub fn new(patterns: &[&[u8]]) -> Trie {
        Trie::with_row_budget(patterns, ROW_BUDGET)
    }

    /// [`Trie::new`], with at most `row_budget` row entries.
    fn with_row_budget(patterns: &[&[u8]], row_budget: usize) -> Trie {
        let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
        // Equal patterns by index: the first of them is reported.
        order.sort_unstable_by(|&a, &b| {
            patterns[a as usize]
                .cmp(patterns[b as usize])
                .then(a.cmp(&b))
        });
        let (class, width) = byte_classes(patterns);
        let bytes: usize = patterns.iter().map(|p| p.len()).sum();
        let mut trie = Trie {
            states: Vec::with_capacity(bytes + 1),
            class,
            width,
            slots: Vec::new(),
            row_budget,
            edges: Vec::new(),
            pairs: Vec::new(),
            singles: Vec::new(),
        };
        trie.states.push(State::LEAF);
        // In sorted order, a pattern shares a prefix with the one before it
        // and its rest is new: new states, one after the other, along which
        // a walk reads it. `path[d]` is the state at depth `d` of the
        // previous pattern.
        let mut path: Vec<StateId> = vec![ROOT];
        let mut previous: &[u8] = &[];
        for &p in &order {
            let pattern = patterns[p as usize];
            let shared = previous
                .iter()
                .zip(pattern)
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(shared + 1);
            for &byte in &pattern[shared..] {
                let child = trie.states.len() as StateId;
                trie.states.push(State::LEAF);
                trie.add_edge(path[path.len() - 1], byte, child);
                path.push(child);
            }
            let end = &mut trie.states[path[path.len() - 1] as usize];
            if end.pattern == NO_PATTERN {
                end.pattern = p;
            }
            previous = pattern;
        }
        trie.pack_rows();
        trie.index_pairs();
        trie
    }

    /// Adds the edge `label` from `state` to `child`: `state`'s first edge
    /// is held inline, a second moves both to a list (which
    /// [`Trie::pack_rows`] makes a row). An upper-case label is not added:
    /// it never matches.
    fn add_edge(&mut self, state: StateId, label: u8, child: StateId) {
        if label.is_ascii_uppercase() {
            return;
        }
        let s = self.states[state as usize];
        match s.shape {
            Shape::Leaf => {
                self.states[state as usize] = State {
                    shape: Shape::One,
                    label,
                    next: child,
                    ..s
                };
            }
            Shape::One if s.label == LIST => self.add_to_list(state, s.next, label, child),
            // Rows are made once every edge is known.
            Shape::One | Shape::Row => {
                self.edges.push(Edge {
                    label: s.label,
                    target: s.next,
                    rest: NONE,
                });
                self.add_to_list(state, self.edges.len() as u32 - 1, label, child);
            }
        }
    }

    /// Puts the edge `label` to `child` before the list from `rest`, and
    /// makes `state` that list's [`LIST`] state.
    fn add_to_list(&mut self, state: StateId, rest: u32, label: u8, child: StateId) {
        self.edges.push(Edge {
            label,
            target: child,
            rest,
        });
        let s = &mut self.states[state as usize];
        s.shape = Shape::One;
        s.label = LIST;
        s.next = self.edges.len() as u32 - 1;
    }

    /// Makes each state's edge list a row, packed into `slots` at the
    /// first base past the previous row's where its columns are free (so
    /// no two rows have one base, which tags a row's slots); a state whose
    /// row would pass the budget keeps its list. The lists are dropped once
    /// all are rows. The bases only grow: a search from the table's start
    /// would stop at every slot no row can fill (slot 0, of class 0), and
    /// took seven times the whole start-up; this way a row is placed in a
    /// few tries, and the shipped rows still fill 67% of their slots.
    fn pack_rows(&mut self) {
        let mut slots: Vec<Slot> = Vec::new();
        // The lowest base the next row may take.
        let mut from: usize = 0;
        let mut columns: Vec<(usize, StateId)> = Vec::new();
        let mut all_packed = true;
        for id in 0..self.states.len() {
            let s = self.states[id];
            if !(s.shape == Shape::One && s.label == LIST) {
                continue;
            }
            columns.clear();
            let mut edge = s.next;
            while let Some(e) = self.edges.get(edge as usize) {
                columns.push((usize::from(self.class[usize::from(e.label)]), e.target));
                edge = e.rest;
            }
            let mut base = from;
            while columns
                .iter()
                .any(|&(c, _)| slots.get(base + c).is_some_and(|s| s.owner != NONE))
            {
                base += 1;
            }
            if base + self.width > self.row_budget {
                all_packed = false;
                continue;
            }
            if slots.len() < base + self.width {
                slots.resize(base + self.width, Slot::FREE);
            }
            for &(c, target) in &columns {
                slots[base + c] = Slot {
                    owner: base as u32,
                    target,
                };
            }
            self.states[id] = State {
                shape: Shape::Row,
                next: base as u32,
                ..s
            };
            from = base + 1;
        }
        slots.shrink_to_fit();
        self.slots = slots;
        if all_packed {
            self.edges = Vec::new();
        }
    }

    /// The longest pattern that starts at `pos` in `bytes`, read
    /// ASCII-lower-cased: its index and end offset.
    // Always inlined: as a call from the scan's loop it was measured at
    // 8 M instructions more per MB.
    #[inline(always)]
    pub fn longest_at(&self, bytes: &[u8], pos: usize) -> Option<(usize, usize)> {
        let (states, slots, class, width) =
            (&self.states[..], &self.slots[..], &self.class, self.width);
        let mut state = states.get(ROOT as usize)?;
        // The last pattern passed and the bytes read to it, as one word
        // (pattern << 32 | length): one register in the walk's loop, which
        // shares the registers with the scan's. A pattern is shorter than
        // 2^31 bytes (MAX_PATTERN_BYTES), so the length fits.
        let mut found = u64::MAX;
        if state.pattern != NO_PATTERN {
            found = u64::from(state.pattern) << 32;
        }
        let mut from = pos;
        // The first two bytes in one step.
        if let Some(&[first, second]) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<2>) {
            let first = usize::from(class[usize::from(first)]);
            let single = self.singles.get(first).copied().unwrap_or(NO_PATTERN);
            if single != NO_PATTERN {
                found = u64::from(single) << 32 | 1;
            }
            let at = first * width + usize::from(class[usize::from(second)]);
            let pair = self.pairs.get(at).copied().unwrap_or(NONE);
            let Some(s) = states.get(pair as usize) else {
                return (found != u64::MAX)
                    .then(|| ((found >> 32) as usize, pos + (found as u32) as usize));
            };
            state = s;
            if state.pattern != NO_PATTERN {
                found = u64::from(state.pattern) << 32 | 2;
            }
            from = pos + 2;
        }
        let rest = bytes.get(from..).unwrap_or(&[]);
        for (read, &b) in ((from - pos) as u64 + 1..).zip(rest) {
            let next = match state.shape {
                Shape::Row => {
                    let at = state.next as usize + usize::from(class[usize::from(b)]);
                    match slots.get(at) {
                        Some(slot) if slot.owner == state.next => slot.target,
                        _ => break,
                    }
                }
                Shape::One if state.label == b.to_ascii_lowercase() => state.next,
                // Leaves, failed single edges and (rarely) edge lists.
                _ if state.label != LIST => break,
                _ => self.list_step(state.next, b.to_ascii_lowercase()),
            };
            let Some(s) = states.get(next as usize) else {
                break;
            };
            state = s;
            if state.pattern != NO_PATTERN {
                found = u64::from(state.pattern) << 32 | read;
            }
        }
        (found != u64::MAX).then(|| ((found >> 32) as usize, pos + (found as u32) as usize))
    }
}

impl Trie {
    /// Fills [`Trie::pairs`] and [`Trie::singles`] by walking one byte of
    /// each class (bytes of one class take the same edges).
    fn index_pairs(&mut self) {
        let mut representative = [0u8; 256];
        for b in (0..=255u8).rev() {
            if !b.is_ascii_uppercase() {
                representative[usize::from(self.class[usize::from(b)])] = b;
            }
        }
        let width = self.width;
        let mut pairs = vec![NONE; width * width];
        let mut singles = vec![NO_PATTERN; width];
        // Class 0 (bytes no pattern uses) never takes an edge.
        for first in 1..width {
            let one = self.step(ROOT, representative[first]);
            let Some(state) = self.states.get(one as usize) else {
                continue;
            };
            singles[first] = state.pattern;
            for second in 1..width {
                pairs[first * width + second] = self.step(one, representative[second]);
            }
        }
        self.pairs = pairs;
        self.singles = singles;
    }

    /// The state after reading `byte` (ASCII-lower-cased) in `state`, or [`NONE`].
    fn step(&self, state: StateId, byte: u8) -> StateId {
        let Some(s) = self.states.get(state as usize) else {
            return NONE;
        };
        match s.shape {
            Shape::Row => {
                let at = s.next as usize + usize::from(self.class[usize::from(byte)]);
                match self.slots.get(at) {
                    Some(slot) if slot.owner == s.next => slot.target,
                    _ => NONE,
                }
            }
            Shape::One if s.label == byte.to_ascii_lowercase() => s.next,
            Shape::One if s.label == LIST => self.list_step(s.next, byte.to_ascii_lowercase()),
            _ => NONE,
        }
    }
}

impl Trie {
    /// The target of the edge labelled `byte` in the list from `edge`, or
    /// [`NONE`]. Out of line: the shipped gazetteers never take this path,
    /// and the walk's loop was measured slower with it inlined.
    #[cold]
    #[inline(never)]
    fn list_step(&self, mut edge: u32, byte: u8) -> StateId {
        while let Some(e) = self.edges.get(edge as usize) {
            if e.label == byte {
                return e.target;
            }
            edge = e.rest;
        }
        NONE
    }
}

/// Each byte's class: 1, 2, ... for the bytes the patterns use (an
/// upper-case ASCII byte takes its lower case's class), 0 for the rest; and
/// the number of classes.
fn byte_classes(patterns: &[&[u8]]) -> ([u8; 256], usize) {
    let mut used = [false; 256];
    for p in patterns {
        for &b in *p {
            used[usize::from(b)] = true;
        }
    }
    let mut class = [0u8; 256];
    let mut width = 1;
    for b in 0..=255u8 {
        if used[usize::from(b)] && !b.is_ascii_uppercase() {
            class[usize::from(b)] = width as u8;
            width += 1;
        }
    }
    for b in b'A'..=b'Z' {
        class[usize::from(b)] = class[usize::from(b.to_ascii_lowercase())];
    }
    (class, width)
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
    fn the_two_byte_first_step_finds_what_a_byte_walk_finds() {
        let patterns = [
            "a",
            "ab",
            "abc",
            "b",
            "ba",
            "b c",
            "\u{e9}t\u{e9}",
            "zz",
            "1",
        ];
        let t = trie(&patterns);
        let naive = |text: &[u8], pos: usize| {
            let lower = text.to_ascii_lowercase();
            patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| lower[pos..].starts_with(p.as_bytes()))
                .max_by_key(|(_, p)| p.len())
                .map(|(i, p)| (i, pos + p.len()))
        };
        for text in [
            "a",
            "ab",
            "aB",
            "Abc",
            "b",
            "ba",
            "B C",
            "b cd",
            "x",
            "zab",
            "\u{e9}t\u{e9}",
            "1a",
            "z",
            "zZ",
        ] {
            for pos in 0..text.len() {
                assert_eq!(
                    t.longest_at(text.as_bytes(), pos),
                    naive(text.as_bytes(), pos),
                    "{text} {pos}"
                );
            }
        }
    }

    #[test]
    fn deep_states_with_many_edges_use_their_row() {
        let words: Vec<String> = (b'a'..=b'z').map(|c| format!("xy{}", c as char)).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let t = trie(&refs);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.longest_at(w.to_uppercase().as_bytes(), 0), Some((i, 3)));
        }
        assert_eq!(t.longest_at(b"xy!", 0), None);
        assert_eq!(t.longest_at("xy\u{e9}".as_bytes(), 0), None);
    }

    #[test]
    fn upper_case_pattern_bytes_never_match() {
        let t = trie(&["aB", "aC", "x"]);
        assert_eq!(t.longest_at(b"ab", 0), None);
        assert_eq!(t.longest_at(b"AB", 0), None);
        let t = trie(&["Q", "qz"]);
        assert_eq!(t.longest_at(b"Q", 0), None);
        assert_eq!(t.longest_at(b"QZ", 0), Some((1, 2)));
    }

    #[test]
    fn edge_lists_past_the_row_budget_find_the_same() {
        let words: Vec<String> = (b'a'..=b'z')
            .flat_map(|c| (b'a'..=b'e').map(move |d| format!("{}{}x", c as char, d as char)))
            .chain(["q".to_string(), "qA".to_string(), "qb".to_string()])
            .collect();
        let refs: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        let rows = Trie::new(&refs);
        let lists = Trie::with_row_budget(&refs, 0);
        assert!(lists.slots.is_empty() && !lists.edges.is_empty());
        assert!(!rows.slots.is_empty() && rows.edges.is_empty());
        for text in [
            "ab", "abx", "ABX", "zex", "zfx", "q", "qa", "QA", "qb", "qbx", "é",
        ] {
            for pos in 0..text.len() {
                assert_eq!(
                    rows.longest_at(text.as_bytes(), pos),
                    lists.longest_at(text.as_bytes(), pos),
                    "{text} {pos}"
                );
            }
        }
        assert_eq!(lists.longest_at(b"QB", 0), Some((words.len() - 1, 2)));
    }

    #[test]
    fn of_equal_patterns_the_first_is_reported() {
        let t = trie(&["ab", "x", "ab", "abc", "x"]);
        assert_eq!(t.longest_at(b"ab", 0), Some((0, 2)));
        assert_eq!(t.longest_at(b"x", 0), Some((1, 1)));
        assert_eq!(t.longest_at(b"abc", 0), Some((3, 3)));
    }

    #[test]
    fn an_empty_pattern_matches_everywhere() {
        let t = trie(&["", "ab"]);
        assert_eq!(t.longest_at(b"zz", 1), Some((0, 1)));
        assert_eq!(t.longest_at(b"ab", 0), Some((1, 2)));
    }
}
