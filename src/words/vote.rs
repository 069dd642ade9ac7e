//! The names of one vote's values — bodies, rounds, a threshold's base and bar, why a ballot is
//! invalid, why a vote is void, a box's flags, the committee's notes, kinship, a village office, a
//! counting team's roles — and the [`Word`]s every page shares, so that a term reads the same on
//! the sheet, the printed notice and the boards.

use crate::vote::ballot::{InvalidCounts, InvalidReason};
use crate::vote::fraction::Op;
use crate::vote::model::{Body, Round, StaffRole};
use crate::vote::outcome::{Bar, Note, StationFlag, Status, VoidReason};
use crate::vote::register::{Kinship, VillageOffice};
use crate::vote::rules::Base;

use super::Lang;

phrases! {
    /// A word or phrase shown on more than one page — the sheet, the printed report, the boards —
    /// named once here so that it reads the same everywhere.
    pub enum Word {
        Registered => "登记选民", "registered";
        Voters => "参加投票", "voters";
        Ballots => "收回选票", "ballots";
        VoterCount => "投票人数", "voters";
        BallotCount => "选票", "ballots";
        Valid => "有效", "valid";
        Invalid => "无效", "invalid";
        Blank => "空白", "blank";
        PostVoided => "本职位作废", "post voided";
        WriteIn => "（另选）", " (write-in)";
        WomenOnly => "（妇女专职）", " (women only)";
        For => "赞成", "for";
        Against => "不赞成", "against";
        Abstain => "弃权", "abstain";
        Box => "票箱", "box";
        Quorum => "参加投票人数要求", "quorum";
        ElectedTo => "已当选 ", "elected to ";
        StrokeKey => "正 = 5 票；一 丅 下 止 = 1–4 票。", "正 = 5 votes; 一 丅 下 止 = 1–4 votes.";
        Relative => "亲属", "relative";
        Nothing => "无", "none";
    }
}

phrases! {
    /// What a bar counts: people (the quorum) or votes (a post's bar).
    pub enum Unit {
        People => "人", "voters";
        Votes => "票", "votes";
    }
}

phrases! {
    /// Whether the vote stands, as announced.
    pub enum VerdictWord {
        Stands => "本次选举有效。", "The vote stands.";
        Void => "本次选举无效，应重新选举：", "THE VOTE IS VOID and must be held again:";
    }
}

sentences! {
    /// A threshold in words, e.g. "超过参加投票人数 1134 的 1/2，至少 568 票".
    pub enum BarSays {
        Most { least, unit } => "得票最多者当选，至少 {least} {unit}", "most votes, at least {least} {unit}";
        MoreThan { base, of, fraction, least, unit } =>
            "超过{base} {of} 的 {fraction}，至少 {least} {unit}",
            "more than {fraction} of {of} {base}: at least {least} {unit}";
        NotLessThan { base, of, fraction, least, unit } =>
            "不少于{base} {of} 的 {fraction}，至少 {least} {unit}",
            "at least {fraction} of {of} {base}: at least {least} {unit}";
    }
}

impl Lang {
    /// The name of a body.
    pub fn body(self, b: Body) -> &'static str {
        match b {
            Body::VillagersCommittee => self.t("村民委员会", "villagers' committee"),
            Body::PartyCommittee => self.t("村党组织委员会", "village Party committee"),
            Body::PartyOfficers => self.t("村党组织书记、副书记", "village Party secretary and deputy"),
            Body::SupervisionCommittee => self.t("村务监督委员会", "village affairs supervision committee"),
            Body::CoopManagement => self.t("经济合作社社管会", "cooperative management board"),
            Body::CoopSupervision => self.t("经济合作社社监会", "cooperative supervisory board"),
        }
    }

    /// The name of a round.
    pub fn round(self, r: Round) -> &'static str {
        match r {
            Round::First => self.t("正式选举", "first round"),
            Round::Runoff => self.t("另行选举", "run-off"),
            Round::Revote => self.t("再次投票", "re-vote"),
        }
    }

    /// What a threshold's base counts.
    pub fn base(self, b: Base) -> &'static str {
        match b {
            Base::Registered => self.t("登记（应到）人数", "registered"),
            Base::Voters => self.t("参加投票人数", "voters"),
            Base::Ballots => self.t("收回选票数", "ballots"),
        }
    }

    /// E.g. "超过参加投票人数 1134 的 1/2，至少 568 票" / "more than 1/2 of 1134 voters: at least 568 votes".
    pub fn bar(self, b: &Bar, unit: Unit) -> String {
        let t = b.threshold;
        let (least, unit) = (&b.least, &self.say(unit));
        if t.fraction.num() == 0 {
            return self.format(BarSays::Most { least, unit });
        }
        let (base, of, fraction) = (&self.base(t.base), &b.of, &t.fraction);
        self.format(match t.op {
            Op::Gt => BarSays::MoreThan { base, of, fraction, least, unit },
            Op::Ge => BarSays::NotLessThan { base, of, fraction, least, unit },
        })
    }

    /// Why a ballot is invalid, in a word or two.
    pub fn reason(self, r: InvalidReason) -> &'static str {
        match r {
            InvalidReason::Spoiled => self.t("无法辨认", "spoiled"),
            InvalidReason::Overvote => self.t("多选", "overvote"),
            InvalidReason::Duplicate => self.t("同一职位重复", "same person twice in a post"),
            InvalidReason::ForAndAgainst => self.t("既赞成又反对", "for and against"),
            InvalidReason::WriteInExcess => self.t("另选多于不赞成", "more write-ins than against"),
            InvalidReason::CrossPost => self.t("一人多职", "same person in two posts"),
        }
    }

    /// Invalid ballots by reason, e.g. "无法辨认 6，多选 21".
    pub fn reasons(self, c: &InvalidCounts) -> String {
        let parts: Vec<String> = InvalidReason::ALL
            .iter()
            .filter(|&&r| c.get(r) > 0)
            .map(|&r| format!("{} {}", self.reason(r), c.get(r)))
            .collect();
        parts.join(self.comma())
    }

    /// Why a vote is void, in a few words.
    pub(crate) fn void_reason(self, r: VoidReason) -> &'static str {
        match r {
            VoidReason::QuorumNotMet => self.t("参加投票人数不足", "too few voters took part"),
            VoidReason::BallotsExceedVoters => self.t("收回选票多于投票人数", "more ballots than voters"),
            VoidReason::VotersExceedRegistered => {
                self.t("各票箱投票人数之和多于登记选民人数", "more voters in the boxes than on the register")
            }
        }
    }

    /// What a box's flag warns of.
    pub fn station_flag(self, f: StationFlag) -> &'static str {
        match f {
            StationFlag::BallotsExceedVoters => self.t("选票多于本箱投票人数", "more ballots than this box's voters"),
            StationFlag::VotersExceedRegistered => {
                self.t("投票人数多于本箱登记人数", "more voters than registered here")
            }
        }
    }

    /// A note for the committee [ZJE30].
    pub fn note(self, n: Note) -> &'static str {
        match n {
            Note::FewerThanMinMembers => self.t(
                "注意：当选人数不足三人，不足名额应当另行选举，不得暂缺。",
                "Note: fewer than three members are elected; the empty seats must be voted on again.",
            ),
            Note::VacantSeatsAllowed => self.t(
                "注意：当选人数已达三人以上，不足名额可以暂缺。",
                "Note: at least three members are elected; the empty seats may stay vacant.",
            ),
        }
    }

    /// Whether the vote stands, as announced: "本次选举有效。", or void and why.
    pub fn verdict(self, status: Status, why: &[VoidReason]) -> String {
        match status {
            Status::Valid => self.say(VerdictWord::Stands).to_string(),
            Status::Void => format!(
                "{} {}",
                self.say(VerdictWord::Void),
                why.iter().map(|r| self.void_reason(*r)).collect::<Vec<_>>().join(self.clause_sep())
            ),
        }
    }

    /// How one person is related to another, in words.
    pub fn kinship(self, k: Kinship) -> &'static str {
        match k {
            Kinship::Spouse => self.t("配偶", "spouse"),
            Kinship::Parent => self.t("父母", "parent"),
            Kinship::Child => self.t("子女", "child"),
            Kinship::Sibling => self.t("兄弟姐妹", "sibling"),
            Kinship::Grandparent => self.t("祖父母、外祖父母", "grandparent"),
            Kinship::Grandchild => self.t("孙子女、外孙子女", "grandchild"),
        }
    }

    /// A kinship as an outcome file names it (`spouse`, `parent`, …), in words; a name this Zheng
    /// does not know is a "relative".
    pub fn relation(self, r: &str) -> &'static str {
        match KINSHIPS.into_iter().find(|k| k.as_str() == r) {
            Some(k) => self.kinship(k),
            None => self.say(Word::Relative),
        }
    }

    /// A village office (the clerk, the bookkeeper), in words.
    pub fn village_office(self, o: VillageOffice) -> &'static str {
        match o {
            VillageOffice::Clerk => self.t("村文书", "the village clerk"),
            VillageOffice::Bookkeeper => self.t("村报账员（会计）", "the village bookkeeper"),
        }
    }

    /// A counting team's role: 唱票人, 计票人, 监票人.
    pub fn staff_role(self, r: StaffRole) -> &'static str {
        match r {
            StaffRole::Caller => self.t("唱票人", "caller"),
            StaffRole::Tallier => self.t("计票人", "tallier"),
            StaffRole::Monitor => self.t("监票人", "monitor"),
        }
    }
}

/// Every kinship, for reading one an outcome file names ([`Kinship::as_str`]).
pub(super) const KINSHIPS: [Kinship; 6] = every!(Kinship::{Spouse, Parent, Child, Sibling, Grandparent, Grandchild});

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kinship an outcome names is read back to its own words; a name unknown is a relative.
    #[test]
    fn a_relation_named_in_an_outcome_reads_as_its_kinship() {
        for k in KINSHIPS {
            assert_eq!(Lang::Zh.relation(k.as_str()), Lang::Zh.kinship(k));
        }
        assert_eq!((Lang::Zh.relation("cousin"), Lang::En.relation("cousin")), ("亲属", "relative"));
    }
}
