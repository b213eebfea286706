//! How many bytes each endpoint's answer may have. A body is read as a stream and reading stops
//! at its limit, so a server that sends a gigabyte, or never ends, costs at most the limit in
//! memory; the request then fails with one line naming the endpoint and the limit (exit 4 for a
//! read). Each limit is what the API itself allows, with room; docs/security.md lists them.

/// The most bytes one answer may have, and what the limit is for (named in the error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// "a KV key listing page": what the endpoint answers, as the error names it.
    pub what: &'static str,
}

const KIB: u64 = 1 << 10;
const MIB: u64 = 1 << 20;

impl Limit {
    /// Any answer not listed below: token checks, namespace and database lists, the explorer's
    /// OpenAPI document, write acknowledgements, summaries, error pages.
    pub const ANSWER: Limit = Limit {
        bytes: 4 * MIB,
        what: "an API answer",
    };

    // Cloudflare (reference/cloudflare-api.md §2.2, §2.9, §2.10, §3.4).

    /// 1,000 keys of at most 512-byte names (JSON-escaped, up to 6 bytes a byte) and 1 KiB of
    /// metadata each: about 5 MiB at worst.
    pub const KV_LIST_PAGE: Limit = Limit {
        bytes: 8 * MIB,
        what: "a KV key listing page",
    };
    /// One raw value: KV values are at most 25 MiB.
    pub const KV_VALUE: Limit = Limit {
        bytes: 25 * MIB,
        what: "a KV value",
    };
    /// A bulk get of up to 100 text values. Skill records and aliases are kilobytes; a batch whose
    /// values together are larger (KV allows 25 MiB each) is read again in halves, down to a
    /// single GET of one value under `KV_VALUE`, so every value is read and each request of the
    /// `concurrency` in flight holds at most this much.
    pub const KV_BULK_GET: Limit = Limit {
        bytes: 16 * MIB,
        what: "a KV bulk get",
    };
    /// A bulk write or delete's answer lists at most the 10,000 keys sent as unsuccessful.
    pub const KV_BULK_WRITE: Limit = Limit {
        bytes: 32 * MIB,
        what: "a KV bulk write answer",
    };
    /// D1 documents no response size. mkt reads at most 5,000 rows (or 50,000 names) a page and
    /// a row is at most 2 MB; 128 MiB is 26 KiB a row at 5,000 rows, far beyond a skills or
    /// reviews row, and bounds memory against a server that never ends.
    pub const D1_RESULT: Limit = Limit {
        bytes: 128 * MIB,
        what: "a D1 query result",
    };

    // The marketplace Worker (seed 000, seed 001).

    /// At most 100 reviews, each a few KiB (titles of 200 and bodies of 5,000 characters by
    /// default; a Worker may allow more).
    pub const REVIEWS_PAGE: Limit = Limit {
        bytes: 16 * MIB,
        what: "a page of reviews",
    };
    /// One review.
    pub const REVIEW: Limit = Limit {
        bytes: MIB,
        what: "a review",
    };
    /// Counts, and per-review errors for one batch (100 reviews by default).
    pub const INGEST: Limit = Limit {
        bytes: 8 * MIB,
        what: "an ingest answer",
    };
    /// The health report names the slugs of every finding: a catalog of hundreds of thousands.
    pub const WORKER_HEALTH: Limit = Limit {
        bytes: 64 * MIB,
        what: "the Worker's health report",
    };

    /// The limit as a person reads it: "8 MiB", "512 KiB".
    pub fn shown(&self) -> String {
        if self.bytes >= MIB && self.bytes.is_multiple_of(MIB) {
            format!("{} MiB", self.bytes / MIB)
        } else if self.bytes >= KIB && self.bytes.is_multiple_of(KIB) {
            format!("{} KiB", self.bytes / KIB)
        } else {
            format!("{} bytes", self.bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(Limit::KV_LIST_PAGE.shown(), "8 MiB");
        assert_eq!(
            Limit {
                bytes: 512 * KIB,
                what: ""
            }
            .shown(),
            "512 KiB"
        );
        assert_eq!(
            Limit {
                bytes: 10,
                what: ""
            }
            .shown(),
            "10 bytes"
        );
    }
}
