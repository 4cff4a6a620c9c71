//! Files for the integration tests: write an input, and take every byte of a desk to show
//! that a command changed nothing.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    write_bytes(dir, name, text.as_bytes())
}

/// `write`, for an input that is not UTF-8 (a bad byte on purpose).
pub fn write_bytes(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write input");
    p
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn go(d: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                go(&p, out);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    let mut out = Vec::new();
    go(dir, &mut out);
    out.sort();
    out
}
