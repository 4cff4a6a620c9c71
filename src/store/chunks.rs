//! The one reader of chunk files, used by the full open, the newest-first open, the
//! quick list and the follower: a file read whole (with what we saw of it), parsed by the
//! one chunk parser (`doc::parse_chunk_of`), on several threads for a big desk.
//!
//! Parsing ~60 MB of JSON is most of opening a 100,000-draft desk; the files are
//! independent, so they are split into contiguous runs, one per thread (at most
//! [`MAX_THREADS`]), and the results put back in file order. Errors are the ones a
//! one-thread read gives: the first failing file in order.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::deskfs::open_to_read;
use super::doc::{ChunkItem, parse_chunk_of};
use super::error::{StoreError, io_err};

/// What we last saw of a file we read or wrote: another writer changes at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seen {
    len: u64,
    mtime: Option<SystemTime>,
    ino: u64,
}

impl Seen {
    pub(crate) fn of(meta: &fs::Metadata) -> Seen {
        Seen {
            len: meta.len(),
            mtime: meta.modified().ok(),
            ino: meta.ino(),
        }
    }
}

/// `read_file` into a buffer that is reused from file to file.
fn read_file_into(path: &Path, bytes: &mut Vec<u8>) -> Result<Seen, StoreError> {
    let mut f = open_to_read(path)?;
    let meta = f.metadata().map_err(|e| io_err(path, "read", e))?;
    bytes.clear();
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut f, bytes).map_err(|e| io_err(path, "read", e))?;
    Ok(Seen::of(&meta))
}

pub(crate) fn read_file(path: &Path) -> Result<(Vec<u8>, Seen), StoreError> {
    let mut f = open_to_read(path)?;
    let meta = f.metadata().map_err(|e| io_err(path, "read", e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut f, &mut bytes).map_err(|e| io_err(path, "read", e))?;
    Ok((bytes, Seen::of(&meta)))
}

/// Desks with fewer chunk files are read on the calling thread.
const PARALLEL_FROM: usize = 64;
const MAX_THREADS: usize = 4;

/// One chunk file, read and parsed.
pub(crate) struct Loaded<T> {
    pub k: u64,
    pub path: PathBuf,
    pub seen: Seen,
    pub doc: T,
}

/// Read and parse `files` (chunk number, path) with `parse`, in the order given.
pub(crate) fn read_chunks<T, F>(
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

/// A parsed chunk: its sequence number and its items.
pub(crate) type Chunk<I> = (u64, Vec<I>);

/// One chunk file `k` at `path`, read and parsed as items of type `I` (a whole `Item`, or
/// the quick list's head); `None` when there is no such file.
pub(crate) fn read_chunk<I: ChunkItem>(
    path: &Path,
    k: u64,
) -> Result<Option<Loaded<Chunk<I>>>, StoreError> {
    let (bytes, seen) = match read_file(path) {
        Ok(read) => read,
        Err(StoreError::Io { cause, .. }) if cause.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let doc = parse_chunk_of(path, &bytes, k)?;
    Ok(Some(Loaded {
        k,
        path: path.to_path_buf(),
        seen,
        doc,
    }))
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

    #[test]
    fn one_chunk_reads_whole_or_not_at_all() -> Result<(), Box<dyn std::error::Error>> {
        use crate::model::{Item, ItemId};
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("000001.json");
        assert!(read_chunk::<Item>(&path, 1)?.is_none(), "no file: nothing");
        std::fs::write(
            &path,
            r#"{"briefdesk": "items", "schema": 1, "seq": 4, "items": [{"id": 64, "headline": "H"}]}"#,
        )?;
        let chunk = read_chunk::<Item>(&path, 1)?.ok_or("the chunk")?;
        assert_eq!(chunk.doc.0, 4);
        assert_eq!(
            chunk.doc.1.iter().map(|i| i.id).collect::<Vec<_>>(),
            [ItemId(64)]
        );
        // The same file named as another chunk is refused by the one parser.
        assert!(matches!(
            read_chunk::<Item>(&path, 0),
            Err(StoreError::Invalid { .. })
        ));
        Ok(())
    }
}
