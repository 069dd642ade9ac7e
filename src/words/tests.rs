//! The catalogue whole: every key of every domain — the phrases, the sentences, and the words keyed
//! by another stage's values — rendered in both languages. Each must say something; the Chinese
//! must be Chinese (Han characters outside the values put in), the English must hold no Han
//! character outside the values put in (the tally's strokes excepted: they are a drawing, and 正 is
//! Zheng's own name); a sentence must put in every one of its values in both languages; and no two
//! phrases or sentences say the same words (a term is named once, and used wherever it is meant).

use super::board::{BoardSays, BoardWord};
use super::demo::{DemoSays, DemoWord};
use super::entry::{EntrySays, EntryWord};
use super::notice::{NoticeSays, NoticeWord};
use super::sheet::{SheetSays, SheetWord};
use super::village::{VillageSays, VillageWord};
use super::vote::{BarSays, KINSHIPS, Unit, VerdictWord, Word};
use super::{Lang, Phrase, Sentence};
use crate::village::{Ground, PendingKind, Source, TargetCode};
use crate::vote::ballot::InvalidReason;
use crate::vote::model::{Body, Round, StaffRole};
use crate::vote::name::NameError;
use crate::vote::outcome::{Note, StationFlag, Status, VoidReason};
use crate::vote::register::VillageOffice;
use crate::vote::rules::{Base, Profile, Rules, Scope, Threshold};

/// The strokes of the tally and Zheng's name: drawn, not written, in either language.
const STROKES: &str = "正一丅下止";

fn han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The catalogue's findings so far.
#[derive(Default)]
struct Book {
    entries: usize,
    problems: Vec<String>,
    /// Each phrase and sentence seen, zh and en, with its key: a term is named once.
    written: std::collections::BTreeMap<(String, String), String>,
}

impl Book {
    /// One entry in both languages, with the values put into it (as shown in `zh` and `en`).
    fn entry(&mut self, key: &str, zh: &str, en: &str, values: &[&str]) {
        self.entries += 1;
        let bare = |s: &str| values.iter().fold(s.to_string(), |s, v| s.replace(v, ""));
        let (zh_bare, en_bare) = (bare(zh), bare(en));
        if zh.trim().is_empty() || en.trim().is_empty() {
            self.problems.push(format!("{key}: empty ({zh:?} / {en:?})"));
        }
        if !zh_bare.chars().any(han) {
            self.problems.push(format!("{key}: the Chinese has no Chinese: {zh:?}"));
        }
        if let Some(c) = en_bare.chars().find(|&c| han(c) && !STROKES.contains(c)) {
            self.problems.push(format!("{key}: the English holds {c:?}: {en:?}"));
        }
        for v in values {
            if !zh.contains(v) || !en.contains(v) {
                self.problems.push(format!("{key}: {v} is not in both: {zh:?} / {en:?}"));
            }
        }
    }

    /// A phrase or sentence written in the book: checked, and named once.
    fn written(&mut self, key: &str, zh: &str, en: &str, values: &[&str]) {
        self.entry(key, zh, en, values);
        if let Some(twin) = self.written.insert((zh.to_string(), en.to_string()), key.to_string()) {
            self.problems.push(format!("{key}: the same words as {twin}: {zh:?} / {en:?}"));
        }
    }

    fn phrases<P: Phrase + std::fmt::Debug>(&mut self) {
        for &p in P::ALL {
            self.written(&format!("{p:?}"), Lang::Zh.say(p), Lang::En.say(p), &[]);
        }
    }

    fn sentences<'a, S: Sentence + 'a>(&mut self, name: &str, all: Vec<(S, &[&str])>) {
        for (i, (s, values)) in all.into_iter().enumerate() {
            self.written(&format!("{name} #{i}"), &s.zh(), &s.en(), values);
        }
    }

    /// Words keyed by another stage's values.
    fn keyed<K: Copy + std::fmt::Debug, T: AsRef<str>>(&mut self, keys: &[K], words: impl Fn(Lang, K) -> T) {
        for &k in keys {
            self.entry(&format!("{k:?}"), words(Lang::Zh, k).as_ref(), words(Lang::En, k).as_ref(), &[]);
        }
    }
}

const BODIES: [Body; 6] = every!(Body::{
    VillagersCommittee, PartyCommittee, PartyOfficers, SupervisionCommittee, CoopManagement, CoopSupervision,
});

#[test]
fn every_entry_of_the_catalogue_says_something_in_each_language() {
    let mut b = Book::default();
    b.phrases::<Word>();
    b.phrases::<Unit>();
    b.phrases::<VerdictWord>();
    b.phrases::<SheetWord>();
    b.phrases::<NoticeWord>();
    b.phrases::<BoardWord>();
    b.phrases::<VillageWord>();
    b.phrases::<DemoWord>();
    b.phrases::<EntryWord>();
    b.sentences("BarSays", BarSays::samples());
    b.sentences("SheetSays", SheetSays::samples());
    b.sentences("NoticeSays", NoticeSays::samples());
    b.sentences("BoardSays", BoardSays::samples());
    b.sentences("VillageSays", VillageSays::samples());
    b.sentences("DemoSays", DemoSays::samples());
    b.sentences("EntrySays", EntrySays::samples());
    b.sentences("CommandSays", super::command::CommandSays::samples());
    b.phrases::<super::command::CommandWord>();
    b.phrases::<super::station::StationWord>();
    b.sentences("StationSays", super::station::StationSays::samples());
    b.phrases::<super::collect::CollectWord>();
    b.sentences("CollectSays", super::collect::CollectSays::samples());
    b.phrases::<super::witness::WitnessWord>();
    b.sentences("WitnessSays", super::witness::WitnessSays::samples());
    b.phrases::<super::merge::MergeWord>();
    b.sentences("MergeSays", super::merge::MergeSays::samples());
    b.phrases::<super::audit::AuditWord>();
    b.sentences("AuditSays", super::audit::AuditSays::samples());
    b.phrases::<super::verify::VerifyWord>();
    b.sentences("VerifySays", super::verify::VerifySays::samples());
    b.phrases::<super::qr::QrWord>();
    b.sentences("QrSays", super::qr::QrSays::samples());

    b.keyed(&BODIES, Lang::body);
    b.keyed(&every!(Round::{First, Runoff, Revote}), Lang::round);
    b.keyed(&every!(Base::{Registered, Voters, Ballots}), Lang::base);
    b.keyed(&InvalidReason::ALL, Lang::reason);
    b.keyed(&every!(VoidReason::{QuorumNotMet, BallotsExceedVoters, VotersExceedRegistered}), Lang::void_reason);
    b.keyed(&every!(StationFlag::{BallotsExceedVoters, VotersExceedRegistered}), Lang::station_flag);
    b.keyed(&every!(Note::{FewerThanMinMembers, VacantSeatsAllowed}), Lang::note);
    b.keyed(&every!(Status::{Valid, Void}), |l, s| l.verdict(s, &[VoidReason::QuorumNotMet]));
    b.keyed(&KINSHIPS, Lang::kinship);
    b.keyed(&every!(VillageOffice::{Clerk, Bookkeeper}), Lang::village_office);
    b.keyed(&every!(StaffRole::{Caller, Tallier, Monitor}), Lang::staff_role);
    b.keyed(&[()], |l, ()| l.staff_recommendation());
    let codes = every!(TargetCode::{
        Graduate, AgedUnder35, Minority, Yijiantiao, CrossAppointment, AverageAge, KinshipConflicts, Pending,
    }; Size in BODIES; Women in BODIES);
    b.keyed(&codes, Lang::measure);
    let sources = every!(Source::{
        PlanSize, PlanSizeAndRules, RulesSupervisionSize, PlanWomen, PlanGraduate, PlanYoung, PlanMinority,
        PlanYijiantiao, PlanCrossAppointment, PlanAge, KinshipRules, PendingRules,
    });
    b.keyed(&sources, Lang::source);
    let grounds = every!(Ground::{
        CloseRelatives, HolderWiderCircle, CommitteeMemberSupervises, CommitteeRelativeSupervises,
        OfficeHolderSupervises, BothCoopBoards,
    });
    b.keyed(&grounds, Lang::recommendation);
    b.keyed(&every!(PendingKind::{Revote, Runoff, Void, NotHeld}), Lang::pending_kind);
    let names = every!(NameError::{Empty, TooLong, Control}; Invisible in [0x200B]);
    b.keyed(&names.iter().collect::<Vec<_>>(), |l, e| l.name_error(e));
    let profiles = every!(Profile::{VillagersCommittee, Party, Supervision, Coop});
    b.keyed(&profiles, Lang::profile_about);
    b.keyed(&every!(Scope::{Ballot, Post}), Lang::scope);
    let thresholds: Vec<Threshold> =
        crate::vote::rules::PROFILES.iter().filter_map(|(n, _)| Rules::profile(n)).map(|r| r.quorum).collect();
    b.keyed(&thresholds, Lang::threshold);

    assert!(b.problems.is_empty(), "{} of {} entries:\n{}", b.problems.len(), b.entries, b.problems.join("\n"));
    // Lowered only when words are merged into one, never when a domain leaves the test.
    assert!(b.entries >= 340, "{} entries: is a domain left out?", b.entries);
}
