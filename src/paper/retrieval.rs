//! The retrieval list a round gives the audit teams (docs/AUDIT.md "At the boxes"): per box, the
//! positions to pull in ascending order — counted from the top of the sealed pile, the top ballot
//! being 1 — each with a line to write what the paper shows. CSV for a spreadsheet and an A4 page
//! to print, in Chinese (English with `--lang en`).

use std::collections::BTreeMap;

use maud::html;

use super::plan::{PopulationBox, SampleEntry, split_ballot};
use crate::report::html::{CSS, page};
use crate::vote::manifest::Election;
use crate::words::Lang;
use crate::words::audit::{AuditSays, AuditWord};

/// The retrieval list of round `round`: the draws of `sample` from `from` on (earlier rounds' draws
/// are on their own lists), as `retrieval-ROUND.csv` and `retrieval-ROUND.html`.
pub fn files(
    e: &Election,
    boxes: &[PopulationBox],
    sample: &[SampleEntry],
    from: usize,
    round: u32,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let by_box = positions(boxes, &sample[from.min(sample.len())..]);
    vec![
        (format!("retrieval-{round}.csv"), csv(e, &by_box, round, lang).into_bytes()),
        (format!("retrieval-{round}.html"), html_page(e, boxes, &by_box, round, lang).into_bytes()),
    ]
}

/// Per box (in the population's order), the drawn positions ascending, with each one's ticket.
fn positions<'a>(boxes: &'a [PopulationBox], sample: &'a [SampleEntry]) -> Vec<(&'a str, Vec<(u64, &'a str)>)> {
    let mut by: BTreeMap<&str, Vec<(u64, &str)>> = BTreeMap::new();
    for s in sample {
        if let Some((station, p)) = split_ballot(&s.ballot) {
            by.entry(station).or_default().push((p, s.ticket.as_str()));
        }
    }
    boxes
        .iter()
        .filter_map(|b| {
            let mut v = by.remove(b.station.as_str())?;
            v.sort_unstable();
            Some((b.station.as_str(), v))
        })
        .collect()
}

fn station_name<'a>(e: &'a Election, id: &'a str) -> &'a str {
    e.station(id).map_or(id, |(_, s)| if s.name.is_empty() { id } else { s.name.as_str() })
}

/// One CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn csv(e: &Election, by_box: &[(&str, Vec<(u64, &str)>)], round: u32, lang: Lang) -> String {
    let h = [AuditWord::Station, AuditWord::Position, AuditWord::Ballot, AuditWord::Round, AuditWord::Ticket];
    let mut out = String::from("station,name,");
    out.push_str(&h[1..].iter().map(|w| field(lang.say(*w))).collect::<Vec<_>>().join(","));
    out.push(',');
    out.push_str(&field(lang.say(AuditWord::PaperShows)));
    out.push('\n');
    for (station, ps) in by_box {
        for (p, ticket) in ps {
            out.push_str(&format!(
                "{},{},{p},{},{round},{ticket},\n",
                field(station),
                field(station_name(e, station)),
                field(&format!("{station}:{p}"))
            ));
        }
    }
    out
}

fn html_page(
    e: &Election,
    boxes: &[PopulationBox],
    by_box: &[(&str, Vec<(u64, &str)>)],
    round: u32,
    lang: Lang,
) -> String {
    let pile = |station: &str| boxes.iter().find(|b| b.station == station).map_or(0, |b| b.ballots);
    let title = format!("{} · {} {round}", lang.say(AuditWord::RetrievalTitle), lang.say(AuditWord::Round));
    let body = html! {
        h1 { (lang.say(AuditWord::RetrievalTitle)) }
        p.subtitle { (e.title()) " · " (lang.say(AuditWord::Round)) " " (round) }
        p { (lang.say(AuditWord::RetrievalHow)) }
        @for (station, ps) in by_box {
            table data-station=(station) {
                caption { (lang.say(AuditWord::Station)) " " (station_name(e, station)) " (" (station) ")" }
                thead { tr {
                    th { (lang.say(AuditWord::Position)) }
                    th { (lang.say(AuditWord::Ballot)) }
                    th style="width:60%" { (lang.say(AuditWord::PaperShows)) }
                } }
                tbody {
                    @for (p, _) in ps {
                        tr style="height:9mm" { td.num data-position=(p) { (p) } td { (station) ":" (p) } td { } }
                    }
                }
            }
            p.small { (lang.format(AuditSays::PileCount { n: &pile(station) })) }
            p.small { (lang.say(AuditWord::TeamSigns)) " ________  ________  ________" }
        }
    };
    page(lang, &title, CSS, body, None).into_string()
}
