//! Counts in words, for every message that has one: "1 reflection", "2 reflections",
//! "1 hour", "1.5 hours". No SQL, no I/O.

/// `n` and the noun that agrees with it: `count(1, "reflection", "reflections")` is
/// "1 reflection".
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `count` for a `usize` (a list's length).
pub fn items(n: usize, one: &str, many: &str) -> String {
    count(i64::try_from(n).unwrap_or(i64::MAX), one, many)
}

/// Hours as people write them: "1 hour", "0.5 hours", "7.5 hours".
pub fn hours(h: f64) -> String {
    format!("{h} {}", if h == 1.0 { "hour" } else { "hours" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_agree_with_their_counts() {
        for (n, want) in [
            (0i64, "0 reflections"),
            (1, "1 reflection"),
            (2, "2 reflections"),
        ] {
            assert_eq!(count(n, "reflection", "reflections"), want);
        }
        assert_eq!(items(1, "day", "days"), "1 day");
        for (h, want) in [
            (1.0, "1 hour"),
            (1.5, "1.5 hours"),
            (0.5, "0.5 hours"),
            (2.0, "2 hours"),
        ] {
            assert_eq!(hours(h), want);
        }
    }
}
