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
}
