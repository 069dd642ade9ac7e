//! The live boards' HTML: the hall's projector while a box is counted ([`StationBoard`]) and the
//! township's board of every vote as stations report ([`TownshipBoard`]).
//!
//! Each board is a whole page whose `<main id="board">` is re-rendered by the server on every change
//! and pushed as a server-sent event (`event: board`); the page's one script puts it in place. A page
//! opened late therefore shows exactly what one open from the start shows: both are the same render
//! of the same state. The numbers carry `data-` attributes for the browser tests.

use maud::{Markup, PreEscaped, html};

use crate::report::html::page;
use crate::report::strokes;
use crate::words::board::{BoardSays, BoardWord};
use crate::words::qr::{QrSays, QrWord};
use crate::words::{Lang, Word};

/// The boards' style: large type for a room, readable from the back.
pub(crate) const CSS: &str = include_str!("board.css");

/// The script of every board: take each `board` event's HTML, show whether the feed is live, and
/// page the posts when they do not fit the screen.
pub const SCRIPT: &str = include_str!("board.js");

/// A 正 drawn for a room: 22 CSS pixels a character.
const ROOM_CELL: u64 = 22;

/// A written-in person's 正, smaller: their row holds several people.
const WRITE_IN_CELL: u64 = 16;

/// The most votes the hall's board draws stroke by stroke (ten 正, 220 pixels); above it, the
/// sheet's form 正×N at the same size.
const BOARD_DRAWN: u64 = 50;

/// One person's line on a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The candidate's id, or the written-in name.
    pub key: String,
    /// The name shown.
    pub name: String,
    /// Written in, not listed.
    pub write_in: bool,
    /// Votes (for an approve-style post, the for-votes).
    pub votes: u64,
    /// Approve style: against-votes.
    pub against: Option<u64>,
}

/// One post on a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The post's id.
    pub id: String,
    /// The office, e.g. 主任.
    pub office: String,
    /// Seats to fill.
    pub seats: u32,
    /// Every listed person in ballot order, then the written-in ones by name.
    pub rows: Vec<Row>,
    /// Blank for this post.
    pub blank: u64,
}

/// The hall's projector: one box being counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationBoard {
    /// Township, village and title.
    pub place: String,
    /// The body and round, in words.
    pub vote: String,
    /// The station's name.
    pub station: String,
    /// Voters who signed in at this box, once recorded.
    pub voters: Option<u64>,
    /// Ballots counted: entered and not voided.
    pub ballots: u64,
    /// Of those, invalid.
    pub invalid: u64,
    /// Ballots voided by corrections.
    pub voided: u64,
    /// The posts and their running tallies.
    pub posts: Vec<Post>,
    /// The last ballot counted, as it was called: its number and its words.
    pub called: Option<(u64, String)>,
    /// The latest corrections, newest first: the ballot voided, why, and what it had said.
    pub corrections: Vec<(u64, String, String)>,
    /// The box is closed.
    pub closed: bool,
    /// Once closed, its signed result as QR codes to photograph (when the board was given the
    /// result file).
    pub signed: Option<Signed>,
}

/// A closed box's signed result on the hall's board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signed {
    /// Its QR codes, each an inline SVG drawing, with the station and the result's id (hex).
    Codes {
        /// The drawings, in order.
        svgs: Vec<String>,
        /// The station's id.
        station: String,
        /// The result's id.
        id: String,
    },
    /// The file given is not the result the box was closed with (or cannot be read).
    NotThisBox {
        /// The file.
        path: String,
    },
}

/// A station's state on the township board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxState {
    /// Its signed result is in and verified.
    Reported,
    /// Nothing verified from it yet.
    Missing,
    /// Two different verified results: the committee must resolve it.
    Conflict,
}

/// One vote (a village's body and round) on the township board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// The election id.
    pub id: String,
    /// Township, village and title.
    pub place: String,
    /// The body and round, in words.
    pub vote: String,
    /// Each station: id, name, state.
    pub boxes: Vec<(String, String, BoxState)>,
    /// Totals of the boxes in so far.
    pub posts: Vec<Post>,
    /// Ballots in the boxes in so far.
    pub ballots: u64,
    /// Once every box is in and verified: whether the vote stands and each post's result, in words.
    pub outcome: Option<Vec<String>>,
}

/// The township's board: every vote the collector holds, and its log's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownshipBoard {
    /// The collector's log: its origin line, size and root hash (base64), as its checkpoint says.
    pub checkpoint: (String, u64, String),
    /// With witnesses: the newest checkpoint their quorum cosigned (its size; `None` while none
    /// is) and the witnesses that cosigned it. `None` when the collector has no witnesses.
    pub witnessed: Option<(Option<u64>, Vec<String>)>,
    /// The votes, by election id.
    pub votes: Vec<Vote>,
}

/// The whole page of a board; `inner` is what [`station`] or [`township`] renders.
pub(crate) fn board_page(lang: Lang, title: &str, inner: Markup) -> String {
    let body = html! {
        p #live.wait {
            span.dot { "●" } " "
            span.on { (lang.say(BoardWord::Live)) }
            span.off { (lang.say(BoardWord::Offline)) }
        }
        p #pager hidden { (lang.say(BoardWord::Page)) " " span #page-at {} }
        main #board { (inner) }
    };
    page(lang, title, CSS, body, Some(SCRIPT)).into_string()
}

/// The hall's board: the station, ballots against voters, each post's 正 strokes, the ballot just
/// called, and the corrections.
pub fn station(b: &StationBoard, lang: Lang) -> Markup {
    html! {
        header {
            h1 { (b.place) }
            p.subtitle { (b.vote) " · " (b.station) @if b.closed { " · " strong { (lang.say(BoardWord::Closed)) } } }
            p.counts {
                (lang.say(BoardWord::BallotsCounted)) " " span.big data-field="ballots" { (b.ballots) }
                " / " (lang.say(Word::VoterCount)) " " span data-field="voters" { @match b.voters { Some(v) => (v), None => "—" } }
                " · " (lang.say(Word::Invalid)) " " span data-field="invalid" { (b.invalid) }
                // A ballot's number counts every ballot entered, voided ones too: once one is voided,
                // the board says so, so that `唱票 #8` beside `已计选票 7` never seems to disagree.
                @if b.voided > 0 {
                    " · " (lang.say(BoardWord::Entered)) " " span data-field="entered" { (b.ballots + b.voided) }
                    (lang.say(BoardWord::VoidedByCorrection)) " " span data-field="voided" { (b.voided) }
                }
            }
        }
        @if let Some((n, words)) = &b.called {
            p.called data-field="called" data-ballot=(n) {
                (lang.say(BoardWord::Called)) " #" (n) "：" (words)
            }
        }
        @for c in &b.corrections {
            p.correction data-field="correction" data-ballot=(c.0) {
                (lang.format(BoardSays::Correction { n: &c.0 })) " (" (c.1) ") — " del { (c.2) }
            }
        }
        @if let Some(s) = &b.signed { (signed(s, lang)) }
        div.posts { @for p in &b.posts { (post(p, lang)) } }
        p.key { (lang.say(Word::StrokeKey)) }
    }
}

/// A closed box's signed result: its QR codes large enough to photograph from the front row, what
/// to do with them when the hall has no network, and the result's id.
fn signed(s: &Signed, lang: Lang) -> Markup {
    match s {
        Signed::Codes { svgs, station, id } => html! {
            section.signed data-field="signed-result" {
                h2 { (lang.say(QrWord::SignedResult)) }
                @for (i, svg) in svgs.iter().enumerate() {
                    figure.qr data-code=(i + 1) {
                        (PreEscaped(svg))
                        figcaption { (lang.format(QrSays::Caption { index: &(i + 1), count: &svgs.len(), station })) }
                    }
                }
                p.how { (lang.say(QrWord::HowToCarry)) }
                p { code data-field="result-id" { (id) } }
            }
        },
        Signed::NotThisBox { path } => html! {
            p.correction data-field="signed-result" { (lang.format(QrSays::NotClosedWith { path })) }
        },
    }
}

/// One post's running tally, large: each listed person a row, the written-in ones together in one
/// row (each name with its strokes and votes kept on one line), then the blanks.
fn post(p: &Post, lang: Lang) -> Markup {
    let (listed, written): (Vec<&Row>, Vec<&Row>) = p.rows.iter().partition(|r| !r.write_in);
    html! {
        section.post data-contest=(p.id) {
            h2 { (p.office) " " small { (lang.format(BoardSays::Seats { n: &p.seats })) } }
            table {
                caption.visually-hidden { (p.office) }
                tbody {
                    @for r in listed {
                        tr data-person=(r.key) {
                            th scope="row" { (r.name) }
                            td.strokes { (strokes::svg_up_to(r.votes, ROOM_CELL, BOARD_DRAWN)) }
                            td.num data-field="votes" { (r.votes) }
                            @if let Some(a) = r.against { td.num.against { (lang.say(Word::Against)) " " span data-field="against" { (a) } } }
                        }
                    }
                    @if !written.is_empty() {
                        tr.write-ins {
                            th scope="row" { (lang.say(BoardWord::WriteIns)) }
                            td colspan="3" {
                                @for r in written {
                                    span.write-in data-person=(r.key) {
                                        (r.name) " " (strokes::svg_up_to(r.votes, WRITE_IN_CELL, BOARD_DRAWN))
                                        " " b data-field="votes" { (r.votes) }
                                    }
                                    " "
                                }
                            }
                        }
                    }
                    tr.blank { th scope="row" { (lang.say(Word::Blank)) } td {} td.num data-field="blank" { (p.blank) } }
                }
            }
        }
    }
}

/// The township's board: every vote, its boxes in and missing, provisional totals or the outcome,
/// the log's head.
pub fn township(b: &TownshipBoard, lang: Lang) -> Markup {
    html! {
        header {
            h1 { (lang.say(BoardWord::TownshipBoard)) }
            p.checkpoint {
                (lang.say(BoardWord::CollectorLog)) " " code { (b.checkpoint.0) } " · "
                (lang.say(BoardWord::Entries)) " " span data-field="log-size" { (b.checkpoint.1) } " · "
                (lang.say(BoardWord::Root)) " " code data-field="log-root" { (b.checkpoint.2) }
            }
            @if let Some((size, by)) = &b.witnessed {
                p.witnessed {
                    (lang.say(BoardWord::Witnessed)) " "
                    @match size {
                        Some(n) => {
                            span data-field="witnessed-size" { (n) } " " (lang.say(BoardWord::Entries)) " · "
                            (lang.say(BoardWord::CosignedBy)) " " span data-field="witnessed-by" { (by.join(lang.list_sep())) }
                        }
                        None => { span data-field="witnessed-size" { (lang.say(BoardWord::NotYetWitnessed)) } }
                    }
                }
            }
        }
        @for v in &b.votes { (vote(v, lang)) }
    }
}

/// One vote on the township board.
fn vote(v: &Vote, lang: Lang) -> Markup {
    let reported = v.boxes.iter().filter(|b| b.2 == BoxState::Reported).count();
    html! {
        section.vote data-election=(v.id) {
            h2 { a href={"report/" (v.id)} { (v.place) } " " small { (v.vote) } }
            p {
                (lang.say(BoardWord::BoxesIn)) " " span data-field="reported" { (reported) } " / " (v.boxes.len())
                " · " (lang.say(Word::BallotCount)) " " span data-field="ballots" { (v.ballots) }
            }
            ul.boxes {
                @for (id, name, state) in &v.boxes {
                    @let (class, word) = match state {
                        BoxState::Reported => ("reported", lang.say(BoardWord::BoxReported)),
                        BoxState::Missing => ("missing", lang.say(BoardWord::BoxMissing)),
                        BoxState::Conflict => ("conflict", lang.say(BoardWord::BoxConflict)),
                    };
                    li class=(class) data-station=(id) data-state=(class) { (name) " · " (word) }
                }
            }
            @match &v.outcome {
                Some(lines) => div.outcome data-field="outcome" { @for l in lines { p { (l) } } },
                None => p.provisional data-field="provisional" {
                    (lang.say(BoardWord::Provisional))
                },
            }
            div.posts { @for p in &v.posts { (post(p, lang)) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board() -> StationBoard {
        StationBoard {
            place: "郑坑乡 坑头村".into(),
            vote: "村民委员会 · 正式选举".into(),
            station: "中心会场".into(),
            voters: Some(12),
            ballots: 7,
            invalid: 1,
            voided: 1,
            posts: vec![Post {
                id: "chair".into(),
                office: "主任".into(),
                seats: 1,
                rows: vec![Row { key: "a".into(), name: "赵一".into(), write_in: false, votes: 6, against: None }],
                blank: 0,
            }],
            called: Some((8, "主任：赵一".into())),
            corrections: vec![(3, "misheard".into(), "主任：赵一".into())],
            closed: false,
            signed: None,
        }
    }

    #[test]
    fn the_station_board_shows_counts_strokes_and_corrections() {
        let html = board_page(Lang::Zh, "t", station(&board(), Lang::Zh));
        assert!(html.contains("data-field=\"ballots\">7<"));
        // Issue 21, defect 2: seven counted, one voided, eight entered — the numbers say how.
        assert!(
            html.contains("录入 <span data-field=\"entered\">8</span>，更正撤销 <span data-field=\"voided\">1</span>"),
            "{html}"
        );
        assert!(html.contains("data-field=\"voters\">12<"));
        assert!(html.contains("data-strokes=\"6\""));
        assert!(html.contains("data-ballot=\"8\""));
        assert!(html.contains("<del>主任：赵一</del>"));
        assert!(html.contains("new EventSource('events')"));
        assert!(!html.contains("signed-result"), "no codes while the box is open");
    }

    #[test]
    fn a_closed_box_shows_its_signed_result_as_codes_to_photograph() {
        let svgs = vec!["<svg id=\"one\"></svg>".to_string()];
        let codes = Signed::Codes { svgs, station: "central".into(), id: "ab12".into() };
        let b = StationBoard { closed: true, signed: Some(codes), ..board() };
        let html = station(&b, Lang::Zh).into_string();
        assert!(html.contains("<figure class=\"qr\" data-code=\"1\"><svg id=\"one\"></svg>"), "{html}");
        assert!(html.contains("签名结果二维码 1/1（票箱 central）"), "{html}");
        assert!(html.contains("zheng qr decode") && html.contains("data-field=\"result-id\">ab12<"));
        let other = StationBoard { signed: Some(Signed::NotThisBox { path: "x.zres".into() }), ..b };
        assert!(station(&other, Lang::En).into_string().contains("x.zres is not the result this box was closed with"));
    }

    #[test]
    fn a_vote_is_provisional_until_its_outcome_is_known() {
        let v = Vote {
            id: "e".into(),
            place: "p".into(),
            vote: "v".into(),
            boxes: vec![("s".into(), "S".into(), BoxState::Missing)],
            posts: Vec::new(),
            ballots: 0,
            outcome: None,
        };
        let b = TownshipBoard { checkpoint: ("o".into(), 0, "r".into()), witnessed: None, votes: vec![v.clone()] };
        let html = township(&b, Lang::En).into_string();
        assert!(html.contains("data-field=\"provisional\""));
        assert!(html.contains("data-state=\"missing\""));
        let done = TownshipBoard { votes: vec![Vote { outcome: Some(vec!["ok".into()]), ..v }], ..b };
        assert!(!township(&done, Lang::En).into_string().contains("provisional"));
    }

    #[test]
    fn the_township_board_shows_the_newest_witnessed_checkpoint_and_who_cosigned_it() {
        let cosigned = Some((Some(7), vec!["w1.example".to_string(), "w2.example".to_string()]));
        let b = TownshipBoard { checkpoint: ("o".into(), 9, "r".into()), witnessed: cosigned, votes: Vec::new() };
        let en = township(&b, Lang::En).into_string();
        assert!(
            en.contains("Newest witnessed checkpoint: <span data-field=\"witnessed-size\">7</span> entries"),
            "{en}"
        );
        assert!(en.contains("cosigned by <span data-field=\"witnessed-by\">w1.example, w2.example</span>"), "{en}");
        let zh = township(&b, Lang::Zh).into_string();
        assert!(zh.contains("最新已见证的检查点：") && zh.contains("联署见证方"), "{zh}");
        let none = TownshipBoard { witnessed: Some((None, Vec::new())), ..b };
        assert!(township(&none, Lang::En).into_string().contains("none with the witnesses' quorum yet"));
        let no_witnesses = TownshipBoard { witnessed: None, ..none };
        assert!(!township(&no_witnesses, Lang::En).into_string().contains("witnessed"));
    }
}
