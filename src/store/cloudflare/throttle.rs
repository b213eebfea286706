//! Client-side request budget, so a command never trips Cloudflare's global limit
//! (1,200 requests per 5 minutes; going over blocks every call for five minutes).
//!
//! GCRA via `governor`: a burst of `rate_limit / 2` requests, then one more every
//! `300 s / (rate_limit - burst)`. In any 5-minute window at most burst + refill = `rate_limit`
//! requests start: the burst, plus what replenishes during the window.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

const WINDOW: Duration = Duration::from_secs(300);

/// (burst, interval between replenished requests) for a budget of `rate_limit` per 5 minutes.
fn shape(rate_limit: u32) -> (u32, Duration) {
    let rate = rate_limit.max(1);
    let burst = (rate / 2).max(1);
    let refill = (rate - burst).max(1);
    (burst, WINDOW / refill)
}

pub struct Throttle(DefaultDirectRateLimiter);

impl Throttle {
    pub fn new(rate_limit: u32) -> Self {
        let (burst, interval) = shape(rate_limit);
        let quota = Quota::with_period(interval)
            .expect("non-zero period")
            .allow_burst(NonZeroU32::new(burst).expect("burst >= 1"));
        Throttle(RateLimiter::direct(quota))
    }

    /// Waits until one more request fits the budget (as governor's `until_ready` does), telling
    /// `waiting` how long each wait is before it starts.
    pub async fn wait(&self, waiting: &(dyn Fn(Duration) + Sync)) {
        use governor::clock::Clock;
        loop {
            match self.0.check() {
                Ok(()) => return,
                Err(not_until) => {
                    let d = not_until.wait_time_from(self.0.clock().now());
                    waiting(d);
                    tokio::time::sleep(d).await;
                }
            }
        }
    }
}

/// How long the throttle makes `requests` requests take, ignoring latency (for plans to print).
pub fn estimated_duration(requests: u64, rate_limit: u32) -> Duration {
    let (burst, _) = shape(rate_limit);
    let refill = u128::from((rate_limit.max(1) - burst).max(1));
    let queued = u128::from(requests.saturating_sub(u64::from(burst)));
    let nanos = queued * WINDOW.as_nanos() / refill;
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_counts_only_requests_beyond_the_burst() {
        assert_eq!(estimated_duration(0, 1100), Duration::ZERO);
        assert_eq!(estimated_duration(550, 1100), Duration::ZERO);
        // 1,100 requests: the burst, then 550 more at 300 s / 550 each = 300 s.
        assert_eq!(estimated_duration(1100, 1100), Duration::from_secs(300));
        assert_eq!(estimated_duration(2200, 1100), Duration::from_secs(900));
    }
}
