//! The memory budget (`--max-memory`): documents whose estimated peaks together exceed it wait.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::*;

/// The default `--max-memory`: half the machine's memory, or of the cgroup's limit when that is lower (a
/// container), read on Linux from `/proc/meminfo` and `/sys/fs/cgroup/memory.max`; 4 GiB where neither says.
pub fn default_memory_budget() -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
    });
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    match (total, cgroup) {
        (Some(t), Some(c)) => t.min(c) / 2,
        (Some(m), None) | (None, Some(m)) => m / 2,
        (None, None) => 4 << 30,
    }
}

/// Most worker threads a run starts, whatever `--jobs` says.
pub const MAX_JOBS: usize = 1024;

/// Estimated peak memory of processing a document of `bytes`: the text, its rendering, tokens, candidates,
/// the record and its JSON together come to 11 times the text for prose and 22 times for text with facts in
/// every sentence (measured with a release build on 40 MB files: 903 MB), so 20 times, plus a little for
/// the per-document caches.
pub fn peak_estimate(bytes: u64) -> u64 {
    bytes.saturating_mul(20).saturating_add(4 << 20)
}

/// The memory budget (`--max-memory`): documents whose estimated peaks together exceed it are not processed
/// at once. A document larger than the whole budget runs alone.
pub(super) struct Budget {
    pub(super) limit: u64,
    pub(super) used: Mutex<u64>,
    pub(super) freed: Condvar,
}

/// A share of the [`Budget`], given back when dropped.
pub(super) struct Lease {
    pub(super) budget: Arc<Budget>,
    pub(super) bytes: u64,
}

impl Budget {
    pub(super) fn new(limit: u64) -> Budget {
        Budget {
            limit: if limit == 0 { u64::MAX } else { limit },
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until `bytes` fit beside what is in use (or nothing is in use); `None` when the run stops first.
    pub(super) fn take(self: &Arc<Self>, bytes: u64, gate: &Gate) -> Option<Lease> {
        let mut used = self.lock();
        while *used > 0 && used.saturating_add(bytes) > self.limit {
            if gate.stopped() {
                return None;
            }
            used = self
                .freed
                .wait_timeout(used, Duration::from_millis(50))
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        *used += bytes;
        Some(Lease {
            budget: self.clone(),
            bytes,
        })
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        *self.budget.lock() -= self.bytes;
        self.budget.freed.notify_all();
    }
}
