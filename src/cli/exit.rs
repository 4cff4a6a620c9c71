//! A command's own exit status (`check`), which `main` ends with instead of an error line.

/// A command's own exit status, not a failure to report as one: `check` ends 1 on findings
/// (nothing more to say) and 2 when it could not check (the message says why).
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: Option<String>,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => f.write_str(m),
            None => write!(f, "exit status {}", self.code),
        }
    }
}

impl std::error::Error for Exit {}
