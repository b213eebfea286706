//! The one scrub step: text that came from elsewhere (a server's error body, a database's error
//! message, a header map echoed back) loses every secret mkt holds before it reaches an output,
//! an error, a log line, a journal or a doctor check.
//!
//! Every secret is known here: a `config::Secret` registers itself when it is made, and URL
//! passwords are registered where URLs are resolved. A secret is removed whole, and so is any
//! piece of it 6 characters or longer (a server that echoes a truncated header, `Bearer tokSEC…`);
//! a secret shorter than that is removed where it stands whole as a word of its own.

use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};

/// What a removed secret (or piece of one) is replaced by.
pub const MARK: &str = "<redacted>";
/// The shortest piece of a secret that is removed on its own.
pub const PIECE: usize = 6;

/// A set of secrets and the scrub over them.
#[derive(Default, Debug)]
pub struct Secrets {
    /// Every run of `PIECE` characters of every secret at least that long.
    pieces: HashSet<[char; PIECE]>,
    /// Secrets shorter than `PIECE`, removed where they stand whole as a word.
    short: Vec<Vec<char>>,
}

impl Secrets {
    /// Adds a secret (an empty one is no secret).
    pub fn add(&mut self, secret: &str) {
        let chars: Vec<char> = secret.chars().collect();
        if chars.is_empty() {
            return;
        }
        if chars.len() < PIECE {
            if !self.short.contains(&chars) {
                self.short.push(chars);
            }
            return;
        }
        for w in chars.windows(PIECE) {
            self.pieces
                .insert(w.try_into().expect("windows are PIECE long"));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty() && self.short.is_empty()
    }

    /// `text` with every secret, and every piece of `PIECE` or more characters of one, replaced
    /// by [`MARK`] (adjacent pieces become one mark).
    pub fn scrub(&self, text: &str) -> String {
        if self.is_empty() || text.is_empty() {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut hidden = vec![false; chars.len()];
        let mut any = false;
        for (i, w) in chars.windows(PIECE).enumerate() {
            let w: &[char; PIECE] = w.try_into().expect("windows are PIECE long");
            if self.pieces.contains(w) {
                hidden[i..i + PIECE].iter_mut().for_each(|h| *h = true);
                any = true;
            }
        }
        // A short secret is removed where it stands as a word of its own: inside a word it is
        // only letters that happen to match (a token `t` must not take every `t` of a message).
        let word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        for s in &self.short {
            for (i, w) in chars.windows(s.len()).enumerate() {
                let alone = (i == 0 || !word(i - 1)) && !word(i + s.len());
                if w == s.as_slice() && alone {
                    hidden[i..i + s.len()].iter_mut().for_each(|h| *h = true);
                    any = true;
                }
            }
        }
        if !any {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut in_mark = false;
        for (c, h) in chars.into_iter().zip(hidden) {
            match (h, in_mark) {
                (true, false) => out.push_str(MARK),
                (true, true) => {}
                (false, _) => out.push(c),
            }
            in_mark = h;
        }
        out
    }
}

fn global() -> &'static RwLock<Secrets> {
    static SECRETS: OnceLock<RwLock<Secrets>> = OnceLock::new();
    SECRETS.get_or_init(Default::default)
}

/// Makes `secret` known to [`scrub`] for the rest of the process.
pub fn register(secret: &str) {
    global()
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .add(secret);
}

/// Registers the password of a URL (`https://user:PASS@host`), raw and percent-decoded.
pub fn register_url(url: &str) {
    for p in crate::http::url_password(url) {
        register(&p);
    }
}

/// `text` without any secret mkt holds (see [`Secrets::scrub`]). Every client calls this on what
/// a server or database sent back before it is shown, logged or written anywhere.
pub fn scrub(text: &str) -> String {
    global()
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .scrub(text)
}

/// Bytes a server sent, as text (invalid UTF-8 replaced) without any secret.
pub fn scrub_bytes(bytes: &[u8]) -> String {
    scrub(&String::from_utf8_lossy(bytes))
}

/// The first `chars` characters of what a server sent (for an excerpt to be cut shorter), as
/// text without any secret: a body of megabytes is not scrubbed whole to quote 200 characters.
pub fn scrub_head(bytes: &[u8], chars: usize) -> String {
    // A character is at most 4 bytes: enough bytes for `chars` characters, cut on a boundary
    // by the lossy decoding (a split character becomes one replacement character at the end).
    let head = &bytes[..bytes.len().min(chars.saturating_mul(4))];
    let text: String = String::from_utf8_lossy(head).chars().take(chars).collect();
    scrub(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(list: &[&str]) -> Secrets {
        let mut s = Secrets::default();
        for x in list {
            s.add(x);
        }
        s
    }

    #[test]
    fn a_whole_secret_and_every_long_enough_piece_are_removed() {
        let s = secrets(&["tokSECRET0123456789"]);
        assert_eq!(
            s.scrub("you sent Bearer tokSECRET0123456789 here"),
            "you sent Bearer <redacted> here"
        );
        // The first ten characters, as a server that truncates echoes them.
        assert_eq!(s.scrub("got tokSECRET0…"), "got <redacted>…");
        // A piece from the middle, and one at the end of the text.
        assert_eq!(s.scrub("x=CRET01"), "x=<redacted>");
        // Five characters are not a piece.
        assert_eq!(s.scrub("tokSE is fine"), "tokSE is fine");
        // Two pieces apart stay two marks.
        assert_eq!(s.scrub("a tokSECR b 456789"), "a <redacted> b <redacted>");
    }

    #[test]
    fn short_secrets_go_where_whole_and_others_stay() {
        let s = secrets(&["pw1", "", "ikSECRETkey"]);
        assert_eq!(s.scrub("pw1 and ikSECRE"), "<redacted> and <redacted>");
        assert_eq!(s.scrub("nothing here"), "nothing here");
        assert_eq!(Secrets::default().scrub("pw1"), "pw1");
        // Not inside a word: a one-letter token leaves the message readable.
        let t = secrets(&["t"]);
        assert_eq!(
            t.scrub("invalid --max-wait \"t\": expected"),
            "invalid --max-wait \"<redacted>\": expected"
        );
    }

    #[test]
    fn non_ascii_text_and_secrets_are_cut_on_characters() {
        let s = secrets(&["pässwörd-ü"]);
        assert_eq!(s.scrub("« pässwö »"), "« <redacted> »");
        assert_eq!(s.scrub("日本語のテキスト"), "日本語のテキスト");
    }
}
