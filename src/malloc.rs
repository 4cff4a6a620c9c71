//! Settings of the C allocator, made once at start by the binary (and the benchmarks).
//!
//! glibc gives a thread's arena memory in small steps, one `mprotect` each, and hands it
//! back as soon as 128 KB are free at its top. Opening a 100,000-draft desk parses the
//! chunk files on two threads (`store::load`), and `strace -c` counted ~16,000 `mprotect`
//! calls, each taking the address-space lock the other thread's page faults need. Growing
//! by 32 MB and trimming only past 128 MB free removes them (task-clock of `first_frame`
//! 205 -> 172 ms). Memory not touched is not resident, so peak RSS barely moves.
//!
//! Two arenas at most (issue #19): glibc gives each thread that allocates while another
//! holds the main arena one of its own, up to 8 per core. The open parses chunk files on
//! up to four threads, and the headlines they keep stay spread over their arenas between
//! the freed parse buffers, which `malloc_trim` cannot give back: at 1,000,000 drafts
//! the idle desk held ~45 MB more with the default than with two arenas (449 -> 406 MB,
//! `examples/million.rs --child-open`), the open's time within the noise.
//!
//! Called through `libc`: neither `rustix` nor `nix` wraps `mallopt`.

/// The most arenas the allocator makes (see above).
pub const ARENAS: i32 = 2;

/// Apply the settings (glibc on Linux only; elsewhere nothing).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two allocator parameters; called before other threads start.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 20);
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Hand back to the system what the open freed (issue #19): parsing the chunk files drops
/// every body as it reads, and the trim threshold above keeps up to 128 MB free per arena
/// otherwise. Called once the desk is whole; glibc only (elsewhere nothing).
pub fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; any thread may call it.
    unsafe {
        libc::malloc_trim(0);
    }
}
