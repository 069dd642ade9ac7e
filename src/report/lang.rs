//! The one zh/en catalogue of the words Zheng shows people: the counting sheet, the entry screen and
//! the demo take their words from here, so that a term reads the same everywhere.

use std::fmt;
use std::str::FromStr;

use crate::vote::ballot::{InvalidCounts, InvalidReason};
use crate::vote::fraction::Op;
use crate::vote::model::{Body, Round};
use crate::vote::outcome::{Bar, Note, StationFlag, VoidReason};
use crate::vote::rules::Base;

/// The language of everything Zheng shows people: the sheet, the entry screen, the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The Chinese or the English of a phrase.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The name of a body.
    pub fn body(self, b: Body) -> &'static str {
        let (zh, en) = match b {
            Body::VillagersCommittee => ("村民委员会", "villagers' committee"),
            Body::PartyCommittee => ("村党组织委员会", "village Party committee"),
            Body::PartyOfficers => ("村党组织书记、副书记", "village Party secretary and deputy"),
            Body::SupervisionCommittee => ("村务监督委员会", "village affairs supervision committee"),
            Body::CoopManagement => ("经济合作社社管会", "cooperative management board"),
            Body::CoopSupervision => ("经济合作社社监会", "cooperative supervisory board"),
        };
        self.t(zh, en)
    }

    /// The name of a round.
    pub fn round(self, r: Round) -> &'static str {
        match (r, self) {
            (Round::First, Lang::Zh) => "正式选举",
            (Round::Runoff, Lang::Zh) => "另行选举",
            (Round::Revote, Lang::Zh) => "再次投票",
            (Round::First, Lang::En) => "first round",
            (Round::Runoff, Lang::En) => "run-off",
            (Round::Revote, Lang::En) => "re-vote",
        }
    }

    /// What a threshold's base counts.
    pub fn base(self, b: Base) -> &'static str {
        match (b, self) {
            (Base::Registered, Lang::Zh) => "登记（应到）人数",
            (Base::Voters, Lang::Zh) => "参加投票人数",
            (Base::Ballots, Lang::Zh) => "收回选票数",
            (Base::Registered, Lang::En) => "registered",
            (Base::Voters, Lang::En) => "voters",
            (Base::Ballots, Lang::En) => "ballots",
        }
    }

    /// E.g. "超过参加投票人数 1134 的 1/2，至少 568 票" / "more than 1/2 of 1134 voters: at least 568 votes".
    pub fn bar(self, b: &Bar, unit: &str) -> String {
        let t = b.threshold;
        if t.fraction.num() == 0 {
            return match self {
                Lang::Zh => format!("得票最多者当选，至少 {} {unit}", b.least),
                Lang::En => format!("most votes, at least {} {unit}", b.least),
            };
        }
        match (self, t.op) {
            (Lang::Zh, Op::Gt) => {
                format!("超过{} {} 的 {}，至少 {} {unit}", self.base(t.base), b.of, t.fraction, b.least)
            }
            (Lang::Zh, Op::Ge) => {
                format!("不少于{} {} 的 {}，至少 {} {unit}", self.base(t.base), b.of, t.fraction, b.least)
            }
            (Lang::En, Op::Gt) => {
                format!("more than {} of {} {}: at least {} {unit}", t.fraction, b.of, self.base(t.base), b.least)
            }
            (Lang::En, Op::Ge) => {
                format!("at least {} of {} {}: at least {} {unit}", t.fraction, b.of, self.base(t.base), b.least)
            }
        }
    }

    /// Why a ballot is invalid, in a word or two.
    pub fn reason(self, r: InvalidReason) -> &'static str {
        match (r, self) {
            (InvalidReason::Spoiled, Lang::Zh) => "无法辨认",
            (InvalidReason::Overvote, Lang::Zh) => "多选",
            (InvalidReason::Duplicate, Lang::Zh) => "同一职位重复",
            (InvalidReason::ForAndAgainst, Lang::Zh) => "既赞成又反对",
            (InvalidReason::WriteInExcess, Lang::Zh) => "另选多于不赞成",
            (InvalidReason::CrossPost, Lang::Zh) => "一人多职",
            (InvalidReason::Spoiled, Lang::En) => "spoiled",
            (InvalidReason::Overvote, Lang::En) => "overvote",
            (InvalidReason::Duplicate, Lang::En) => "same person twice in a post",
            (InvalidReason::ForAndAgainst, Lang::En) => "for and against",
            (InvalidReason::WriteInExcess, Lang::En) => "more write-ins than against",
            (InvalidReason::CrossPost, Lang::En) => "same person in two posts",
        }
    }

    /// Invalid ballots by reason, e.g. "无法辨认 6，多选 21".
    pub fn reasons(self, c: &InvalidCounts) -> String {
        let parts: Vec<String> = InvalidReason::ALL
            .iter()
            .filter(|&&r| c.get(r) > 0)
            .map(|&r| format!("{} {}", self.reason(r), c.get(r)))
            .collect();
        parts.join(self.t("，", ", "))
    }
}

impl Lang {
    /// Why a vote is void, in a few words.
    pub fn void_reason(self, r: VoidReason) -> &'static str {
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
}

/// A word or phrase shown on more than one page — the sheet, the printed report, the boards — named
/// once here so that it reads the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// 登记选民 — registered voters.
    Registered,
    /// 参加投票 / 投票人数 — voters.
    Voters,
    /// 收回选票 / 选票 — ballots.
    Ballots,
    /// 有效 — valid.
    Valid,
    /// 无效 — invalid.
    Invalid,
    /// 空白 — blank.
    Blank,
    /// 本职位作废 — the post voided on this ballot.
    PostVoided,
    /// （另选） — written in.
    WriteIn,
    /// （妇女专职） — a post only women may hold.
    WomenOnly,
    /// 赞成 — for.
    For,
    /// 不赞成 — against.
    Against,
    /// 弃权 — abstain.
    Abstain,
    /// 票箱 — ballot box.
    Box,
    /// 参加投票人数要求 — the quorum.
    Quorum,
    /// 已当选 — elected to (another post).
    ElectedTo,
    /// The key to the strokes.
    StrokeKey,
    /// Between the items of a list of names.
    ListSep,
    /// Between clauses.
    ClauseSep,
}

impl Lang {
    /// A word of the catalogue.
    pub fn word(self, w: Word) -> &'static str {
        let (zh, en) = match w {
            Word::Registered => ("登记选民", "registered"),
            Word::Voters => ("参加投票", "voters"),
            Word::Ballots => ("收回选票", "ballots"),
            Word::Valid => ("有效", "valid"),
            Word::Invalid => ("无效", "invalid"),
            Word::Blank => ("空白", "blank"),
            Word::PostVoided => ("本职位作废", "post voided"),
            Word::WriteIn => ("（另选）", " (write-in)"),
            Word::WomenOnly => ("（妇女专职）", " (women only)"),
            Word::For => ("赞成", "for"),
            Word::Against => ("不赞成", "against"),
            Word::Abstain => ("弃权", "abstain"),
            Word::Box => ("票箱", "box"),
            Word::Quorum => ("参加投票人数要求", "quorum"),
            Word::ElectedTo => ("已当选 ", "elected to "),
            Word::StrokeKey => ("正 = 5 票；一 丅 下 止 = 1–4 票。", "正 = 5 votes; 一 丅 下 止 = 1–4 votes."),
            Word::ListSep => ("、", ", "),
            Word::ClauseSep => ("；", "; "),
        };
        self.t(zh, en)
    }

    /// A kinship as the outcome names it (`spouse`, `parent`, …), in words.
    pub fn relation(self, r: &str) -> &'static str {
        let (zh, en) = match r {
            "spouse" => ("配偶", "spouse"),
            "parent" => ("父母", "parent"),
            "child" => ("子女", "child"),
            "sibling" => ("兄弟姐妹", "sibling"),
            "grandparent" => ("祖父母、外祖父母", "grandparent"),
            "grandchild" => ("孙子女、外孙子女", "grandchild"),
            _ => ("亲属", "relative"),
        };
        self.t(zh, en)
    }

    /// A village office (the clerk, the bookkeeper), in words.
    pub fn village_office(self, o: crate::vote::register::VillageOffice) -> &'static str {
        match o {
            crate::vote::register::VillageOffice::Clerk => self.t("村文书", "the village clerk"),
            crate::vote::register::VillageOffice::Bookkeeper => self.t("村报账员（会计）", "the village bookkeeper"),
        }
    }

    /// A counting team's role: 唱票人, 计票人, 监票人.
    pub fn staff_role(self, r: crate::vote::model::StaffRole) -> &'static str {
        match r {
            crate::vote::model::StaffRole::Caller => self.t("唱票人", "caller"),
            crate::vote::model::StaffRole::Tallier => self.t("计票人", "tallier"),
            crate::vote::model::StaffRole::Monitor => self.t("监票人", "monitor"),
        }
    }

    /// Whether the vote stands, as announced: "本次选举有效。", or void and why.
    pub fn verdict(self, status: crate::vote::outcome::Status, why: &[VoidReason]) -> String {
        match status {
            crate::vote::outcome::Status::Valid => self.t("本次选举有效。", "The vote stands.").to_string(),
            crate::vote::outcome::Status::Void => format!(
                "{} {}",
                self.t("本次选举无效，应重新选举：", "THE VOTE IS VOID and must be held again:"),
                why.iter().map(|r| self.void_reason(*r)).collect::<Vec<_>>().join(self.word(Word::ClauseSep))
            ),
        }
    }
}

/// A language Zheng does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a language Zheng speaks (zh, en)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// `zh` or `en`.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        match s {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        })
    }
}
