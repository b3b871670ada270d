//! Eight bytes at a time: the bit tricks ("SIMD within a register") that the
//! tokenizer, the sentence splitter, the JSON writer and char offsets share,
//! so that a plain run of text is tested a `u64` at a time rather than a byte.
//! Owns no data; every function is a pure operation on a word of 8 lanes.

/// `0x01` in every lane.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every lane.
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The top bit of every lane of `x` that is zero, by the classic has-zero-byte
/// trick; exact up to the first zero lane (a lane above one may be flagged
/// falsely after it, which "is any lane zero" never minds).
#[inline]
pub(crate) fn zero_lanes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The top bit of (at least the first) lane of `word` that equals `byte`.
#[inline]
pub(crate) fn lanes_equal(word: u64, byte: u8) -> u64 {
    zero_lanes(word ^ (ONES * u64::from(byte)))
}

/// One to eight bytes as a little-endian word, the lanes past the end zero:
/// two overlapping reads instead of a loop. `None` if empty or longer.
#[inline]
pub(crate) fn load_short(bytes: &[u8]) -> Option<u64> {
    let n = bytes.len();
    if n > 8 {
        return None;
    }
    Some(
        if let (Some(lo), Some(hi)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            u64::from(u32::from_le_bytes(*lo)) | u64::from(u32::from_le_bytes(*hi)) << (8 * (n - 4))
        } else if let (Some(lo), Some(hi)) = (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
            u64::from(u16::from_le_bytes(*lo)) | u64::from(u16::from_le_bytes(*hi)) << (8 * (n - 2))
        } else {
            u64::from(*bytes.first()?)
        },
    )
}

/// The top bit of every lane of `y` (every lane below `0x80`) that lies in
/// `lo..=hi`: each sum stays inside its lane, so this is exact in every lane.
#[inline]
fn lanes_in(y: u64, lo: u8, hi: u8) -> u64 {
    y.wrapping_add(ONES * u64::from(0x80 - lo))
        & !y.wrapping_add(ONES * u64::from(0x7f - hi))
        & HIGHS
}

/// The top bit of every lane of `word` that is an ASCII word byte (a letter,
/// a digit or `_`); exact in every lane.
#[inline]
pub(crate) fn word_lanes(word: u64) -> u64 {
    let y = word & !HIGHS;
    let letters = lanes_in(y | (ONES * 0x20), b'a', b'z');
    let digits = lanes_in(y, b'0', b'9');
    let underscore = lanes_in(y, b'_', b'_');
    (letters | digits | underscore) & !word
}

/// The eight bytes from `pos` as a little-endian word, zero-padded past the
/// end (a zero byte ends every run).
#[inline]
fn chunk_at(bytes: &[u8], pos: usize) -> u64 {
    let rest = bytes.get(pos..).unwrap_or_default();
    match rest.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => load_short(rest).unwrap_or(0),
    }
}

/// The end of the run of ASCII word bytes (letters, digits, `_`) that
/// starts at `pos`: eight bytes a step, so a word's end is one test, not a
/// branch per byte (the last step reads the rest zero-padded, and a zero
/// byte ends a run).
#[inline]
pub(crate) fn word_run_end(bytes: &[u8], mut pos: usize) -> usize {
    loop {
        let word = chunk_at(bytes, pos);
        let stops = !word_lanes(word) & HIGHS;
        if stops != 0 {
            return pos + (stops.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
}

/// [`word_run_end`], with a hash of the run that is the same in any ASCII
/// case: the run's eight-byte chunks, the last one (maybe empty) masked to
/// the run, each folded in by one multiply.
#[inline]
pub(crate) fn word_run(bytes: &[u8], mut pos: usize) -> (usize, u64) {
    let mut hash = 0u64;
    loop {
        let word = chunk_at(bytes, pos);
        // Bit 5 set lower-cases a letter; a digit has it already, and `_`
        // becomes 0x7f, which is no word byte.
        let folded = word | (ONES * 0x20);
        let stops = !word_lanes(word) & HIGHS;
        if stops != 0 {
            let lanes = stops.trailing_zeros() / 8;
            let last = folded & ((1u64 << (8 * lanes)) - 1);
            return (
                pos + lanes as usize,
                (hash ^ last).wrapping_mul(0x9e37_79b9_7f4a_7c15),
            );
        }
        hash = (hash ^ folded).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        pos += 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_loads_are_little_endian_and_zero_padded() {
        for n in 1..=8 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes);
            assert_eq!(
                load_short(&bytes),
                Some(u64::from_le_bytes(padded)),
                "{n} bytes"
            );
        }
        assert_eq!(load_short(&[]), None);
        assert_eq!(load_short(&[1; 9]), None);
    }

    #[test]
    fn zero_and_equal_lanes() {
        let word = u64::from_le_bytes(*b"ab.d\0fgh");
        assert_ne!(zero_lanes(word), 0);
        assert_eq!(zero_lanes(u64::from_le_bytes(*b"abcdefgh")), 0);
        assert_ne!(lanes_equal(word, b'.'), 0);
        assert_eq!(lanes_equal(word, b'!'), 0);
    }

    #[test]
    fn word_lanes_are_exact_in_every_lane() {
        for b in 0..=255u8 {
            let is_word = b.is_ascii_alphanumeric() || b == b'_';
            for lane in 0..8 {
                // Neighbours that would carry or borrow into the lane.
                for fill in [0u8, 0x7f, 0xff, b'_', b'z'] {
                    let mut bytes = [fill; 8];
                    bytes[lane] = b;
                    let flagged = word_lanes(u64::from_le_bytes(bytes)) >> (8 * lane + 7) & 1;
                    assert_eq!(
                        flagged == 1,
                        is_word,
                        "byte {b:#x} lane {lane} fill {fill:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_runs_end_at_the_first_other_byte() {
        let naive = |bytes: &[u8], pos: usize| {
            pos + bytes[pos..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count()
        };
        for text in [
            "",
            "a",
            "word",
            "eight_ch",
            "nine_char",
            "Seventeen_letters",
            "ab cd",
            "a\u{e9}b",
            "x9_Z-rest of it",
            "abcdefgh\u{2019}s",
        ] {
            for pos in 0..=text.len() {
                assert_eq!(
                    word_run_end(text.as_bytes(), pos),
                    naive(text.as_bytes(), pos),
                    "{text:?} {pos}"
                );
            }
        }
    }

    #[test]
    fn word_run_hashes_ignore_ascii_case_and_see_every_byte() {
        let hash = |text: &[u8]| word_run(text, 0).1;
        assert_eq!(hash(b"Turkey"), hash(b"tURKEY"));
        assert_eq!(hash(b"Turkey's"), hash(b"turkey"));
        assert_eq!(hash(b"abcdefgh"), hash(b"abcdefgh, and"));
        assert_eq!(
            hash(b"Intergovernmental_1 body"),
            hash(b"INTERGOVERNMENTAL_1")
        );
        let words: [&[u8]; 8] = [
            b"a",
            b"ab",
            b"ba",
            b"abcdefgh",
            b"abcdefgha",
            b"abcdefghb",
            b"abcdefghabcdefgh",
            b"_",
        ];
        for (i, a) in words.iter().enumerate() {
            assert_eq!(word_run(a, 0).0, a.len());
            for b in &words[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} {b:?}");
            }
        }
    }
}
