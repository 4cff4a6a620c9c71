//! A command's own exit status (`check`), which `main` ends with instead of an error line.

/// A command's own exit status, not a failure to report as one: `check` ends 1 on findings
/// (nothing more to say) and 2 when it could not check (the message says why).
#[derive(Debug, thiserror::Error)]
#[error("{}", message.as_deref().unwrap_or("exit {code}"))]
pub struct Exit {
    pub code: u8,
    pub message: Option<String>,
}
