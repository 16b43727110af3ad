//! How far a long read or write has got: a counter that the thread doing
//! the work advances and the window reads for its progress bar.

use std::sync::atomic::{AtomicU64, Ordering};

/// Work done out of work to do, in any unit (bytes, items), shared between
/// the worker and whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    /// A counter with nothing to do yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Start over with `total` units to do.
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// `n` more units done (from any thread).
    pub fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Everything done.
    pub fn finish(&self) {
        self.done.store(self.total.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// The share done, 0 to 1 (0 before [`Self::start`]; never past 1).
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.done.load(Ordering::Relaxed).min(total) as f64 / total as f64) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_any_thread_and_stays_within_bounds() {
        let p = Progress::new();
        assert!(p.fraction().abs() < f32::EPSILON, "nothing to do yet: {}", p.fraction());
        p.start(400);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..25 {
                        p.advance(1);
                    }
                });
            }
        });
        assert!((p.fraction() - 0.25).abs() < 1e-6, "a quarter: {}", p.fraction());
        p.advance(1000);
        assert!((p.fraction() - 1.0).abs() < f32::EPSILON, "over-counting stops at 1: {}", p.fraction());
        p.start(10);
        assert!(p.fraction().abs() < f32::EPSILON, "start begins again: {}", p.fraction());
        p.finish();
        assert!((p.fraction() - 1.0).abs() < f32::EPSILON, "finished: {}", p.fraction());
    }
}
