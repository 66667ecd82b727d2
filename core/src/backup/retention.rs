//! Which automatic backups to keep: the newest [`KEEP_DAILY`] daily ones, then the newest of
//! each of the [`KEEP_WEEKLY`] ISO weeks before those (the weekly ones). Everything else made
//! automatically is pruned. Manual, before-upgrade and before-restore backups are never pruned.

use chrono::{DateTime, Datelike, Utc};

/// Daily backups kept.
pub const KEEP_DAILY: usize = 7;
/// Weekly backups kept (the newest daily backup of each earlier ISO week).
pub const KEEP_WEEKLY: usize = 4;

/// What to do with each daily backup: the same order as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Daily,
    Weekly,
    Prune,
}

/// The plan for a folder's daily backups, given their times (in any order): one [`Keep`] each,
/// in the order given. Pure: the caller lists the folder and deletes.
pub fn plan(times: &[DateTime<Utc>]) -> Vec<Keep> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    // Newest first; equal times keep their given order.
    order.sort_by(|&a, &b| times[b].cmp(&times[a]).then(a.cmp(&b)));
    let mut out = vec![Keep::Prune; times.len()];
    let mut weeks: Vec<(i32, u32)> = Vec::new();
    let mut oldest_daily_week = None;
    for (rank, &i) in order.iter().enumerate() {
        let week = iso_week(times[i]);
        if rank < KEEP_DAILY {
            out[i] = Keep::Daily;
            oldest_daily_week = Some(week);
            continue;
        }
        // Only weeks before the daily ones: the week of the oldest daily backup is covered.
        if oldest_daily_week.is_some_and(|d| week >= d) || weeks.contains(&week) {
            continue;
        }
        if weeks.len() < KEEP_WEEKLY {
            weeks.push(week);
            out[i] = Keep::Weekly;
        }
    }
    out
}

fn iso_week(t: DateTime<Utc>) -> (i32, u32) {
    let w = t.date_naive().iso_week();
    (w.year(), w.week())
}
