//! Getting a feed's bytes: over HTTP as a good citizen, or from a file.
//!
//! HTTP through ureq: a conditional GET (the `ETag` and `Last-Modified` the server gave last
//! time), gzip, at most 5 redirects, 10 s to connect and 30 s in all, a 10 MB cap on the
//! body, a User-Agent naming briefdesk, `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and
//! `NO_PROXY` honoured (ureq reads them), the system's CA certificates (rustls with the
//! platform verifier).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ureq::ResponseExt;

use super::list::Feed;

/// The largest feed body we read.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// How long a fetch may take.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub connect: Duration,
    pub total: Duration,
    pub max_bytes: u64,
    /// Take the proxy from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` (and `NO_PROXY`).
    pub env_proxy: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(30),
            max_bytes: MAX_BYTES,
            env_proxy: true,
        }
    }
}

/// What a fetch got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Got {
    /// `304 Not Modified`: nothing new since the validators we sent.
    NotModified,
    Body {
        bytes: Vec<u8>,
        /// The address the body came from after redirects (for relative links).
        base: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// One agent for a whole fetch run: connections are reused between feeds on one host.
pub fn agent(limits: Limits) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .max_redirects(5)
        .user_agent(concat!(
            "briefdesk/",
            env!("CARGO_PKG_VERSION"),
            " (feed reader; +https://github.com/briefdesk)"
        ))
        .proxy(if limits.env_proxy {
            ureq::Proxy::try_from_env()
        } else {
            None
        })
        .tls_config(tls)
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetch `feed` (its address, and its validators for a conditional GET). The error is one
/// line for the feed's report.
pub fn get(agent: &ureq::Agent, feed: &Feed, limits: Limits) -> Result<Got, String> {
    let url = feed.url.as_str();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return read_file(&file_path(url), limits);
    }
    let mut req = agent.get(url);
    if let Some(e) = &feed.etag {
        req = req.header("If-None-Match", e.as_str());
    }
    if let Some(m) = &feed.last_modified {
        req = req.header("If-Modified-Since", m.as_str());
    }
    let mut resp = req.call().map_err(|e| describe(&e, limits))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(Got::NotModified);
    }
    if !(200..300).contains(&status) {
        let reason = resp.status().canonical_reason().unwrap_or("error");
        return Err(format!("the server answered {status} {reason}"));
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    // ureq has followed redirects; `get_uri` is where we ended.
    let base = resp.get_uri().to_string();
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(&e, limits))?;
    Ok(Got::Body {
        bytes,
        base,
        etag,
        last_modified,
    })
}

/// `file:///srv/f.xml` or `/srv/f.xml`.
fn file_path(url: &str) -> PathBuf {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "file" => u.to_file_path().unwrap_or_else(|()| PathBuf::from(url)),
        _ => PathBuf::from(url),
    }
}

fn read_file(path: &Path, limits: Limits) -> Result<Got, String> {
    let f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file", path.display()),
        _ => format!("{}: cannot read: {e}", path.display()),
    })?;
    let mut bytes = Vec::new();
    f.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(format!(
            "{}: larger than {} MB, not read",
            path.display(),
            limits.max_bytes / (1024 * 1024)
        ));
    }
    Ok(Got::Body {
        bytes,
        base: url::Url::from_file_path(path).map_or_else(|()| String::new(), |u| u.to_string()),
        etag: None,
        last_modified: None,
    })
}

fn describe(e: &ureq::Error, limits: Limits) -> String {
    use ureq::Error as E;
    match e {
        E::Timeout(_) => format!(
            "timed out (connect {} s, whole fetch {} s)",
            limits.connect.as_secs(),
            limits.total.as_secs()
        ),
        E::HostNotFound => "unreachable: the host name does not resolve".into(),
        E::ConnectionFailed => "unreachable: the connection was refused or failed".into(),
        E::TooManyRedirects => "more than 5 redirects: not followed".into(),
        E::BodyExceedsLimit(_) => format!(
            "larger than {} MB: not read",
            limits.max_bytes / (1024 * 1024)
        ),
        other => format!(
            "cannot fetch: {}",
            crate::model::text::one_line(&other.to_string())
        ),
    }
}
