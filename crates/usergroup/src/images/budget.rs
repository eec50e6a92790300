//! A process-wide budget of decode memory: a counting semaphore on bytes in flight.
//!
//! Every full decode (in `check`'s inspection and in `build`'s rendering) reserves the bytes it
//! expects to allocate before it allocates them, and gives them back when its pixels are
//! dropped. However many worker threads run, decoded pixels alive at once stay under
//! [`DECODE_BUDGET`], so peak memory no longer grows with the thread count.
//!
//! Deadlock freedom: a reservation is held only around code that never waits on rayon (the
//! decoder, and the sequential resize of the source in `render_one`), so a holder always
//! reaches its release without depending on another thread. A single request larger than the
//! whole budget is granted when nothing else is in flight, so it runs alone instead of never.

use std::sync::{Condvar, Mutex, PoisonError};

/// The decode memory all threads share: 1 GiB holds the largest source prep accepts (100 MP,
/// decoded and converted) or about seven 24 MP photos at once.
pub(crate) const DECODE_BUDGET: u64 = 1 << 30;

/// The process's budget.
pub(crate) static DECODE: Budget = Budget::new(DECODE_BUDGET);

/// A pool of bytes that reservations are taken from.
pub(crate) struct Budget {
    total: u64,
    in_use: Mutex<u64>,
    freed: Condvar,
}

/// Bytes taken from a [`Budget`], returned when dropped.
#[must_use = "the bytes are returned as soon as the reservation is dropped"]
pub(crate) struct Reservation {
    budget: &'static Budget,
    bytes: u64,
}

impl Budget {
    /// A budget of `total` bytes.
    pub(crate) const fn new(total: u64) -> Self {
        Self {
            total,
            in_use: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit (or nothing else is in flight), then takes them.
    pub(crate) fn reserve(&'static self, bytes: u64) -> Reservation {
        let mut in_use = self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        while *in_use > 0 && in_use.saturating_add(bytes) > self.total {
            in_use = self
                .freed
                .wait(in_use)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *in_use = in_use.saturating_add(bytes);
        Reservation {
            budget: self,
            bytes,
        }
    }

    /// Bytes currently reserved (for tests and measurements).
    #[cfg(test)]
    pub(crate) fn in_use(&self) -> u64 {
        *self.in_use.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn release(&self, bytes: u64) {
        if bytes == 0 {
            return;
        }
        let mut in_use = self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        *in_use = in_use.saturating_sub(bytes);
        self.freed.notify_all();
    }
}

impl Reservation {
    /// Gives back everything above `bytes` (a decode's peak is higher than what it keeps).
    pub(crate) fn shrink_to(&mut self, bytes: u64) {
        if bytes < self.bytes {
            self.budget.release(self.bytes - bytes);
            self.bytes = bytes;
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.budget.release(self.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn bytes_in_flight_never_exceed_the_budget() {
        static SMALL: Budget = Budget::new(100);
        let peak = AtomicU64::new(0);
        std::thread::scope(|s| {
            for i in 0..8u64 {
                let peak = &peak;
                s.spawn(move || {
                    for _ in 0..50 {
                        let mut held = SMALL.reserve(30 + i);
                        peak.fetch_max(SMALL.in_use(), Ordering::Relaxed);
                        std::thread::yield_now();
                        held.shrink_to(5);
                        peak.fetch_max(SMALL.in_use(), Ordering::Relaxed);
                    }
                });
            }
        });
        assert!(peak.load(Ordering::Relaxed) <= 100);
        assert!(peak.load(Ordering::Relaxed) >= 30, "threads did overlap");
        assert_eq!(SMALL.in_use(), 0, "every byte came back");
    }

    #[test]
    fn a_request_larger_than_the_budget_runs_alone() {
        static TINY: Budget = Budget::new(10);
        let big = TINY.reserve(1000);
        assert_eq!(TINY.in_use(), 1000);
        drop(big);
        let a = TINY.reserve(6);
        drop(a);
        assert_eq!(TINY.in_use(), 0);
    }
}
