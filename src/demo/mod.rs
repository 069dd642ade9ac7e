//! `zheng demo`: a whole sample village election, embedded from `fixtures/` so that it runs from
//! any directory — 坑头村 of 郑坑乡, its Party committee, villagers' committee and cooperative board,
//! each counted from its boxes and shown as the counting room would announce it.

use std::fmt::Write;
use std::path::Path;

use crate::error::Error;
use crate::report::sheet;
use crate::seal::manifest::Manifest;
use crate::vote::boxfile::BoxSource;
use crate::vote::count::count_boxes;
use crate::vote::manifest::Election;
use crate::vote::outcome::Outcome;
use crate::words::Lang;
use crate::words::demo::{DemoSays, DemoWord};

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
pub(crate) const VOTES: [Vote; 3] = [
    Vote {
        manifest_name: "kengtou-party/election.toml",
        manifest: include_str!("../../fixtures/kengtou-party/election.toml"),
        boxes: &[fixture!("kengtou-party/meeting.jsonl")],
    },
    Vote {
        manifest_name: "kengtou-vc/election.toml",
        manifest: include_str!("../../fixtures/kengtou-vc/election.toml"),
        boxes: &[
            fixture!("kengtou-vc/central.jsonl"),
            fixture!("kengtou-vc/station-1.jsonl"),
            fixture!("kengtou-vc/station-2.jsonl"),
            fixture!("kengtou-vc/mobile.jsonl"),
        ],
    },
    Vote {
        manifest_name: "kengtou-coop/election.toml",
        manifest: include_str!("../../fixtures/kengtou-coop/election.toml"),
        boxes: &[fixture!("kengtou-coop/meeting.jsonl")],
    },
];

impl Vote {
    /// The vote's manifest, validated like any other.
    pub fn manifest(&self) -> Result<Manifest, Error> {
        Manifest::from_text(self.manifest.to_string(), Path::new(self.manifest_name))
    }
}

/// Counts one embedded vote.
pub(crate) fn count_vote(v: &Vote) -> Result<(Election, Outcome), Error> {
    let e = v.manifest()?.into_election();
    let sources: Vec<BoxSource<'_>> = v.boxes.iter().map(|(n, b)| BoxSource::Memory(n.into(), b)).collect();
    let counts = count_boxes(&e, &sources, false)?;
    let o = Outcome::new(&e, &counts);
    Ok((e, o))
}

/// The demo's keys, derived from their names: **public test keys, for the demo only** — anyone can
/// derive them, so they prove nothing outside it.
pub fn demo_key(name: &str) -> ed25519_dalek::SigningKey {
    use sha2::{Digest, Sha256};
    ed25519_dalek::SigningKey::from_bytes(&Sha256::digest(format!("zheng demo key: {name}")).into())
}

/// When the demo's boxes are closed.
const DEMO_CLOSED_AT: &str = "2020-11-18T17:30:00Z";

/// The signed half of the demo: each box of the villagers' committee closed and signed by its
/// station (the central hall's countersigned by a monitor), the manifest signed by the township,
/// the results merged into a bundle, and the bundle verified as a supervisor would.
fn signed_part(lang: Lang, out: &mut String, reports: Option<&Path>) -> Result<(), Error> {
    use crate::audit::{bundle, close, merge, source, verify};
    use crate::seal::manifest_sig as signed_manifest;
    let v = &VOTES[1];
    let manifest = v.manifest()?;
    let e = manifest.election();
    let dir = tempfile::tempdir().map_err(|err| Error::io(Path::new("temporary folder"), err))?;
    let _ = writeln!(out, "\n{}", lang.say(DemoWord::Signing));
    let mut inputs = Vec::new();
    for (name, bytes) in v.boxes {
        let path = dir.path().join(Path::new(name).file_name().unwrap_or_default());
        crate::files::write_atomic(&path, bytes)?;
        let station = std::str::from_utf8(&bytes[..bytes.iter().position(|&b| b == b'\n').unwrap_or(0)])
            .ok()
            .and_then(|h| serde_json::from_str::<crate::vote::boxfile::BoxHeader>(h).ok())
            .map(|h| h.station)
            .unwrap_or_default();
        let (mut result, published) = close::close(e, &demo_key(&station), &path, DEMO_CLOSED_AT.into())?;
        if let Some((_, st)) = e.station(&station)
            && st.monitors_required > 0
        {
            result.countersign(&demo_key(&format!("{station} monitor 1")))?;
        }
        let (id, root) = (hex::encode(result.id()), hex::encode(result.body().ballots_root));
        let said = DemoSays::BoxSigned {
            station: &station,
            result: &&id[..16],
            root: &&root[..16],
            n: &result.signatures().len(),
        };
        let _ = writeln!(out, "{}", lang.format(said));
        let out_path = dir.path().join(format!("{station}.zres"));
        close::write(&out_path, &result, &published, false)?;
        inputs.push(merge::Input::read(&out_path)?);
    }
    let township = demo_key("郑坑乡 township");
    let sig = signed_manifest::sign(e, &township);
    let merged = merge::merge(e, inputs);
    let outcome = merged.outcome(e, false).map_err(Error::Refusal)?;
    let bundle_dir = dir.path().join("bundle");
    bundle::write(&bundle_dir, v.manifest.as_bytes(), Some(&sig), None, &merged, &outcome)?;
    let report = verify::checklist(&bundle_dir, Some(&crate::seal::keys::public_hex(&township)));
    let accepted = merged.reports().iter().filter(|r| r.fate == merge::Fate::Accepted).count();
    let passed = report.checks.iter().filter(|c| c.verdict == verify::CheckVerdict::Pass).count();
    let checks = report.checks.len();
    let _ = writeln!(out, "{}", lang.format(DemoSays::Merged { accepted: &accepted }));
    let (passed, checks) = (&passed, &checks);
    let checked = if report.passed { DemoSays::Passed { passed, checks } } else { DemoSays::Failed { passed, checks } };
    let _ = writeln!(out, "{}", lang.format(checked));
    if !report.passed {
        return Err(Error::refused(&bundle_dir, crate::audit::source::not_verified(&report)));
    }
    if let Some(to) = reports {
        let trust = crate::seal::keys::public_hex(&township);
        let kept = to.join(format!("{}-bundle", e.id()));
        let kept_new = |dir: &Path| bundle::write(dir, v.manifest.as_bytes(), Some(&sig), None, &merged, &outcome);
        keep_bundle(&bundle_dir, &kept, kept_new)?;
        let shown = kept.display().to_string();
        let made = source::count(source::Source::Bundle { dir: &kept, trust: Some(&trust) }, false)?;
        let (html, _) = made.map_err(Error::from)?.report(lang)?;
        let path = to.join(format!("{}.signed.html", e.id()));
        crate::files::write_atomic(&path, html.as_bytes())?;
        let _ = writeln!(out, "{}", lang.format(DemoSays::BundleKept { path: &kept.display() }));
        let _ = writeln!(out, "{}", lang.format(DemoSays::ToCheck { shown: &shown, trust: &trust }));
        let _ = writeln!(out, "{}", lang.format(DemoSays::SignedReport { path: &path.display() }));
    }
    Ok(())
}

/// The report's seal page names the bundle to re-check: it is kept beside the report (`write` makes
/// it), so that the command it prints works. An identical bundle from an earlier run is kept as it
/// is; a different folder in its place is never overwritten.
fn keep_bundle(made: &Path, kept: &Path, write: impl FnOnce(&Path) -> Result<(), Error>) -> Result<(), Error> {
    if !kept.exists() {
        return write(kept);
    }
    if crate::audit::bundle::digest(kept).ok() != Some(crate::audit::bundle::digest(made)?) {
        return Err(Error::Refusal(crate::error::Refusal::WouldOverwrite {
            out: kept.display().to_string(),
            what: crate::error::Evidence::Folder,
        }));
    }
    Ok(())
}

/// Runs the demo and returns what it prints; with `reports`, writes each vote's printable report
/// (and the signed bundle's, with its seals) to that folder.
pub fn run(lang: Lang, reports: Option<&Path>) -> Result<String, Error> {
    let mut out = String::new();
    let first = VOTES[0].manifest()?;
    let (township, village) = (first.election().township(), first.election().village());
    out.push_str(&lang.format(DemoSays::Intro { township: &township, village: &village }));
    if let Some(to) = reports {
        std::fs::create_dir_all(to).map_err(|err| Error::io(to, err))?;
    }
    for v in &VOTES {
        let (e, o) = count_vote(v)?;
        let _ = writeln!(out);
        out.push_str(&sheet::render(&o, lang));
        if let Some(to) = reports {
            let path = to.join(format!("{}.html", e.id()));
            crate::files::write_atomic(&path, crate::report::html::report(&o, None, false, lang).as_bytes())?;
            let _ = writeln!(out, "{}", lang.format(DemoSays::Printable { path: &path.display() }));
        }
    }
    signed_part(lang, &mut out, reports)?;
    out.push_str(lang.say(DemoWord::CountYourOwn));
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// The demo manifest lists the demo keys (prints them when they need refreshing).
    #[test]
    fn demo_keys_are_in_the_manifest() {
        let e =
            crate::vote::manifest::Election::from_toml(super::VOTES[1].manifest, std::path::Path::new("vc")).unwrap();
        for s in e.stations() {
            let k = crate::seal::keys::public_hex(&super::demo_key(&s.id));
            println!("{} key = \"{k}\"", s.id);
            println!(
                "{} monitor = \"{}\"",
                s.id,
                crate::seal::keys::public_hex(&super::demo_key(&format!("{} monitor 1", s.id)))
            );
            assert_eq!(s.key.as_deref(), Some(k.as_str()), "station {}", s.id);
        }
    }
}
