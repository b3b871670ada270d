//! Worker threads: rayon's global pool for `threads=None`, else one pool per
//! requested size, built on first use and kept (rayon has one global pool per
//! process, so a thread count needs a pool of its own).

use pyo3::PyResult;
use pyo3::exceptions::PyValueError;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

static POOLS: Mutex<Option<HashMap<usize, Arc<rayon::ThreadPool>>>> = Mutex::new(None);

/// Runs `work` on the pool for `threads` (None: every core).
fn install<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    let Some(n) = threads else {
        return Ok(work());
    };
    if n == 0 {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let pool = {
        let mut pools = POOLS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let pools = pools.get_or_insert_with(HashMap::new);
        match pools.get(&n) {
            Some(pool) => Arc::clone(pool),
            None => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("chancery-{i}"))
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?;
                let pool = Arc::new(pool);
                pools.insert(n, Arc::clone(&pool));
                pool
            }
        }
    };
    Ok(pool.install(work))
}

/// `f(index, text)` for every text, in order, on `threads` threads.
pub fn map<T, F>(threads: Option<usize>, texts: &[String], f: F) -> PyResult<Vec<T>>
where
    T: Send,
    F: Fn(usize, &str) -> T + Sync,
{
    install(threads, || {
        texts.par_iter().enumerate().map(|(i, t)| f(i, t)).collect()
    })
}

/// `f(index of the chunk's first text, chunk)` over consecutive chunks of the
/// texts, in order: about four chunks per thread, so that uneven documents
/// still keep every thread busy.
pub fn map_chunks<T, F>(threads: Option<usize>, texts: &[String], f: F) -> PyResult<Vec<T>>
where
    T: Send,
    F: Fn(usize, &[String]) -> T + Sync,
{
    install(threads, || {
        let workers = rayon::current_num_threads().max(1);
        let len = texts.len().div_ceil(4 * workers).clamp(1, 2048);
        texts
            .par_chunks(len)
            .enumerate()
            .map(|(c, chunk)| f(c * len, chunk))
            .collect()
    })
}
