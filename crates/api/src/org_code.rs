//! The org code: the QR an admin prints once and every phone scans at login.
//!
//! `cvmobile://org?v=1&n=<org name>&u=<https base URL>[&u=...]&fp=<sha256 hex of cvlink's SPKI DER>`

use std::fmt;

use thiserror::Error;
use url::Url;

pub const SCHEME_PREFIX: &str = "cvmobile://org?";
/// Org codes longer than this are refused before parsing (they come from untrusted images and pastes).
pub const MAX_LEN: usize = 2048;
const MAX_NAME_CHARS: usize = 120;
const MAX_URLS: usize = 8;

/// SHA-256 of a public key (SPKI DER).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(s: &str) -> Result<Self, OrgCodeError> {
        if s.len() != 64 {
            return Err(OrgCodeError::InvalidFingerprint);
        }
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| OrgCodeError::InvalidFingerprint)?;
        Ok(Self(out))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// Why a text is not a usable org code. Each variant is a message the app shows as is (translated).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrgCodeError {
    #[error("the org code is empty")]
    Empty,
    #[error("the org code is too long")]
    TooLong,
    #[error("this is not a cvmobile org code")]
    NotOrgCode,
    #[error("org code version {0} is not supported by this app; update the app")]
    UnsupportedVersion(String),
    #[error("the org code has no organization name")]
    MissingName,
    #[error("the org code has no server address")]
    MissingUrl,
    #[error("the org code has too many server addresses")]
    TooManyUrls,
    #[error("the server address {0:?} is not a valid URL")]
    InvalidUrl(String),
    #[error("the server address {0:?} does not use https")]
    InsecureUrl(String),
    #[error("the org code has no key fingerprint")]
    MissingFingerprint,
    #[error("the key fingerprint of the org code is not 64 hex digits")]
    InvalidFingerprint,
}

/// A parsed, valid org code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgCode {
    name: String,
    urls: Vec<Url>,
    fingerprint: Fingerprint,
}

impl OrgCode {
    pub fn new(
        name: impl Into<String>,
        urls: Vec<Url>,
        fingerprint: Fingerprint,
    ) -> Result<Self, OrgCodeError> {
        let name = name.into().trim().to_string();
        if name.is_empty() {
            return Err(OrgCodeError::MissingName);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(OrgCodeError::TooLong);
        }
        if urls.is_empty() {
            return Err(OrgCodeError::MissingUrl);
        }
        if urls.len() > MAX_URLS {
            return Err(OrgCodeError::TooManyUrls);
        }
        for u in &urls {
            if u.scheme() != "https" {
                return Err(OrgCodeError::InsecureUrl(u.to_string()));
            }
            if u.host_str().is_none() {
                return Err(OrgCodeError::InvalidUrl(u.to_string()));
            }
        }
        let code = Self {
            name,
            urls,
            fingerprint,
        };
        // Whatever is accepted must print within the limit, so every code round-trips (and fits a QR);
        // the printed form can be longer than the text it was parsed from (percent-encoding).
        if code.to_uri().len() > MAX_LEN {
            return Err(OrgCodeError::TooLong);
        }
        Ok(code)
    }

    /// Parses the text of a scanned or pasted org code. Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Self, OrgCodeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(OrgCodeError::Empty);
        }
        if text.len() > MAX_LEN {
            return Err(OrgCodeError::TooLong);
        }
        let query = match text.get(..SCHEME_PREFIX.len()) {
            Some(head) if head.eq_ignore_ascii_case(SCHEME_PREFIX) => &text[SCHEME_PREFIX.len()..],
            _ => return Err(OrgCodeError::NotOrgCode),
        };
        let (mut version, mut name, mut fp) = (None, None, None);
        let mut urls = Vec::new();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "v" => version = Some(v.into_owned()),
                "n" => name = Some(v.into_owned()),
                "fp" => fp = Some(v.into_owned()),
                "u" => {
                    if urls.len() >= MAX_URLS {
                        return Err(OrgCodeError::TooManyUrls);
                    }
                    let url = Url::parse(&v)
                        .map_err(|_| OrgCodeError::InvalidUrl(v.clone().into_owned()))?;
                    urls.push(url);
                }
                // Unknown keys are kept for forward compatibility: newer gateways may add hints.
                _ => {}
            }
        }
        match version.as_deref() {
            Some("1") => {}
            Some(other) => return Err(OrgCodeError::UnsupportedVersion(other.to_string())),
            None => return Err(OrgCodeError::UnsupportedVersion(String::new())),
        }
        let fingerprint =
            Fingerprint::from_hex(fp.as_deref().ok_or(OrgCodeError::MissingFingerprint)?)?;
        Self::new(name.unwrap_or_default(), urls, fingerprint)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Base URLs in order of preference (LAN first, relay after).
    pub fn urls(&self) -> &[Url] {
        &self.urls
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// Which way a base URL of this code reaches the site: the first is the site's own address, the
    /// ones after it go through a relay (SPEC §3: LAN first, relay after). `None` for a URL the code does
    /// not list (the web build served from a loopback address, say).
    pub fn route_of(&self, url: &Url) -> Option<Route> {
        let i = self
            .urls
            .iter()
            .position(|u| base_str(u) == base_str(url))?;
        Some(if i == 0 { Route::Lan } else { Route::Relay })
    }

    /// The URI form that goes into the QR.
    pub fn to_uri(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("v", "1");
        q.append_pair("n", &self.name);
        for u in &self.urls {
            q.append_pair("u", base_str(u));
        }
        q.append_pair("fp", &self.fingerprint.to_hex());
        format!("{SCHEME_PREFIX}{}", q.finish())
    }
}

/// The way a request reaches the site (shown on Me).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The site's own address (its network, or a VPN into it).
    Lan,
    /// Through the relay host's tunnel.
    Relay,
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_uri())
    }
}

impl std::str::FromStr for OrgCode {
    type Err = OrgCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A base URL without the trailing slash that `Url` adds to bare hosts.
fn base_str(u: &Url) -> &str {
    let s = u.as_str();
    if u.path() == "/" && u.query().is_none() {
        s.strip_suffix('/').unwrap_or(s)
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fp() -> Fingerprint {
        Fingerprint([0xab; 32])
    }

    fn sample() -> OrgCode {
        OrgCode::new(
            "Acme School & Co",
            vec![
                Url::parse("https://10.0.0.5:8443").unwrap(),
                Url::parse("https://relay.example.org:443/acme").unwrap(),
            ],
            fp(),
        )
        .unwrap()
    }

    #[test]
    fn the_first_url_is_the_lan_and_the_others_the_relay() {
        let code = sample();
        let lan = Url::parse("https://10.0.0.5:8443/").unwrap();
        let relay = Url::parse("https://relay.example.org/acme").unwrap();
        assert_eq!(code.route_of(&lan), Some(Route::Lan));
        assert_eq!(code.route_of(&relay), Some(Route::Relay));
        assert_eq!(
            code.route_of(&Url::parse("http://127.0.0.1:8700").unwrap()),
            None
        );
    }

    #[test]
    fn round_trips() {
        let code = sample();
        let uri = code.to_uri();
        assert!(
            uri.starts_with(
                "cvmobile://org?v=1&n=Acme+School+%26+Co&u=https%3A%2F%2F10.0.0.5%3A8443&u="
            ),
            "{uri}"
        );
        assert_eq!(OrgCode::parse(&uri).unwrap(), code);
    }

    #[test]
    fn parses_the_documented_form() {
        let text = format!(
            "  cvmobile://org?v=1&n=Demo%20Site&u=https://127.0.0.1:8443&fp={}\n",
            "AB".repeat(32)
        );
        let code = OrgCode::parse(&text).unwrap();
        assert_eq!(code.name(), "Demo Site");
        assert_eq!(code.urls()[0].as_str(), "https://127.0.0.1:8443/");
        assert_eq!(code.fingerprint(), fp());
    }

    #[test]
    fn specific_errors() {
        let good_fp = "ab".repeat(32);
        let cases: Vec<(String, OrgCodeError)> = vec![
            ("".into(), OrgCodeError::Empty),
            ("https://example.org".into(), OrgCodeError::NotOrgCode),
            ("x".repeat(MAX_LEN + 1), OrgCodeError::TooLong),
            // Found by `cargo xtask fuzz`: short enough as typed, too long once printed (a URL that the
            // parser normalises into a longer one) — it must be refused, not accepted and then unprintable.
            (
                format!(
                    "cvmobile://org?v=1&n=A&u=https://h/{}&fp={}",
                    "%".repeat(MAX_LEN / 2),
                    "ab".repeat(32)
                ),
                OrgCodeError::TooLong,
            ),
            (
                format!("cvmobile://org?v=2&n=a&u=https://h&fp={good_fp}"),
                OrgCodeError::UnsupportedVersion("2".into()),
            ),
            (
                format!("cvmobile://org?v=1&u=https://h&fp={good_fp}"),
                OrgCodeError::MissingName,
            ),
            (
                format!("cvmobile://org?v=1&n=a&fp={good_fp}"),
                OrgCodeError::MissingUrl,
            ),
            (
                format!("cvmobile://org?v=1&n=a&u=http://h&fp={good_fp}"),
                OrgCodeError::InsecureUrl("http://h/".into()),
            ),
            (
                format!("cvmobile://org?v=1&n=a&u=nope&fp={good_fp}"),
                OrgCodeError::InvalidUrl("nope".into()),
            ),
            (
                "cvmobile://org?v=1&n=a&u=https://h".into(),
                OrgCodeError::MissingFingerprint,
            ),
            (
                "cvmobile://org?v=1&n=a&u=https://h&fp=12".into(),
                OrgCodeError::InvalidFingerprint,
            ),
            (
                format!("cvmobile://org?v=1&n=a&u=https://h&fp={}", "zz".repeat(32)),
                OrgCodeError::InvalidFingerprint,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(OrgCode::parse(&text), Err(want), "{text}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,300}") {
            let _ = OrgCode::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_codes(q in "[a-z=&%0-9:/.+]{0,200}") {
            let _ = OrgCode::parse(&format!("cvmobile://org?{q}"));
        }

        #[test]
        fn any_valid_code_round_trips(name in "[^\\x00-\\x1f]{1,60}", port in 1u16..65535, bytes in proptest::array::uniform32(any::<u8>())) {
            prop_assume!(!name.trim().is_empty());
            let code = OrgCode::new(name, vec![Url::parse(&format!("https://site.example:{port}")).unwrap()], Fingerprint(bytes)).unwrap();
            prop_assert_eq!(OrgCode::parse(&code.to_uri()).unwrap(), code);
        }
    }
}
