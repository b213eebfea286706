//! Waits a command sits out (the request budget, a server's `Retry-After`), on stderr: a spinner
//! counting down on a terminal; otherwise one line when the wait starts and one a minute while
//! it lasts. Many requests wait together (each asks the budget, each got its 429): reports of
//! the same kind while one lasts are one wait, and lines of one kind come at most once a minute.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::Printer;

/// How often a wait that goes on says so again, when there is no spinner.
pub const EVERY: Duration = Duration::from_secs(60);

/// The waits of one process.
#[derive(Default)]
pub(super) struct Waits {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    current: Option<Current>,
    /// When each kind last printed a line.
    said: BTreeMap<&'static str, Instant>,
    /// Numbers the waits, so a ticker knows when its wait was replaced.
    next_id: u64,
}

struct Current {
    id: u64,
    kind: &'static str,
    until: Instant,
    /// Why, and how many requests remain: the latest report's.
    why: String,
    bar: Option<ProgressBar>,
}

impl Printer {
    /// Reports a wait of `duration`, `why` (what follows "waiting 4 min 50 s "): a countdown
    /// spinner where the printer shows bars, else a line now unless one of this `kind` was
    /// printed within the last minute, and one a minute while it lasts. Never silenced by `-q`:
    /// a command that sits still for minutes says why.
    pub fn waiting(&self, kind: &'static str, duration: Duration, why: &str) {
        let now = Instant::now();
        let until = now + duration;
        let waits = &self.inner.waits;
        let mut st = waits.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = st
            .current
            .as_mut()
            .filter(|c| c.kind == kind && c.until > now)
        {
            // The same wait, reported again (another request, the budget looking again).
            c.until = c.until.max(until);
            c.why = why.to_string();
            return;
        }
        if let Some(bar) = st.current.take().and_then(|c| c.bar) {
            bar.finish_and_clear();
        }
        // A bar only where one is drawn (MKT_FORCE_TTY in a pipe counts as a terminal, but
        // indicatif draws nothing there): else the lines.
        let bar = (self.shows_bars() && !self.inner.bars.is_hidden()).then(|| {
            let bar = self.inner.bars.add(ProgressBar::new_spinner());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(format!("waiting {} {why}", spoken(duration)));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if bar.is_none() && st.said.get(kind).is_none_or(|t| now - *t >= EVERY) {
            st.said.insert(kind, now);
            self.write_stderr(&format!("waiting {} {why}\n", spoken(duration)));
        }
        st.next_id += 1;
        let id = st.next_id;
        st.current = Some(Current {
            id,
            kind,
            until,
            why: why.to_string(),
            bar,
        });
        drop(st);
        let printer = self.clone();
        std::thread::spawn(move || printer.tick(id));
    }

    /// Keeps wait `id` on screen until it ends or another replaces it: the spinner's countdown
    /// every second, or a line a minute.
    fn tick(&self, id: u64) {
        let waits = &self.inner.waits;
        loop {
            let pause = {
                let mut st = waits.state.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let Some(c) = st.current.as_ref().filter(|c| c.id == id) else {
                    return;
                };
                if now >= c.until {
                    if let Some(bar) = st.current.take().and_then(|c| c.bar) {
                        bar.finish_and_clear();
                    }
                    return;
                }
                let left = c.until - now;
                let (kind, why) = (c.kind, c.why.clone());
                if let Some(bar) = &c.bar {
                    bar.set_message(format!("waiting {} {why}", spoken(left)));
                    Duration::from_secs(1)
                } else {
                    let said = st.said.get(kind).copied().unwrap_or(now);
                    if now - said >= EVERY {
                        st.said.insert(kind, now);
                        self.write_stderr(&format!("still waiting {} {why}\n", spoken(left)));
                        EVERY
                    } else {
                        EVERY - (now - said)
                    }
                }
                .min(left)
            };
            std::thread::sleep(pause);
        }
    }
}

/// A duration as a person reads it: `0.5 s`, `42 s`, `4 min 50 s`, `1 h 5 min`.
pub fn spoken(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 10 && d.subsec_millis() != 0 {
        return format!("{:.1} s", d.as_secs_f64());
    }
    // Rounded up: a wait is never shorter than it says.
    let secs = secs + u64::from(d.subsec_nanos() > 0);
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 && s % 60 == 0 => format!("{} min", s / 60),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s if s % 3600 < 60 => format!("{} h", s / 3600),
        s => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        let s = |ms: u64| spoken(Duration::from_millis(ms));
        assert_eq!(s(500), "0.5 s");
        assert_eq!(s(1_000), "1 s");
        assert_eq!(s(9_900), "9.9 s");
        assert_eq!(s(42_000), "42 s");
        assert_eq!(s(59_400), "1 min");
        assert_eq!(s(10_001), "11 s");
        assert_eq!(s(120_000), "2 min");
        assert_eq!(s(290_000), "4 min 50 s");
        assert_eq!(s(3_600_000), "1 h");
        assert_eq!(s(3_900_000), "1 h 5 min");
    }
}
