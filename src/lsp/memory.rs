//! Giving memory back: what the server asks of the allocator (jemalloc in the `nianbao`
//! binary, glibc's malloc in the library's tests) so that a long editing session does not keep
//! the memory of documents it has closed. Measured with `scripts/lsp-rss.py`; README,
//! "Editor", says what each step bought.

/// jemalloc's settings for the `nianbao` binary, which exports them as `_rjem_malloc_conf` (and
/// the latency bench, whose null server must pay what the real one pays), as the
/// NUL-terminated string jemalloc reads:
/// - freed pages go back to the system within about a second (default 10 s; at 0 every free
///   pays for it: edits in the server took twice as long);
/// - the 1 KiB size class gets 4-page slabs instead of 1: ropey's text chunks are that size,
///   and each slab is an extent whose metadata jemalloc never frees. With 1,000 documents
///   open the server held 3,005 such slabs; after closing them, RSS was 8.0–11.9% above the
///   warm baseline with 1-page slabs and 5.6–7.5% with these (`scripts/lsp-rss.py`).
pub const JEMALLOC_CONF: &[u8; 60] =
    b"dirty_decay_ms:1000,muzzy_decay_ms:0,slab_sizes:1024-1024:4\0";

/// Hand freed heap memory back to the system, once the last document closed. The engine's
/// search caches go first (see [`crate::pattern`]): their states were learned while documents
/// were open and would keep those documents' pages. The `nianbao` binary allocates with
/// jemalloc: every arena's unused pages are returned now (rather than over its decay time).
/// Under glibc's allocator (the library's tests, other embedders), `malloc_trim` returns what
/// glibc keeps (RSS otherwise stays at its peak). Elsewhere only the caches are dropped.
pub fn release_memory() {
    crate::pattern::drop_caches();
    // every arena ("arena.<MALLCTL_ARENAS_ALL>.purge")
    jemalloc_action(c"arena.4096.purge");
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; harmless when glibc's allocator
    // is not in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Give back what jemalloc's thread cache of the calling thread holds. Objects a thread
/// cache keeps for reuse keep whole pages in use, and an idle thread never returns them: after
/// 1,000 documents closed, ~2.5 MB stayed held that way. The server calls it when an analysis
/// thread finishes a job and when an async worker goes idle. No-op under another allocator.
pub fn flush_thread_cache() {
    jemalloc_action(c"thread.tcache.flush");
}

/// Let jemalloc purge freed pages from a thread of its own. Without it, pages freed by the
/// last activity before the server goes idle wait for the next allocation to be returned
/// (decay is driven by allocator calls), and an idle editor session can hold them for hours:
/// in `scripts/lsp-rss.py`, RSS after closing 1,000 documents was 13–22% above the warm
/// baseline without this thread and 9–11% with it (three runs each). No-op under another
/// allocator.
pub fn purge_in_background() {
    set_jemalloc_flag(c"background_thread", true);
}

/// Turn off jemalloc's thread cache on the calling thread (the server's main thread, which
/// has no idle hook to flush it from). No-op under another allocator.
pub fn no_thread_cache() {
    set_jemalloc_flag(c"thread.tcache.enabled", false);
}

/// Run one of jemalloc's controls that take no value and return none; no-op where the binary
/// does not use jemalloc.
fn jemalloc_action(name: &std::ffi::CStr) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the named control takes no value and returns none.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = name;
}

/// Set one of jemalloc's boolean controls; no-op where the binary does not use jemalloc.
fn set_jemalloc_flag(name: &std::ffi::CStr, value: bool) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut value = value;
        // SAFETY: the boolean controls take a bool, given with its size, and return nothing.
        unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                (&mut value as *mut bool).cast(),
                std::mem::size_of::<bool>(),
            );
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (name, value);
}
