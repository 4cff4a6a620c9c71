//! Reading the chunk files of a big desk on several threads.
//!
//! Parsing ~60 MB of JSON is most of opening a 100,000-draft desk; the files are
//! independent, so they are split into contiguous runs, one per thread (at most
//! [`MAX_THREADS`]), and the results put back in file order. Errors are the ones a
//! one-thread read gives: the first failing file in order.

use std::path::{Path, PathBuf};

use super::{Seen, StoreError, read_file_into};

/// Desks with fewer chunk files are read on the calling thread.
const PARALLEL_FROM: usize = 64;
const MAX_THREADS: usize = 4;

/// One chunk file, read and parsed.
pub(super) struct Loaded<T> {
    pub k: u64,
    pub path: PathBuf,
    pub seen: Seen,
    pub doc: T,
}

/// Read and parse `files` (chunk number, path) with `parse`, in the order given.
pub(super) fn read_chunks<T, F>(
    files: &[(u64, PathBuf)],
    parse: F,
) -> Result<Vec<Loaded<T>>, StoreError>
where
    T: Send,
    F: Fn(&Path, &[u8], u64) -> Result<T, StoreError> + Sync,
{
    let threads = if files.len() >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    } else {
        1
    };
    if threads <= 1 {
        return read_run(files, &parse);
    }
    let size = files.len().div_ceil(threads);
    let parse = &parse;
    std::thread::scope(|s| {
        let runs: Vec<_> = files
            .chunks(size)
            .map(|run| s.spawn(move || read_run(run, parse)))
            .collect();
        let mut out = Vec::with_capacity(files.len());
        for run in runs {
            match run.join() {
                Ok(Ok(loaded)) => out.extend(loaded),
                Ok(Err(e)) => return Err(e),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(out)
    })
}

/// One thread's run of files, with one read buffer reused from file to file.
fn read_run<T, F>(files: &[(u64, PathBuf)], parse: &F) -> Result<Vec<Loaded<T>>, StoreError>
where
    F: Fn(&Path, &[u8], u64) -> Result<T, StoreError>,
{
    let mut buf = Vec::new();
    let mut out = Vec::with_capacity(files.len());
    for (k, path) in files {
        let seen = read_file_into(path, &mut buf)?;
        let doc = parse(path, &buf, *k)?;
        out.push(Loaded {
            k: *k,
            path: path.clone(),
            seen,
            doc,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &Path, bytes: &[u8], k: u64) -> Result<u64, StoreError> {
        if bytes == b"bad" {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                msg: format!("chunk {k} is bad"),
            });
        }
        Ok(k * 10)
    }

    fn files(dir: &Path, n: u64, bad: &[u64]) -> Vec<(u64, PathBuf)> {
        (0..n)
            .map(|k| {
                let path = dir.join(format!("{k:06}.json"));
                let text: &[u8] = if bad.contains(&k) { b"bad" } else { b"ok" };
                std::fs::write(&path, text).expect("write");
                (k, path)
            })
            .collect()
    }

    #[test]
    fn many_files_come_back_in_order_and_the_first_error_wins() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let all = files(tmp.path(), 200, &[]);
        let got = read_chunks(&all, parse).expect("read");
        let ks: Vec<u64> = got.iter().map(|l| l.k).collect();
        assert_eq!(ks, (0..200).collect::<Vec<_>>());
        assert!(got.iter().all(|l| l.doc == l.k * 10));
        // Bad files late in the list and early: the earliest is reported, as one thread
        // reading in order would.
        let all = files(tmp.path(), 200, &[150, 170]);
        match read_chunks(&all, parse) {
            Err(StoreError::Invalid { msg, .. }) => assert_eq!(msg, "chunk 150 is bad"),
            _ => panic!("expected the error of chunk 150"),
        }
        let all = files(tmp.path(), 200, &[7, 150]);
        match read_chunks(&all, parse) {
            Err(StoreError::Invalid { msg, .. }) => assert_eq!(msg, "chunk 7 is bad"),
            _ => panic!("expected the error of chunk 7"),
        }
    }
}
