//! `zheng demo`: a whole sample village election, embedded from `fixtures/` so that it runs from
//! any directory — 坑头村 of 郑坑乡, its Party committee, villagers' committee and cooperative board,
//! each counted from its boxes and shown as the counting room would announce it.

use std::fmt::Write;
use std::path::Path;

use crate::count::{BoxSource, count_boxes};
use crate::error::Error;
use crate::manifest::Election;
use crate::outcome::Outcome;
use crate::sheet::{self, Lang};

/// One embedded vote: its manifest and its box files, by name.
pub struct Vote {
    /// The manifest's file name under `fixtures/`.
    pub manifest_name: &'static str,
    /// The manifest's text.
    pub manifest: &'static str,
    /// Box files: name under `fixtures/` and bytes.
    pub boxes: &'static [(&'static str, &'static [u8])],
}

macro_rules! fixture {
    ($p:literal) => {
        ($p, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $p)) as &[u8])
    };
}

/// The sample village's votes, in the order the plan holds them: the Party organisation first, then
/// the villagers' committee, then the cooperative.
pub const VOTES: [Vote; 3] = [
    Vote {
        manifest_name: "kengtou-party/election.toml",
        manifest: include_str!("../fixtures/kengtou-party/election.toml"),
        boxes: &[fixture!("kengtou-party/meeting.jsonl")],
    },
    Vote {
        manifest_name: "kengtou-vc/election.toml",
        manifest: include_str!("../fixtures/kengtou-vc/election.toml"),
        boxes: &[
            fixture!("kengtou-vc/central.jsonl"),
            fixture!("kengtou-vc/station-1.jsonl"),
            fixture!("kengtou-vc/station-2.jsonl"),
            fixture!("kengtou-vc/mobile.jsonl"),
        ],
    },
    Vote {
        manifest_name: "kengtou-coop/election.toml",
        manifest: include_str!("../fixtures/kengtou-coop/election.toml"),
        boxes: &[fixture!("kengtou-coop/meeting.jsonl")],
    },
];

/// Counts one embedded vote.
pub fn count_vote(v: &Vote) -> Result<(Election, Outcome), Error> {
    let e = Election::from_toml(v.manifest, Path::new(v.manifest_name))?;
    let sources: Vec<BoxSource<'_>> = v.boxes.iter().map(|(n, b)| BoxSource::Memory(n.into(), b)).collect();
    let counts = count_boxes(&e, &sources, false)?;
    let o = Outcome::new(&e, &counts);
    Ok((e, o))
}

/// Runs the demo and returns what it prints.
pub fn run(lang: Lang) -> Result<String, Error> {
    let mut out = String::new();
    let intro = match lang {
        Lang::Zh => "正 Zheng 演示：郑坑乡坑头村换届选举，各票箱公开计票结果（数据见 fixtures/）。\n",
        Lang::En => {
            "正 Zheng demo: the re-election of 坑头村, 郑坑乡 — each vote counted from its ballot boxes (data in fixtures/).\n"
        }
    };
    out.push_str(intro);
    for v in &VOTES {
        let (_, o) = count_vote(v)?;
        let _ = writeln!(out);
        out.push_str(&sheet::render(&o, lang));
    }
    let tail = match lang {
        Lang::Zh => "\n用自己的数据计票：zheng count --election 选举.toml 票箱.jsonl… [--json]\n",
        Lang::En => "\nCount your own: zheng count --election E.toml BOX.jsonl… [--json]\n",
    };
    out.push_str(tail);
    Ok(out)
}
