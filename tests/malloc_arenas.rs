//! After `malloc::tune`, threads that allocate at once share at most `malloc::ARENAS` of
//! glibc's arenas (issue #19: the open's parser threads each kept an arena of their own,
//! and the idle desk at a million drafts held ~45 MB more for it). Its own test binary: the
//! setting is the process's, and a fresh process has made no arena yet.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn threads_that_allocate_at_once_share_at_most_two_arenas() {
    use std::io::Read;
    use std::sync::Barrier;

    briefdesk::malloc::tune();
    // Eight threads, all holding memory at once, as the open's parsers do.
    let both_ends = Barrier::new(8);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                both_ends.wait();
                let held: Vec<Vec<u8>> = (0..20_000).map(|i| vec![1u8; 40 + i % 200]).collect();
                both_ends.wait();
                drop(held);
            });
        }
    });
    // glibc's own account of its arenas: one `<heap nr="N">` each.
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let path = std::ffi::CString::new(file.path().to_str().expect("utf-8 path")).expect("path");
    // SAFETY: a fresh FILE opened for writing, handed to malloc_info once and closed.
    unsafe {
        let f = libc::fopen(path.as_ptr(), c"w".as_ptr());
        assert!(!f.is_null(), "fopen");
        assert_eq!(libc::malloc_info(0, f), 0, "malloc_info");
        libc::fclose(f);
    }
    let mut xml = String::new();
    std::fs::File::open(file.path())
        .expect("open")
        .read_to_string(&mut xml)
        .expect("read");
    let heaps = xml.matches("<heap nr=").count();
    assert!(heaps >= 1, "{xml}");
    assert!(
        heaps <= briefdesk::malloc::ARENAS as usize,
        "{heaps} arenas, more than {}",
        briefdesk::malloc::ARENAS
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
#[test]
fn threads_that_allocate_at_once_share_at_most_two_arenas() {
    println!("skipped: the arena limit is glibc's (Linux, gnu) only");
}
