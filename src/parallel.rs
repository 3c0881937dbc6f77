//! Independent work done at once on the machine's cores: `validate` walks every `[[tests]]`
//! scenario and measures readability while the rest of the checks run, so a large guide is
//! checked in about the time its slowest part takes rather than their sum.
//!
//! A thread that cannot be started is not an error: its work runs on the calling thread, one
//! after the other, as it would on a single core. A panic in a worker reaches the caller as if
//! the work had run there.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread;

/// Runs `a` on another thread while `b` runs on this one, and returns both results.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB,
    RA: Send,
{
    // The closure waits in a slot the worker takes it from, so that when no worker can be
    // started it is still here to run.
    let slot = Mutex::new(Some(a));
    let take = || slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    thread::scope(|s| {
        let worker = thread::Builder::new().spawn_scoped(s, || take().map(|a| a()));
        let rb = b();
        let ran = match worker.map(thread::ScopedJoinHandle::join) {
            Ok(Ok(ra)) => ra,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        };
        // Not started: run it here. A worker that started took the work and gave its result.
        let ra = ran.or_else(|| take().map(|a| a())).expect("the work runs on the worker or here");
        (ra, rb)
    })
}

/// `f` over every item, the results in the items' order, spread over as many threads as the
/// machine has cores (this one included) and no more than there are items.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    // Each thread takes the next item not yet taken, so a slow item does not hold up the rest.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return done };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = thread::scope(|s| {
        let workers: Vec<_> = (1..threads).filter_map(|_| thread::Builder::new().spawn_scoped(s, work).ok()).collect();
        let mut all = work();
        for w in workers {
            match w.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// How many threads can run at once. Asked once: on Linux the answer reads the process's
/// control-group files, which costs more than a small guide's walks.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..1_000).collect();
        let squares = map(&items, |x| x * x);
        assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert!(map(&[] as &[u64], |x| *x).is_empty());
    }

    #[test]
    fn join_returns_both_results() {
        let data = [1, 2, 3];
        let (a, b) = join(|| data.iter().sum::<i32>(), || data.len());
        assert_eq!((a, b), (6, 3));
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| join(|| panic!("in the worker"), || 1));
        assert!(caught.is_err());
        let items = [1, 2, 3, 4];
        let caught = std::panic::catch_unwind(|| map(&items, |x| if *x == 3 { panic!("three") } else { *x }));
        assert!(caught.is_err());
    }
}
