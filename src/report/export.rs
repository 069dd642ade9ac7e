//! Open exports of a count (contract §5): CSV, one row per box × post × person plus the totals, and
//! NIST SP 1500-100 v2 Election Results Reporting JSON — the village a `ReportingUnit`, each box a
//! `ReportingUnit` of type `polling-place`, each post a `CandidateContest` with its `VoteCounts` per
//! box and in total, blank and overvoted posts in `OtherCounts`, invalid ballots in `BallotCounts`.
//!
//! Takes in the manifest, the outcome and each box's counts; gives out text. Deterministic: the
//! report's `GeneratedDate` is the vote's date, never the clock.

use serde_json::{Value, json};

use crate::vote::manifest::Election;
use crate::vote::model::{Round, Style};
use crate::vote::outcome::{ContestOutcome, Outcome, StationCount};

/// Each box's own tally lines: the outcome of that box alone (only its tallies are read).
fn per_box(e: &Election, counts: &[StationCount]) -> Vec<(String, Outcome)> {
    let mut v: Vec<(usize, String, Outcome)> = counts
        .iter()
        .map(|c| (c.station, e.stations()[c.station].id.clone(), Outcome::new(e, std::slice::from_ref(c))))
        .collect();
    v.sort_by_key(|(i, _, _)| *i);
    v.into_iter().map(|(_, id, o)| (id, o)).collect()
}

/// The CSV export: `election, station, post, office, person, name, write_in, votes, for,
/// against, abstain, elected` — a row per box × post × person (station = the box's id, `elected`
/// empty), then the totals (station `*`, `elected` true or false).
pub fn csv(e: &Election, outcome: &Outcome, counts: &[StationCount]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "election", "station", "post", "office", "person", "name", "write_in", "votes", "for", "against", "abstain",
        "elected",
    ])?;
    let opt = |x: Option<u64>| x.map(|n| n.to_string()).unwrap_or_default();
    let mut rows = |station: &str, o: &Outcome, totals: bool| -> Result<(), csv::Error> {
        for c in &o.contests {
            for t in &c.tally {
                let elected = if totals { t.elected.to_string() } else { String::new() };
                w.write_record([
                    o.election.as_str(),
                    station,
                    &c.id,
                    &c.office,
                    t.key(),
                    &t.name,
                    &t.write_in.to_string(),
                    &t.votes.to_string(),
                    &opt(t.for_votes),
                    &opt(t.against),
                    &opt(t.abstain),
                    &elected,
                ])?;
            }
        }
        Ok(())
    };
    for (id, o) in per_box(e, counts) {
        rows(&id, &o, false)?;
    }
    rows("*", outcome, true)?;
    let bytes = w.into_inner().map_err(|err| err.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

/// Text in one language, as NIST's `InternationalizedText`.
fn text(s: &str) -> Value {
    json!({ "@type": "ElectionResults.InternationalizedText",
            "Text": [ { "@type": "ElectionResults.LanguageString", "Language": "zh", "Content": s } ] })
}

/// NIST SP 1500-100 v2 Election Results Reporting JSON of a count.
pub fn nist(e: &Election, outcome: &Outcome, counts: &[StationCount], partial: bool) -> Value {
    let boxes = per_box(e, counts);
    let village = "gpu-village";
    let gpu = |station: &str| format!("gpu-{station}");
    let mut people: Vec<(String, String)> = Vec::new(); // (key, name), in order of first listing
    for c in &outcome.contests {
        for t in &c.tally {
            if !people.iter().any(|(k, _)| k == t.key()) {
                people.push((t.key().to_string(), t.name.clone()));
            }
        }
    }
    let cand =
        |key: &str| format!("cand-{}", people.iter().position(|(k, _)| k == key).expect("every key is listed") + 1);
    let contests: Vec<Value> =
        outcome.contests.iter().enumerate().map(|(ci, c)| contest(c, ci, &boxes, &gpu, &cand, village)).collect();
    let mut units = vec![json!({
        "@type": "ElectionResults.ReportingUnit",
        "@id": village,
        "Name": text(if outcome.village.is_empty() { &outcome.election } else { &outcome.village }),
        "Type": "village",
        "ComposingGpUnitIds": boxes.iter().map(|(id, _)| gpu(id)).collect::<Vec<_>>(),
    })];
    for (id, _) in &boxes {
        let s = e.station(id).map(|(_, s)| s.name.clone()).unwrap_or_else(|| id.clone());
        units.push(json!({ "@type": "ElectionResults.ReportingUnit", "@id": gpu(id), "Name": text(&s), "Type": "polling-place" }));
    }
    let mut ballots: Vec<Value> =
        outcome.stations.iter().map(|s| ballot_counts(&gpu(&s.id), s.ballots, s.invalid_ballots)).collect();
    ballots.push(ballot_counts(village, outcome.ballots, outcome.invalid_ballots));
    let (kind, other) = match outcome.round {
        Round::First => ("general", None),
        Round::Runoff => ("runoff", None),
        Round::Revote => ("other", Some("revote (再次投票)")),
    };
    let date = if outcome.date.is_empty() { "1970-01-01" } else { outcome.date.as_str() };
    let title = if outcome.title.is_empty() { &outcome.election } else { &outcome.title };
    let mut election = json!({
        "@type": "ElectionResults.Election",
        "ElectionScopeId": village,
        "Name": text(title),
        "StartDate": date,
        "EndDate": date,
        "Type": kind,
        "Candidate": people.iter().map(|(k, n)| json!({
            "@type": "ElectionResults.Candidate",
            "@id": cand(k),
            "BallotName": text(n),
            "PostElectionStatus": status(outcome, k),
        })).collect::<Vec<_>>(),
        "Contest": contests,
        "BallotCounts": ballots,
    });
    if let Some(o) = other {
        election["OtherType"] = json!(o);
    }
    json!({
        "@type": "ElectionResults.ElectionReport",
        "Format": "precinct-level",
        "GeneratedDate": format!("{date}T00:00:00Z"),
        "Issuer": if outcome.township.is_empty() { "Zheng".to_string() } else { outcome.township.clone() },
        "IssuerAbbreviation": "zheng",
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": if partial { "unofficial-partial" } else { "unofficial-complete" },
        "VendorApplicationId": format!("zheng {}", env!("CARGO_PKG_VERSION")),
        "Election": [election],
        "GpUnit": units,
    })
}

/// A person's status after the vote: elected to some post, standing in its re-vote or run-off, or
/// not elected.
fn status(o: &Outcome, key: &str) -> &'static str {
    let named =
        |p: &Option<crate::vote::outcome::Proposal>| p.as_ref().is_some_and(|p| p.candidates.iter().any(|k| k == key));
    if o.contests.iter().any(|c| c.elected.iter().any(|k| k == key)) {
        "winner"
    } else if o.contests.iter().any(|c| named(&c.revote) || named(&c.runoff)) {
        "advanced-to-runoff"
    } else {
        "defeated"
    }
}

fn ballot_counts(gpu: &str, cast: u64, rejected: u64) -> Value {
    json!({ "@type": "ElectionResults.BallotCounts", "GpUnitId": gpu, "Type": "total",
            "BallotsCast": cast, "BallotsRejected": rejected })
}

/// One post as a `CandidateContest`: a selection a person, with their votes per box and in total
/// (approve style: the for-votes; against and abstain as `other` counts).
fn contest(
    c: &ContestOutcome,
    ci: usize,
    boxes: &[(String, Outcome)],
    gpu: &dyn Fn(&str) -> String,
    cand: &dyn Fn(&str) -> String,
    village: &str,
) -> Value {
    let selections: Vec<Value> = c
        .tally
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let mut counts = Vec::new();
            let mut push = |unit: String, line: &crate::vote::outcome::TallyLine| {
                counts.push(json!({ "@type": "ElectionResults.VoteCounts", "GpUnitId": unit.clone(), "Type": "total", "Count": line.votes }));
                if let Some(a) = line.against {
                    counts.push(json!({ "@type": "ElectionResults.VoteCounts", "GpUnitId": unit, "Type": "other", "OtherType": "against", "Count": a }));
                }
            };
            for (id, o) in boxes {
                if let Some(line) = o.contests[ci].tally.iter().find(|x| x.key() == t.key()) {
                    push(gpu(id), line);
                }
            }
            push(village.to_string(), t);
            json!({
                "@type": "ElectionResults.CandidateSelection",
                "@id": format!("sel-{}-{}", c.id, ti + 1),
                "CandidateIds": [cand(t.key())],
                "IsWriteIn": t.write_in,
                "VoteCounts": counts,
            })
        })
        .collect();
    let mut other: Vec<Value> = boxes.iter().map(|(id, o)| other_counts(&gpu(id), &o.contests[ci])).collect();
    other.push(other_counts(village, c));
    json!({
        "@type": "ElectionResults.CandidateContest",
        "@id": format!("contest-{}", c.id),
        "Name": c.office,
        "ElectionDistrictId": village,
        "VotesAllowed": c.seats,
        "NumberElected": c.seats,
        "ContestSelection": selections,
        "OtherCounts": other,
        "SubUnitsReported": boxes.len(),
        "TotalSubUnits": boxes.len(),
        "VoteVariation": if c.style == Style::Approve { "approval" } else { "n-of-m" },
    })
}

fn other_counts(gpu: &str, c: &ContestOutcome) -> Value {
    json!({ "@type": "ElectionResults.OtherCounts", "GpUnitId": gpu, "Undervotes": c.blank, "Overvotes": c.voided })
}
