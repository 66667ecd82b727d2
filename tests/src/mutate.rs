//! Input mutations for the bounded mutation test (`tests/tests/mutation.rs`): each call turns a
//! committed fixture into a hostile variant — flipped bits, a truncation, a splice from another
//! file, a duplicated key, a huge number, deep nesting, invalid UTF-8, a long string, a repeated
//! chunk — chosen by the seeded [`Rng`], so a case is replayed from (seed, index).

use crate::campaign::Rng;

/// The kinds of mutation, in the order [`mutate`] numbers them.
pub const KINDS: &[&str] = &[
    "bit flips",
    "truncation",
    "splice",
    "duplicated key",
    "huge number",
    "deep nesting",
    "invalid UTF-8",
    "long string",
    "repeated chunk",
    "odd escape",
];

const NUMBERS: &[&str] = &[
    "1e999",
    "-1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999999999999999999999",
    "-1",
    "0",
    "1.5",
    "-0",
    "4294967296",
];

const JUNK: &[&str] = &[
    "null", "true", "{}", "[]", "\"\"", "\"x\"", "1e999", "-1", "[null]",
];

const BAD_BYTES: &[&[u8]] = &[
    &[0xff],
    &[0xc3],
    &[0xc0, 0xaf],
    &[0xed, 0xa0, 0x80],
    &[0xf4, 0x90, 0x80, 0x80],
    &[0xe2, 0x82],
];

const ESCAPES: &[&str] = &[
    "\\ud800", "\\udc00x", "\\u0000", "\\", "\\x", "\\u12", "\u{202e}",
];

/// Positions in `s` just after `byte`.
fn after(s: &[u8], byte: u8) -> Vec<usize> {
    s.iter()
        .enumerate()
        .filter(|(_, b)| **b == byte)
        .map(|(i, _)| i + 1)
        .collect()
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    items.get(rng.below(items.len()))
}

/// One mutation of `input` (`others` are spliced from); returns the kind's name and the bytes.
pub fn mutate(rng: &mut Rng, input: &[u8], others: &[&[u8]]) -> (&'static str, Vec<u8>) {
    let mut out = input.to_vec();
    let kind = rng.below(KINDS.len());
    let len = out.len().max(1);
    match kind {
        0 => {
            for _ in 0..1 + rng.below(4) {
                if let Some(b) = out.get_mut(rng.below(len)) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => out.truncate(rng.below(len)),
        2 => {
            let other = pick(rng, others).copied().unwrap_or(input);
            let from = rng.below(other.len().max(1));
            let take = rng.below(other.len().saturating_sub(from).min(4096) + 1);
            let at = rng.below(len);
            let cut = rng.below(out.len().saturating_sub(at).min(4096) + 1);
            let end = (at + cut).min(out.len());
            let piece = other.get(from..from + take).unwrap_or_default().to_vec();
            out.splice(at.min(out.len())..end, piece);
        }
        3 => {
            // `{"k": …` or `, "k": …`: insert another `"k": junk,` before the key.
            let keys: Vec<usize> = (0..out.len())
                .filter(|&i| {
                    out[i] == b'"' && i > 0 && matches!(out[i - 1], b'{' | b',' | b' ' | b'\n')
                })
                .collect();
            if let Some(&at) = pick(rng, &keys) {
                let end = out[at + 1..]
                    .iter()
                    .position(|b| *b == b'"')
                    .map_or(at, |p| at + 2 + p);
                let key = out[at..end].to_vec();
                let junk = pick(rng, JUNK).copied().unwrap_or("null");
                let mut insert = key;
                insert.extend_from_slice(b":");
                insert.extend_from_slice(junk.as_bytes());
                insert.extend_from_slice(b",");
                out.splice(at..at, insert);
            }
        }
        4 => {
            let digits: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].is_ascii_digit())
                .collect();
            if let Some(&at) = pick(rng, &digits) {
                let end = out[at..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .map_or(out.len(), |p| at + p);
                let n = pick(rng, NUMBERS).copied().unwrap_or("0");
                out.splice(at..end, n.bytes());
            }
        }
        5 => {
            let colons = after(&out, b':');
            if let Some(&at) = pick(rng, &colons) {
                let depth = *pick(rng, &[64usize, 127, 128, 129, 300, 5000]).unwrap_or(&129);
                let mut nest = vec![b'['; depth];
                nest.extend(std::iter::repeat_n(b']', depth));
                nest.push(b',');
                out.splice(at..at, nest);
            }
        }
        6 => {
            let at = rng.below(len).min(out.len());
            let bad = pick(rng, BAD_BYTES).copied().unwrap_or(&[0xff]);
            out.splice(at..at, bad.iter().copied());
        }
        7 => {
            let quotes = after(&out, b'"');
            if let Some(&at) = pick(rng, &quotes) {
                let n = *pick(rng, &[2001usize, 20_001, 100_000]).unwrap_or(&2001);
                let c = *pick(rng, &["x", "é", "\\n", "\u{1F600}", " "]).unwrap_or(&"x");
                out.splice(at..at, c.repeat(n).into_bytes());
            }
        }
        8 => {
            let from = rng.below(len).min(out.len());
            let take = rng.below(out.len().saturating_sub(from).min(2048) + 1);
            let piece = out[from..from + take].to_vec();
            let times = 1 + rng.below(8);
            for _ in 0..times {
                out.splice(from..from, piece.iter().copied());
            }
        }
        _ => {
            let quotes = after(&out, b'"');
            if let Some(&at) = pick(rng, &quotes) {
                let e = pick(rng, ESCAPES).copied().unwrap_or("\\u0000");
                out.splice(at..at, e.bytes());
            }
        }
    }
    (KINDS[kind], out)
}
