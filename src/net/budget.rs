//! The process's open files, split between its listeners.
//!
//! Every socket is a file descriptor. Under the common limit of 1,024, a board that accepted every
//! idle socket would leave the collector none for the stations; so each listener gets a share, and
//! a reserve stays for the store, the journal, SQLite's files, the runtime and temporary files.

/// Descriptors kept for everything but sockets.
pub(crate) const RESERVE: u64 = 96;

/// The most connections a board holds at once (a hall's projector and the township's screens need
/// a handful; the rest are answered `503`).
pub(crate) const BOARD_MAX: usize = 256;

/// How many connections each listener may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The collector's (stations and log readers).
    pub collector: usize,
    /// Each board's.
    pub board: usize,
}

/// Raises the soft open-file limit to the hard one (as far as the system lets a process do so
/// itself) and splits what there is: each of `boards` boards gets a quarter of it at most (and at
/// most [`BOARD_MAX`]), the collector the rest, after [`RESERVE`].
pub fn budget(boards: usize) -> Budget {
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    split(limit, boards)
}

/// The split of `limit` descriptors between the collector and `boards` boards.
pub fn split(limit: u64, boards: usize) -> Budget {
    let sockets = usize::try_from(limit.saturating_sub(RESERVE)).unwrap_or(usize::MAX).max(16);
    let board = (sockets / 4).checked_div(boards).map_or(0, |b| b.clamp(4, BOARD_MAX));
    Budget { collector: sockets.saturating_sub(board * boards).max(8), board }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_never_takes_the_collectors_descriptors() {
        let b = split(1024, 1);
        assert_eq!(b.board, 232);
        assert!(b.collector + b.board <= 1024 - RESERVE as usize);
        assert_eq!(split(1_048_576, 1).board, BOARD_MAX);
        assert_eq!(split(1024, 0), Budget { collector: 928, board: 0 });
        assert!(split(64, 1).collector >= 8);
    }
}
