//! Fetching a web page by its URL (`ureq` over rustls): timeouts, at most
//! ten redirects, a 20 MB cap, a real User-Agent, progress and Cancel. The
//! page is fetched once; import never loads its images, styles or scripts.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use thiserror::Error;
use ureq::ResponseExt as _;

use crate::analysis::job::Control;

/// Options for fetching.
#[derive(Clone, Copy, Debug)]
pub struct FetchOptions {
    /// Largest body accepted.
    pub max_bytes: u64,
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Time for the whole fetch.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
        }
    }
}

/// The User-Agent sent: who we are and where to read about it.
pub const USER_AGENT: &str = concat!("Synoptic/", env!("CARGO_PKG_VERSION"), " (desktop reading app; article import)");

/// A fetched page.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The body.
    pub bytes: Vec<u8>,
    /// The address asked for.
    pub url: String,
    /// The address it came from after redirects.
    pub final_url: String,
    /// The `Content-Type` header.
    pub content_type: String,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
}

impl Fetched {
    /// A file name for the raw page: the last part of its path, or the host.
    pub fn file_name(&self) -> String {
        let u = self.final_url.split(['?', '#']).next().unwrap_or_default();
        let u = u.split_once("://").map_or(u, |(_, r)| r);
        let (host, path) = u.split_once('/').unwrap_or((u, ""));
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        if last.is_empty() {
            format!("{}.html", if host.is_empty() { "page" } else { host })
        } else if last.contains('.') {
            last.to_owned()
        } else {
            format!("{last}.html")
        }
    }
}

/// Why a fetch failed.
#[derive(Debug, Error)]
pub enum FetchError {
    /// Not an http(s) address.
    #[error("this is not a web address (it must start with http:// or https://): {0}")]
    BadUrl(String),
    /// The server answered with an error status.
    #[error("the server answered {status} {reason} ({url})")]
    Status {
        /// HTTP status.
        status: u16,
        /// Its reason phrase.
        reason: String,
        /// The address.
        url: String,
    },
    /// Too slow.
    #[error("the server did not answer in time ({url})")]
    Timeout {
        /// The address.
        url: String,
    },
    /// Redirected too often.
    #[error("the address redirects too many times (more than {max}) ({url})")]
    Redirects {
        /// The limit.
        max: u32,
        /// The address.
        url: String,
    },
    /// Over the size cap.
    #[error("the page is larger than {} and was not fetched completely ({url})", crate::model::limits::human_size(*max))]
    TooLarge {
        /// The cap.
        max: u64,
        /// The address.
        url: String,
    },
    /// The user cancelled.
    #[error("the fetch was cancelled")]
    Cancelled,
    /// Anything else on the network.
    #[error("the page could not be fetched: {detail} ({url})")]
    Network {
        /// What went wrong.
        detail: String,
        /// The address.
        url: String,
    },
}

/// What went wrong on the network, said for a reader rather than as the
/// library's error ("io: failed to lookup address information: …").
fn network_detail(e: &ureq::Error) -> String {
    let lookup = |m: &str| m.contains("lookup address") || m.contains("Name or service not known");
    match e {
        ureq::Error::HostNotFound => "the server's name was not found (no network, or a mistyped address)".into(),
        ureq::Error::Io(io) if lookup(&io.to_string()) => network_detail(&ureq::Error::HostNotFound),
        ureq::Error::ConnectionFailed => "the server could not be reached".into(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the server refused the connection".into()
        }
        ureq::Error::Io(io) => format!("the connection failed ({})", io.kind()),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => "the secure (TLS) connection failed".into(),
        e => e.to_string(),
    }
}

/// Whether `s` is one http(s) address (what pasting a URL onto the desk
/// needs to tell).
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(char::is_whitespace) && s.len() > 10
}

/// Fetch `url`; `progress` is told the bytes received so far (and the total
/// when the server says it), and `control` can cancel.
pub fn fetch(
    url: &str,
    opts: FetchOptions,
    control: &Control,
    progress: &dyn Fn(u64, Option<u64>),
) -> Result<Fetched, FetchError> {
    let url = url.trim();
    if !is_url(url) {
        return Err(FetchError::BadUrl(url.to_owned()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let net = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => FetchError::Timeout { url: url.to_owned() },
        ureq::Error::TooManyRedirects => FetchError::Redirects { max: opts.max_redirects, url: url.to_owned() },
        e => FetchError::Network { detail: network_detail(&e), url: url.to_owned() },
    };
    let resp = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5")
        .call()
        .map_err(net)?;
    let status = resp.status();
    let final_url = resp.get_uri().to_string();
    if status.is_redirection() {
        return Err(FetchError::Redirects { max: opts.max_redirects, url: url.to_owned() });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
            url: url.to_owned(),
        });
    }
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let content_type = header("content-type").unwrap_or_default();
    let total = header("content-length").and_then(|v| v.parse::<u64>().ok());
    if total.is_some_and(|t| t > opts.max_bytes) {
        return Err(FetchError::TooLarge { max: opts.max_bytes, url: url.to_owned() });
    }
    let mut reader = resp.into_body().into_reader();
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if control.check().is_err() {
            return Err(FetchError::Cancelled);
        }
        let n = reader.read(&mut buf).map_err(|e| {
            let timed_out = e.kind() == std::io::ErrorKind::TimedOut || e.to_string().contains("timeout");
            if timed_out {
                FetchError::Timeout { url: url.to_owned() }
            } else {
                FetchError::Network { detail: e.to_string(), url: url.to_owned() }
            }
        })?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        if bytes.len() as u64 > opts.max_bytes {
            return Err(FetchError::TooLarge { max: opts.max_bytes, url: url.to_owned() });
        }
        progress(bytes.len() as u64, total);
    }
    Ok(Fetched { bytes, url: url.to_owned(), final_url, content_type, fetched_at: Utc::now() })
}

/// A shareable cancel switch with a progress reading, for the app.
#[derive(Debug, Default)]
pub struct FetchProgress {
    /// Cancels the fetch.
    pub control: Control,
    /// Bytes received so far.
    pub received: std::sync::atomic::AtomicU64,
}

impl FetchProgress {
    /// A new one, shared.
    pub fn shared() -> Arc<Self> {
        Arc::new(Self::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_names_the_cap_in_one_unit() {
        let e = FetchError::TooLarge { max: 20 * 1024 * 1024, url: "https://x.example/".into() };
        assert!(e.to_string().starts_with("the page is larger than 20 MB and"), "{e}");
    }

    #[test]
    fn urls_and_names() {
        assert!(is_url("https://example.org/a"), "https");
        assert!(!is_url("ftp://example.org/a"), "ftp");
        assert!(!is_url("https://example.org/a b"), "spaces");
        let f = |u: &str| Fetched {
            bytes: Vec::new(),
            url: u.into(),
            final_url: u.into(),
            content_type: String::new(),
            fetched_at: Utc::now(),
        };
        assert_eq!(f("https://x.example/news/bridge-closed?utm=1").file_name(), "bridge-closed.html", "slug");
        assert_eq!(f("https://x.example/").file_name(), "x.example.html", "host");
        assert_eq!(f("https://x.example/report.pdf").file_name(), "report.pdf", "keeps extension");
    }
}
