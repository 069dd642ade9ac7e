//! One post decided [ZJE28, ZJE29]: the pure heart of the law, a function of sorted vote counts.

use super::model::ContestStatus;
use crate::vote::model::Round;

/// A post's decision: indices into the sorted entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Those elected, as indices into the sorted votes.
    pub elected: Vec<usize>,
    /// What the law decides for the post.
    pub status: ContestStatus,
    /// Seats and candidates of a run-off.
    pub runoff: Option<(u32, Vec<usize>)>,
    /// Seats and candidates of a re-vote.
    pub revote: Option<(u32, Vec<usize>)>,
}

/// Decides one post [ZJE28, ZJE29]. `votes` is sorted from most to fewest; `eligible[i]` is false
/// for someone already elected to a higher post. Those at or over `bar` pass; if more pass than
/// `seats` the highest win, and a tie straddling the last seat goes to a re-vote; if fewer pass, a
/// first round proposes a run-off for the seats left (the seats plus one, with everyone tied with
/// the last of them, among people with a vote) and a later round leaves them unfilled.
pub fn decide(votes: &[u64], eligible: &[bool], seats: u32, bar: u64, round: Round) -> Decision {
    debug_assert!(votes.windows(2).all(|w| w[0] >= w[1]));
    let bar = bar.max(1);
    let open: Vec<usize> = (0..votes.len()).filter(|&i| eligible[i]).collect();
    let passing: Vec<usize> = open.iter().copied().filter(|&i| votes[i] >= bar).collect();
    let seats_n = seats as usize;
    if passing.len() > seats_n {
        let cut = votes[passing[seats_n - 1]];
        let above: Vec<usize> = passing.iter().copied().filter(|&i| votes[i] > cut).collect();
        let tied: Vec<usize> = passing.iter().copied().filter(|&i| votes[i] == cut).collect();
        if above.len() + tied.len() == seats_n {
            return Decision {
                elected: passing[..seats_n].to_vec(),
                status: ContestStatus::Filled,
                runoff: None,
                revote: None,
            };
        }
        let left = seats - above.len() as u32;
        return Decision { elected: above, status: ContestStatus::Revote, runoff: None, revote: Some((left, tied)) };
    }
    let left = seats - passing.len() as u32;
    if left == 0 {
        return Decision { elected: passing, status: ContestStatus::Filled, runoff: None, revote: None };
    }
    if round != Round::First {
        return Decision { elected: passing, status: ContestStatus::Unfilled, runoff: None, revote: None };
    }
    let rest: Vec<usize> = open.iter().copied().filter(|&i| votes[i] < bar && votes[i] >= 1).collect();
    let mut n = (left as usize + 1).min(rest.len());
    while n > 0 && n < rest.len() && votes[rest[n]] == votes[rest[n - 1]] {
        n += 1;
    }
    Decision { elected: passing, status: ContestStatus::Runoff, runoff: Some((left, rest[..n].to_vec())), revote: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContestStatus::*;

    fn d(votes: &[u64], seats: u32, bar: u64, round: Round) -> Decision {
        decide(votes, &vec![true; votes.len()], seats, bar, round)
    }

    /// ZJE28: more than half of the voters wins; the highest take the seats.
    #[test]
    fn zje28_highest_over_the_bar_win() {
        let x = d(&[600, 520, 100], 1, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0], Filled));
        let x = d(&[600, 520, 500, 100], 2, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0, 1], Filled));
    }

    /// ZJE28: a tie straddling the last seat goes to a re-vote among those tied, for the seats left.
    #[test]
    fn zje28_tie_on_the_last_seat() {
        let x = d(&[600, 520, 520, 10], 2, 491, Round::First);
        assert_eq!(x.elected, vec![0]);
        assert_eq!(x.status, Revote);
        assert_eq!(x.revote, Some((1, vec![1, 2])));
        // Tied above the last seat, both fit: no re-vote.
        let x = d(&[600, 600, 500], 2, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![0, 1], Filled));
        // Three tied for one seat.
        let x = d(&[500, 500, 500], 1, 491, Round::First);
        assert_eq!(x.revote, Some((1, vec![0, 1, 2])));
        // A tie below the bar needs no re-vote: it goes to the run-off list.
        let x = d(&[600, 300, 300], 1, 491, Round::First);
        assert_eq!(x.status, Filled);
    }

    /// ZJE28: exactly half is not more than half.
    #[test]
    fn zje28_exactly_half_loses() {
        // 980 voters: the bar is 491; 490 is exactly half.
        let x = d(&[490, 480], 1, 491, Round::First);
        assert_eq!((x.elected.len(), x.status), (0, Runoff));
    }

    /// ZJE29: fewer pass than seats: a run-off for the seats left, seats + 1 candidates, ties kept.
    #[test]
    fn zje29_runoff_list() {
        let x = d(&[600, 400, 300, 300, 200, 0], 3, 491, Round::First);
        assert_eq!(x.elected, vec![0]);
        assert_eq!(x.runoff, Some((2, vec![1, 2, 3])));
        let x = d(&[400, 300, 200, 200, 200, 100], 2, 491, Round::First);
        assert_eq!(x.runoff, Some((2, vec![0, 1, 2, 3, 4])), "everyone tied with the last is taken in");
        let x = d(&[400, 0, 0], 2, 491, Round::First);
        assert_eq!(x.runoff, Some((2, vec![0])), "only people with a vote");
    }

    /// ZJE29/ZJE30: a run-off that still leaves seats empty is unfilled; no further list.
    #[test]
    fn zje29_runoff_round_leaves_unfilled() {
        let x = d(&[400, 300, 100], 2, 327, Round::Runoff);
        assert_eq!((x.elected, x.status, x.runoff), (vec![0], Unfilled, None));
    }

    /// ZJE28: in a re-vote the bar is one vote; a new tie is a new re-vote.
    #[test]
    fn revote_round() {
        let x = d(&[51, 49], 1, 1, Round::Revote);
        assert_eq!((x.elected, x.status), (vec![0], Filled));
        let x = d(&[50, 50], 1, 1, Round::Revote);
        assert_eq!((x.status, x.revote), (Revote, Some((1, vec![0, 1]))));
    }

    #[test]
    fn nobody_wins_with_no_votes() {
        let x = d(&[0, 0], 1, 0, Round::Revote);
        assert_eq!((x.elected.len(), x.status), (0, Unfilled));
    }

    #[test]
    fn ineligible_people_are_passed_over() {
        let x = decide(&[600, 550, 100], &[false, true, true], 1, 491, Round::First);
        assert_eq!((x.elected, x.status), (vec![1], Filled));
        let x = decide(&[600, 100, 50], &[false, true, true], 1, 491, Round::First);
        assert_eq!(x.runoff, Some((1, vec![1, 2])));
    }
}
