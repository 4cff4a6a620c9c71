//! Crash points and full-disk hooks, for the tests only.
//!
//! With the `crash-points` feature (on for `cargo test`, through the crate's
//! dev-dependency on itself), every step of a write is a numbered crash point: when the
//! count reaches `crash_at`, the writer stops there as if the process had been killed
//! (nothing is cleaned up; a stop at the write step leaves a half-written temp file), and
//! `BRIEFDESK_TEST_DISK_FULL=1` makes every desk file write fail with `ENOSPC` (it can
//! only make briefdesk fail its own writes). Without the feature (a release build)
//! `Faults` is empty and every hook does nothing: no crash point, no test variable read.

use std::fs::File;
use std::path::Path;

use super::error::StoreError;

#[cfg(feature = "crash-points")]
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub crash_at: Option<u64>,
    pub count: u64,
    /// Every write fails as on a full disk (tests of `ENOSPC`).
    pub disk_full: bool,
}

#[cfg(not(feature = "crash-points"))]
#[derive(Debug, Default)]
pub(crate) struct Faults;

#[cfg(feature = "crash-points")]
impl Faults {
    /// No crash point, no full disk (a write outside the desk).
    pub(crate) fn none() -> Faults {
        Faults::default()
    }

    /// What a newly opened store starts with: no crash point; a full disk when the test
    /// variable says so.
    pub(crate) fn from_env() -> Faults {
        Faults {
            disk_full: std::env::var_os("BRIEFDESK_TEST_DISK_FULL").is_some_and(|v| v == "1"),
            ..Faults::default()
        }
    }

    fn hit(&mut self) -> bool {
        self.count += 1;
        self.crash_at == Some(self.count)
    }

    pub(crate) fn point(&mut self, point: &'static str, path: &Path) -> Result<(), StoreError> {
        if self.hit() {
            return Err(StoreError::Crashed {
                point,
                path: path.to_path_buf(),
            });
        }
        Ok(())
    }

    /// Before the temp file `tmp` of `path` gets `bytes`: a crash half way through the
    /// write, or a full disk.
    pub(crate) fn before_write(
        &mut self,
        f: &mut File,
        bytes: &[u8],
        path: &Path,
        tmp: &Path,
    ) -> Result<(), StoreError> {
        if self.hit() {
            // Killed in the middle of the write: half the bytes are in the temp file.
            let _ = std::io::Write::write_all(f, &bytes[..bytes.len() / 2]);
            return Err(StoreError::Crashed {
                point: "during temp write",
                path: path.to_path_buf(),
            });
        }
        if self.disk_full {
            return Err(super::error::io_err(
                tmp,
                "write",
                std::io::Error::from_raw_os_error(libc::ENOSPC),
            ));
        }
        Ok(())
    }
}

#[cfg(not(feature = "crash-points"))]
impl Faults {
    pub(crate) fn none() -> Faults {
        Faults
    }

    pub(crate) fn from_env() -> Faults {
        Faults
    }

    #[inline(always)]
    pub(crate) fn point(&mut self, _: &'static str, _: &Path) -> Result<(), StoreError> {
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn before_write(
        &mut self,
        _: &mut File,
        _: &[u8],
        _: &Path,
        _: &Path,
    ) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Did a crash point stop this write? (Then it leaves what a crash would.)
pub(crate) fn is_crash(e: &StoreError) -> bool {
    #[cfg(feature = "crash-points")]
    {
        matches!(e, StoreError::Crashed { .. })
    }
    #[cfg(not(feature = "crash-points"))]
    {
        let _ = e;
        false
    }
}

/// Tests of a hang-up while a big desk loads: `BRIEFDESK_TEST_LOAD_PAUSE_MS` makes each
/// older chunk file of an open newest first wait that long before it is read, so the
/// loading surely lasts. Read once per open.
#[cfg(feature = "crash-points")]
pub(crate) fn load_pause() -> Option<std::time::Duration> {
    let ms = std::env::var("BRIEFDESK_TEST_LOAD_PAUSE_MS").ok()?;
    ms.parse().ok().map(std::time::Duration::from_millis)
}

#[cfg(not(feature = "crash-points"))]
pub(crate) fn load_pause() -> Option<std::time::Duration> {
    None
}
