//! The printable public-counting report (`zheng report … --out FILE.html`): one self-contained HTML
//! file — inline CSS and SVG, no script, no network — made to be printed on A4 and posted.
//!
//! It shows the announcement (village, body, round, date, the numbers every count carries, the quorum
//! and whether the vote stands), each box, each post (every person's votes as 正 strokes and as a
//! number, a bar chart with the post's bar drawn across it, the result in words) and, for a signed
//! count, the verification block: each box's result hash, Merkle root and signers, the bundle's
//! digest, the exact `zheng verify` command and a QR code carrying the digest.
//!
//! Numbers a test or a reader's tool may want carry `data-` attributes (`data-field`,
//! `data-contest`, `data-person`, `data-station`): the browser tests read them from the DOM and
//! compare them with `zheng count --json`.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::report::sheet;
use crate::report::strokes;
use crate::vote::model::Style;
use crate::vote::outcome::{ContestOutcome, ContestStatus, Outcome, Status, TallyLine};
use crate::words::notice::{NoticeSays, NoticeWord};
use crate::words::sheet::SheetWord;
use crate::words::vote::Unit;
use crate::words::{Lang, Word};

/// The report's style sheet: A4, page breaks between posts, table headers repeated, black and white.
pub(crate) const CSS: &str = include_str!("report.css");

/// What proves a count: one entry per box's signed result, and how to re-check it all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// Each box's signed result, in the manifest's order of stations.
    pub boxes: Vec<SealedBox>,
    /// The bundle's digest (FORMAT.md "Bundle digest"), hex — when the count is a bundle.
    pub digest: Option<String>,
    /// The command that re-checks everything, exactly as to be typed.
    pub command: String,
}

/// One box's signed result, as the verification block lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedBox {
    /// The station's id.
    pub station: String,
    /// SHA-256 of the signed result body, hex.
    pub result: String,
    /// The Merkle root over its published ballots, hex.
    pub root: String,
    /// Each signer's key fingerprint (the first 8 bytes of the public key, hex, as in the
    /// manifest): the station's first, then the monitors'.
    pub signers: Vec<String>,
}

/// A key's fingerprint as the report prints it: the first 16 hex digits of the public key.
pub fn fingerprint(key: &[u8; 32]) -> String {
    hex::encode(&key[..8])
}

/// The whole page around a body: doctype, language, title, the style sheet, and an optional script.
pub fn page(lang: Lang, title: &str, css: &str, body: Markup, script: Option<&str>) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.html_code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(css)) }
            }
            body {
                (body)
                @if let Some(js) = script { script { (PreEscaped(js)) } }
            }
        }
    }
}

/// The report as a complete HTML document. `provisional` marks a count with boxes still missing.
pub fn report(o: &Outcome, seal: Option<&Seal>, provisional: bool, lang: Lang) -> String {
    let title = format!("{} {}", place(o), lang.say(NoticeWord::PageTitle));
    let body = html! {
        main.report {
            (announcement(o, provisional, lang))
            (boxes(o, lang))
            (signatures(lang))
            @for c in &o.contests { (post(o, c, lang)) }
            @if !o.notes.is_empty() {
                section.notes { @for n in &o.notes { p { (lang.note(*n)) } } }
            }
            @if let Some(s) = seal { (verification(o, s, lang)) }
            footer {
                p { (lang.say(Word::StrokeKey)) }
                p.small { (lang.format(NoticeSays::MadeFrom { election: &o.election }))
                    " " (lang.say(NoticeWord::Rules)) " " (o.rules) }
            }
        }
    };
    page(lang, &title, CSS, body, None).into_string()
}

/// Township, village and title, as one line.
pub fn place(o: &Outcome) -> String {
    place_of(&o.township, &o.village, &o.title, &o.election)
}

/// Township, village and title (the election id when untitled), as one line.
pub fn place_of(township: &str, village: &str, title: &str, id: &str) -> String {
    let title = if title.is_empty() { id } else { title };
    [township, village, title].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The heading and the numbers announced on the spot: who could vote, who did, the ballots, the
/// quorum, and whether the vote stands.
fn announcement(o: &Outcome, provisional: bool, lang: Lang) -> Markup {
    let rows: [(&str, &str, u64); 5] = [
        ("registered", lang.say(NoticeWord::RegisteredVoters), o.registered),
        ("voters", lang.say(Word::Voters), o.voters),
        ("ballots", lang.say(Word::Ballots), o.ballots),
        ("valid", lang.say(NoticeWord::ValidBallots), o.valid_ballots),
        ("invalid", lang.say(NoticeWord::InvalidBallots), o.invalid_ballots),
    ];
    html! {
        header.announcement {
            h1 { (place(o)) }
            p.subtitle {
                (lang.say(NoticeWord::Heading)) " · " (lang.body(o.body)) " · "
                (lang.round(o.round)) " · " (if o.date.is_empty() { "-" } else { &o.date })
            }
            @if provisional {
                p.provisional data-field="provisional" {
                    (lang.say(NoticeWord::Provisional))
                }
            }
            (elected(o, lang))
            table.totals {
                caption { (lang.say(NoticeWord::TheVote)) }
                tbody {
                    @for (field, word, n) in rows {
                        tr { th scope="row" { (word) } td.num data-field=(field) { (n) } }
                    }
                    @if o.invalid_ballots > 0 {
                        tr { th scope="row" { (lang.say(NoticeWord::WhyInvalid)) } td { (lang.reasons(&o.invalid_reasons)) } }
                    }
                    tr {
                        th scope="row" { (lang.say(Word::Quorum)) }
                        td data-field="quorum-met" data-value=(o.quorum.met) {
                            (lang.bar(&o.quorum.bar, Unit::People)) " " (if o.quorum.met { "✓" } else { "✗" })
                        }
                    }
                }
            }
            @let valid = o.status == Status::Valid;
            p.verdict.void[!valid] data-field="status" data-value=(if valid { "valid" } else { "void" }) {
                (lang.verdict(o.status, &o.void_reasons))
            }
        }
    }
}

/// Page 1's 公告: each post's result in a sentence — who is elected to what, and what is left to a
/// re-vote or run-off, with whom.
fn elected(o: &Outcome, lang: Lang) -> Markup {
    html! {
        @if o.status == Status::Valid {
            section.elected {
                table {
                    caption { (lang.say(NoticeWord::WhoIsElected)) }
                    tbody {
                        @for c in &o.contests {
                            tr data-contest=(c.id) {
                                th scope="row" { (c.office) }
                                td data-field="result" { (sheet::result(lang, c)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The block the counting team and the committee sign by hand once the notice is printed.
fn signatures(lang: Lang) -> Markup {
    let line = "________________";
    html! {
        section.signatures {
            table {
                caption { (lang.say(NoticeWord::SignHere)) }
                tbody {
                    tr {
                        th scope="row" { (lang.say(NoticeWord::Caller)) } td { (line) }
                        th scope="row" { (lang.say(NoticeWord::Tallier)) } td { (line) }
                    }
                    tr {
                        th scope="row" { (lang.say(NoticeWord::Monitors)) } td colspan="3" { (line) " " (line) }
                    }
                    tr style="height:20mm" {
                        th scope="row" { (lang.say(NoticeWord::CommitteeSeal)) } td { }
                        th scope="row" { (lang.say(NoticeWord::SignedOn)) } td { (line) }
                    }
                }
            }
        }
    }
}

/// One row per ballot box, with its flags.
fn boxes(o: &Outcome, lang: Lang) -> Markup {
    html! {
        section.boxes {
            table {
                caption { (lang.say(NoticeWord::BallotBoxes)) }
                thead { tr {
                    th scope="col" { (lang.say(Word::Box)) }
                    th scope="col" { (lang.say(Word::VoterCount)) }
                    th scope="col" { (lang.say(Word::BallotCount)) }
                    th scope="col" { (lang.say(Word::Valid)) }
                    th scope="col" { (lang.say(Word::Invalid)) }
                    th scope="col" { (lang.say(NoticeWord::Flags)) }
                } }
                tbody {
                    @for s in &o.stations {
                        tr data-station=(s.id) {
                            th scope="row" { (s.name) }
                            td.num data-field="voters" { (s.voters) }
                            td.num data-field="ballots" { (s.ballots) }
                            td.num data-field="valid" { (s.valid_ballots) }
                            td.num data-field="invalid" { (s.invalid_ballots) }
                            td { @for f in &s.flags { "⚠ " (lang.station_flag(*f)) " " } }
                        }
                    }
                }
            }
        }
    }
}

/// One post on its own page: seats and bar, every person in strokes and numbers, blanks, the chart
/// and the result in words.
fn post(o: &Outcome, c: &ContestOutcome, lang: Lang) -> Markup {
    let approve = c.style == Style::Approve;
    // The seats' number is marked for the tests inside the sentence: the templates are the
    // catalogue's own text, so the sentence is put in as it is, the number's markup in it.
    let seats = html! { span data-field="seats" { (c.seats) } }.into_string();
    html! {
        section.post data-contest=(c.id) {
            h2 { (c.office) @if c.women_only { (lang.say(Word::WomenOnly)) } }
            p {
                (PreEscaped(lang.format(NoticeSays::Seats { n: &seats }))) " · "
                (lang.say(SheetWord::ToWin)) ": " (lang.bar(&c.bar_rule, Unit::Votes))
            }
            table.tally {
                caption { (c.office) " — " (lang.say(NoticeWord::TheCount)) }
                thead { tr {
                    th scope="col" { (lang.say(NoticeWord::Name)) }
                    th scope="col" { (lang.say(NoticeWord::Strokes)) }
                    // Approve style: the votes are the for-votes — one column, named so.
                    @if approve { th scope="col" { (lang.say(Word::For)) } } @else { th scope="col" { (lang.say(NoticeWord::Votes)) } }
                    @if approve {
                        th scope="col" { (lang.say(Word::Against)) }
                        th scope="col" { (lang.say(Word::Abstain)) }
                    }
                    th scope="col" { (lang.say(NoticeWord::Result)) }
                } }
                tbody {
                    @for e in &c.tally { (tally_row(o, c, e, lang)) }
                    tr.blank { th scope="row" { (lang.say(Word::Blank)) } td {} td.num data-field="blank" { (c.blank) }
                        @if approve { td {} td {} } td {} }
                    @if c.voided > 0 {
                        tr { th scope="row" { (lang.say(Word::PostVoided)) } td {} td.num data-field="voided" { (c.voided) }
                            @if approve { td {} td {} } td {} }
                    }
                }
            }
            (chart(c, lang))
            p.result data-field="outcome" data-value=(status_code(c.outcome)) { (sheet::result(lang, c)) }
            @for line in sheet::kinship(lang, o, c) { p.kinship { (line) } }
        }
    }
}

/// One person's row.
fn tally_row(o: &Outcome, c: &ContestOutcome, e: &TallyLine, lang: Lang) -> Markup {
    let approve = c.style == Style::Approve;
    let seats_full = sheet::seats_full(c, e);
    html! {
        tr data-person=(e.key()) data-elected=(e.elected) {
            th scope="row" { (e.name) @if e.write_in { small { (lang.say(Word::WriteIn)) } } }
            td.strokes { (strokes::svg(e.votes, strokes::PRINT_CELL)) }
            td.num data-field="votes" { (e.votes) }
            @if approve {
                @if e.write_in { td {} td {} } @else {
                    td.num data-field="against" { (e.against.unwrap_or(0)) }
                    td.num data-field="abstain" { (e.abstain.unwrap_or(0)) }
                }
            }
            td {
                @if e.elected { strong { (lang.say(SheetWord::Elected)) } }
                @else if let Some(p) = &e.holds { (lang.say(Word::ElectedTo)) (sheet::office(o, p)) }
                @else if seats_full { span data-field="seats-full" { (lang.say(NoticeWord::SeatsFull)) } }
            }
        }
    }
}

/// The post's outcome as the JSON names it.
fn status_code(s: ContestStatus) -> &'static str {
    match s {
        ContestStatus::Filled => "filled",
        ContestStatus::Revote => "revote",
        ContestStatus::Runoff => "runoff",
        ContestStatus::Unfilled => "unfilled",
        ContestStatus::Void => "void",
    }
}

/// A bar per person, scaled to the most votes (or the bar, if higher), the bar drawn across as a
/// dashed line. Elected people's bars are filled, others outlined: readable in black and white.
fn chart(c: &ContestOutcome, lang: Lang) -> Markup {
    const LABEL: u64 = 150;
    const WIDTH: u64 = 420;
    const ROW: u64 = 16;
    let top = c.tally.iter().map(|e| e.votes).max().unwrap_or(0).max(c.bar).max(1);
    let x = |v: u64| LABEL + v * WIDTH / top;
    let h = ROW * c.tally.len() as u64 + 24;
    let bar_x = x(c.bar);
    let label = format!("{} {}", lang.say(NoticeWord::Bar), c.bar);
    html! {
        figure.chart {
            svg role="img" aria-label={(c.office) " " (label)} viewBox={"0 0 " (LABEL + WIDTH + 60) " " (h)}
                width=(LABEL + WIDTH + 60) height=(h) {
                @for (i, e) in c.tally.iter().enumerate() {
                    @let y = i as u64 * ROW + 4;
                    text x=(LABEL - 6) y=(y + 10) text-anchor="end" font-size="11" { (e.name) }
                    rect x=(LABEL) y=(y) width=(x(e.votes) - LABEL) height=(ROW - 5)
                        fill=(if e.elected { "#000" } else { "#fff" }) stroke="#000" stroke-width="1" {}
                    text x=(x(e.votes) + 4) y=(y + 10) font-size="10" { (e.votes) }
                }
                @if c.bar > 0 {
                    line.bar x1=(bar_x) y1="0" x2=(bar_x) y2=(h - 14) stroke="#000" stroke-width="1.5" stroke-dasharray="4 3" {}
                    text x=(bar_x) y=(h - 2) text-anchor="middle" font-size="11" { (label) }
                }
            }
            figcaption { (lang.say(NoticeWord::ChartKey)) }
        }
    }
}

/// How to re-check the count: each box's result, root and signers; the digest, command and QR code.
fn verification(o: &Outcome, s: &Seal, lang: Lang) -> Markup {
    let name = |id: &str| o.stations.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.clone());
    html! {
        section.verification {
            h2 { (lang.say(NoticeWord::HowToVerify)) }
            table.seal {
                caption { (lang.say(NoticeWord::SignedResults)) }
                thead { tr {
                    th scope="col" { (lang.say(Word::Box)) }
                    th scope="col" { (lang.say(NoticeWord::ResultHash)) }
                    th scope="col" { (lang.say(NoticeWord::MerkleRoot)) }
                    th scope="col" { (lang.say(NoticeWord::Fingerprints)) }
                } }
                tbody {
                    @for b in &s.boxes {
                        tr data-station=(b.station) {
                            th scope="row" { (name(&b.station)) br; span.small { (b.station) } }
                            td.hash data-field="result" data-value=(b.result) { (grouped(&b.result)) }
                            td.hash data-field="root" data-value=(b.root) { (grouped(&b.root)) }
                            td.hash { @for (i, k) in b.signers.iter().enumerate() { @if i > 0 { br; } span.g { (k) } } }
                        }
                    }
                }
            }
            @if let Some(d) = &s.digest {
                p { (lang.say(NoticeWord::BundleDigest)) code.hash data-field="digest" data-value=(d) { (grouped(d)) } }
                div.qr { (PreEscaped(qr_svg(d))) }
            }
            p { (lang.say(NoticeWord::AnyoneCanCheck)) }
            pre data-field="command" { (s.command) }
        }
    }
}

/// A long hex string in groups of 16 that never break inside: a line may end only between two
/// groups, so a hash read off paper is read in whole groups (its text is unchanged).
fn grouped(hex: &str) -> Markup {
    let groups: Vec<&str> = hex.as_bytes().chunks(16).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    html! { @for g in groups { span.g { (g) } wbr; } }
}

/// A QR code carrying `text`, as inline SVG (no XML declaration).
fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(150, 150)
                .dark_color(qrcode::render::svg::Color("#000"))
                .light_color(qrcode::render::svg::Color("#fff"))
                .build();
            match svg.find("<svg") {
                Some(i) => svg[i..].to_string(),
                None => svg,
            }
        }
        // A 64-digit hex digest always fits a QR code; anything else is shown as text only.
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::testing::demo_outcome as outcome;

    /// ZJE28: more pass the bar than there are seats — the highest win, and the notice says why
    /// the others over the bar are not elected (名额已满), never leaving them unexplained.
    #[test]
    fn zje28_over_the_bar_beyond_the_seats_is_said() {
        let mut o = outcome();
        let c = &mut o.contests[0];
        assert_eq!(c.outcome, ContestStatus::Filled);
        // The chair's runner-up, given as many votes as the bar: over it, but the one seat is taken.
        let bar = c.bar;
        let runner_up = c.tally.iter_mut().find(|t| !t.elected).unwrap();
        runner_up.votes = bar;
        let who = runner_up.key().to_string();
        let html = report(&o, None, false, Lang::Zh);
        let row = html.split(&format!("data-person=\"{who}\"")).nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(row.contains("过票数线，名额已满"), "{row}");
        let winner = o.contests[0].elected[0].clone();
        let row = html.split(&format!("data-person=\"{winner}\"")).nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(!row.contains("名额已满"), "{row}");
    }

    #[test]
    fn the_report_is_self_contained_and_escapes_names() {
        let mut o = outcome();
        o.contests[0].tally[0].name = "<script>alert(1)</script>".into();
        let html = report(&o, None, false, Lang::Zh);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<script>"), "names are escaped and the report has no script");
        assert!(html.contains("&lt;script&gt;"));
        for remote in ["http://", "https://", "src=\"//"] {
            assert!(!html.contains(remote), "no network: {remote}");
        }
    }

    #[test]
    fn every_number_of_the_outcome_is_on_the_page() {
        let o = outcome();
        for lang in [Lang::Zh, Lang::En] {
            let html = report(&o, None, false, lang);
            assert!(html.contains(&format!("data-field=\"voters\">{}<", o.voters)));
            assert!(html.contains(&format!("data-field=\"ballots\">{}<", o.ballots)));
            for c in &o.contests {
                assert!(html.contains(&format!("data-contest=\"{}\"", c.id)));
                for e in &c.tally {
                    assert!(html.contains(&format!("data-strokes=\"{}\"", e.votes)));
                }
            }
        }
    }

    #[test]
    fn the_seal_carries_the_digest_as_text_and_qr() {
        let s = Seal {
            boxes: vec![SealedBox {
                station: "S1".into(),
                result: "ab".repeat(32),
                root: "cd".repeat(32),
                signers: vec![fingerprint(&[7; 32])],
            }],
            digest: Some("ef".repeat(32)),
            command: "zheng verify DIR".into(),
        };
        let html = report(&outcome(), Some(&s), true, Lang::En);
        assert!(html.contains(&"ef".repeat(32)));
        assert!(html.contains("0707070707070707"));
        assert!(html.contains("class=\"qr\"><svg"));
        assert!(html.contains("PROVISIONAL"));
    }
}
