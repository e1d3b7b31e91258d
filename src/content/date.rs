//! Calendar dates for "Updated" lines and the sitemap, and where they come
//! from: front matter, then git history (one `git log` for the whole tree),
//! then the file's modification time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// A calendar date, without a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, such as 2026.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Reads `YYYY-MM-DD`; `None` for anything else or a day that does not exist.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The UTC date of a Unix timestamp.
    pub fn from_unix(seconds: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date as `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// "26 November 2026": unambiguous for readers everywhere.
    pub fn human(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The date of the last commit touching each file under `content/`, keyed
/// by the path relative to `root`. Empty when git or a repository is not
/// there: dates then come from modification times.
pub fn git_dates(root: &Path) -> HashMap<PathBuf, Date> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x00%ct",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            crate::layout::CONTENT_DIR,
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    let mut dates = HashMap::new();
    let Ok(output) = output else {
        return dates;
    };
    if !output.status.success() {
        return dates;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut current = None;
    for line in text.lines() {
        if let Some(stamp) = line.strip_prefix('\0') {
            current = stamp.trim().parse::<i64>().ok().map(Date::from_unix);
        } else if !line.is_empty()
            && let Some(date) = current
        {
            // The log is newest first: the first date seen is the last change.
            dates.entry(PathBuf::from(line)).or_insert(date);
        }
    }
    dates
}

/// A file's last modification date (UTC), if the file system knows it.
pub fn modified(path: &Path) -> Option<Date> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_unix(i64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_to_civil() {
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix(1_795_651_200).iso(), "2026-11-26");
        assert_eq!(Date::from_unix(951_782_400).iso(), "2000-02-29");
    }

    #[test]
    fn iso_parsing_rejects_impossible_dates() {
        assert_eq!(
            Date::parse_iso("2026-11-26").map(|d| d.human()),
            Some("26 November 2026".to_owned())
        );
        assert!(Date::parse_iso("2025-02-29").is_none());
        assert!(Date::parse_iso("2026-13-01").is_none());
        assert!(Date::parse_iso("26/11/2026").is_none());
    }
}
