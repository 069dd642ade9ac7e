//! A village's and a township's views in words: what each target of the township's plan measures,
//! what it asks for and where it comes from; the rules that keep seats apart and what the committee
//! should do about each case; the votes still pending; and the views' headings.
//!
//! The JSON and the CSV cite a target's source as they always have ([`citation`]: codes and the
//! plan's own words, one form for both languages); the pages and the terminal say it in the
//! reader's language ([`Lang::source`]).

use crate::village::{Goal, Ground, PendingKind, Rule, Source, TargetCode};
use crate::vote::model::{Body, Round};

use super::Lang;

phrases! {
    /// The village's and the township's views: headings, column names, and the words of the goals.
    pub enum VillageWord {
        Heading => "村级组织换届：结构与任职回避", "the village's bodies: structure and kinship";
        Goal => "目标", "target";
        KinshipConflicts => "任职回避冲突", "Kinship conflicts";
        StillPending => "尚待进行的投票", "Votes still pending";
        RolledUp => "全乡汇总", "the township rolled up";
        ReportTitle => "村级组织换届结构报告", "structure report of the village elections";
        TheTownship => "全乡汇总", "The township";
        Measure => "项目", "target";
        VillagesMeeting => "达标村", "villages meeting it";
        MissedBy => "未达标", "missed by";
        Source => "依据", "source";
        Value => "实际", "value";
        WhereverPossible => "应挑尽挑", "wherever possible";
        HolderWiderCircle => "“一肩挑”回避（乡镇方案）", "the wider circle of the holder of all three top posts (township plan)";
    }
}

sentences! {
    /// The village's and the township's sentences.
    pub enum VillageSays {
        SizeOf { body } => "{body}人数", "{body} members";
        AverageOf { average, people } => "{average}（{people} 人有出生日期）", "{average} (of {people} people with a birth date)";
        VillagesMeeting { met, judged } => "达标村 {met}/{judged}", "villages meeting it: {met} of {judged}";
        WomenOn { body } => "{body}女性成员", "women on the {body}";
        WithOffice { rule, a, office, rec } => "{rule}：{a} 是{office} — 建议：{rec}", "{rule}: {a} is {office} — recommended: {rec}";
        Related { rule, a, b, rel, rec } =>
            "{rule}：{b} 是 {a} 的{rel} — 建议：{rec}",
            "{rule}: {b} is the {rel} of {a} — recommended: {rec}";
        SamePerson { rule, a, b, rec } =>
            "{rule}：同一人同时当选 {a} 和 {b} — 建议：{rec}",
            "{rule}: one person elected both {a} and {b} — recommended: {rec}";
        Staff { article, election, station, role, who, is, rec } =>
            "{article}：{election} 票箱 {station} 的{role} {who} {is} — 建议：{rec}",
            "{article}: {who}, {role} at box {station} of {election}, {is} — recommended: {rec}";
        StaffRelated { candidate, rel } => "是候选人 {candidate} 的{rel}", "is the {rel} of candidate {candidate}";
        StaffIsCandidate { candidate } => "本人即候选人 {candidate}", "is candidate {candidate}";
        Unmatched { name, body, office } =>
            "当选人 {name}（{body} {office}）在村民名册中无法确认，未作亲属回避审查",
            "{name} ({body} {office}) cannot be named in the register: kinship not checked";
    }
}

impl Lang {
    /// What a target measures.
    pub fn measure(self, code: TargetCode) -> String {
        // A body by its name in both languages (its code, `party-committee`, is the JSON's).
        let body = |b: Body| self.body(b);
        match code {
            TargetCode::Size(b) => self.format(VillageSays::SizeOf { body: &body(b) }),
            TargetCode::Women(b) => self.format(VillageSays::WomenOn { body: &body(b) }),
            TargetCode::Graduate => {
                self.t("“两委”中的大学生", "university graduates on the two committees").to_string()
            }
            TargetCode::AgedUnder35 => {
                self.t("“两委”中35周岁以下成员", "members aged 35 or under on the two committees").to_string()
            }
            TargetCode::Minority => {
                self.t("少数民族成员（少数民族村）", "minority members (minority village)").to_string()
            }
            TargetCode::Yijiantiao => {
                self.t("书记、主任、社长“一肩挑”", "one person secretary, chair and cooperative head").to_string()
            }
            TargetCode::CrossAppointment => self
                .t("村党组织与村民委员会交叉任职", "people on both the Party and the villagers' committee")
                .to_string(),
            TargetCode::AverageAge => self.t("“两委”成员平均年龄", "average age on the two committees").to_string(),
            TargetCode::KinshipConflicts => self.t("任职回避冲突", "kinship conflicts").to_string(),
            TargetCode::Pending => self
                .t("尚待进行的投票（再次投票、另行选举、未选）", "votes still pending (re-votes, run-offs, not held)")
                .to_string(),
        }
    }

    /// What the plan asks of a target: `3–7`, `≥ 1`, `0`, `—`, or 应挑尽挑.
    pub fn goal(self, g: Goal) -> String {
        match g {
            Goal::Range { lo, hi } => format!("{lo}–{hi}"),
            Goal::AtLeastOne => "≥ 1".to_string(),
            Goal::Zero => "0".to_string(),
            Goal::Nothing => "—".to_string(),
            Goal::WhereverPossible => self.say(VillageWord::WhereverPossible).to_string(),
        }
    }

    /// Where a target comes from, in words.
    pub fn source(self, s: Source) -> &'static str {
        match s {
            Source::PlanSize => self.t(
                "乡镇方案（三）：3–7 人，规模较大或合并的村增加 1–2 人",
                "township plan §3: 3–7, 1–2 more in a large or merged village",
            ),
            Source::PlanSizeAndRules => self.t(
                "乡镇方案（三）：3–7 人，规模较大或合并的村增加 1–2 人；选举规则",
                "township plan §3: 3–7, 1–2 more in a large or merged village; rules.md",
            ),
            Source::RulesSupervisionSize => self.t("选举规则：3–5 人", "rules.md: 3–5"),
            Source::PlanWomen => {
                self.t("乡镇方案（三）妇女委员专职专选；选举规则", "township plan §3: a seat for a woman; rules.md")
            }
            Source::PlanGraduate => {
                self.t("乡镇方案（三）村村都有大学生", "township plan §3: a university graduate in every village")
            }
            Source::PlanYoung => self.t(
                "乡镇方案（三）村村都有35周岁以下年轻干部",
                "township plan §3: someone aged 35 or under in every village",
            ),
            Source::PlanMinority => self.t(
                "乡镇方案（三）优化少数民族村村级班子配备",
                "township plan §3: minority members in a minority village",
            ),
            Source::PlanYijiantiao => self.t(
                "乡镇方案（一）全面推行“一肩挑”",
                "township plan §1: one person secretary, chair and cooperative head",
            ),
            Source::PlanCrossAppointment => {
                self.t("乡镇方案（一）、（三）交叉任职", "township plan §1, §3: people on both committees")
            }
            Source::PlanAge => self.t("乡镇方案（三）改善年龄结构", "township plan §3: a younger age structure"),
            Source::KinshipRules => {
                self.t("ZJE31；ZJI30；ZJC25；ZJE22；乡镇方案（二）", "ZJE31; ZJI30; ZJC25; ZJE22; township plan §2")
            }
            Source::PendingRules => self.t("选举办法 ZJE28–30", "ZJE28–30"),
        }
    }

    /// How a rule is named to people: its code, or for the township plan's, what it keeps apart.
    pub fn rule(self, r: Rule) -> &'static str {
        match r {
            Rule::Zje31 | Rule::Zji30 | Rule::Zjc25 => r.as_str(),
            Rule::PlanYijiantiao => self.say(VillageWord::HolderWiderCircle),
        }
    }

    /// What the committee should do about a conflict of this case.
    pub fn recommendation(self, g: Ground) -> &'static str {
        match g {
            Ground::CloseRelatives => self.t(
                "二人不得同时任职：职务高者留任，另一人的职位由得票过线的下一人递补或另行选举",
                "they may not serve together: the one in the higher post stays; the other's seat goes to the next over the bar or to a new vote",
            ),
            Ground::HolderWiderCircle => self.t(
                "“一肩挑”人选应与其祖父母、外祖父母、孙子女、外孙子女实行任职回避：亲属不任职",
                "the holder of secretary, chair and cooperative head may not serve with grandparents or grandchildren: the relative stands down",
            ),
            Ground::CommitteeMemberSupervises => self.t(
                "村民委员会成员不得担任村务监督委员会成员：由村民代表会议另行选举",
                "a villagers' committee member may not sit on the supervision committee: the representative assembly elects another supervision member",
            ),
            Ground::CommitteeRelativeSupervises => self.t(
                "村民委员会成员的近亲属不得担任村务监督委员会成员：由村民代表会议另行选举",
                "a villagers' committee member's close relative may not sit on the supervision committee: the representative assembly elects another supervision member",
            ),
            Ground::OfficeHolderSupervises => self.t(
                "村文书、村报账员（会计）不得担任村务监督委员会成员：由村民代表会议另行选举，或其不再担任该职务",
                "the village clerk or bookkeeper may not sit on the supervision committee: the representative assembly elects another supervision member, or they leave the office",
            ),
            Ground::BothCoopBoards => self.t(
                "同一人不得同时担任社管会和社监会成员：保留其一，另一会另行选举",
                "nobody sits on both cooperative boards: they keep one seat and the other board elects another",
            ),
        }
    }

    /// What the committee should do about a counting-team member who is a candidate or a
    /// candidate's close relative [ZJE22].
    pub fn staff_recommendation(self) -> &'static str {
        self.t(
            "候选人及其配偶、父母、子女、兄弟姐妹不得担任唱票、计票、监票人员：由村民选举委员会在开箱计票前另行确定",
            "a candidate and a candidate's spouse, parents, children and siblings may not count the ballots: the election committee names another caller, tallier or monitor before the box is counted",
        )
    }

    /// What is still to be held.
    pub fn pending_kind(self, k: PendingKind) -> &'static str {
        match k {
            PendingKind::Revote => self.round(Round::Revote),
            PendingKind::Runoff => self.round(Round::Runoff),
            PendingKind::Void => self.t("选举无效，须重新选举", "void: to be held again"),
            PendingKind::NotHeld => self.t("尚未选举（未提供结果）", "not held (no outcome given)"),
        }
    }
}

/// A target's source as the JSON and the CSV cite it — codes and the plan's own words, the same
/// for both languages, as they always have.
pub fn citation(s: Source) -> &'static str {
    match s {
        Source::PlanSize => "plan (三): 3–7, +1–2 large/merged",
        Source::PlanSizeAndRules => "plan (三): 3–7, +1–2 large/merged; rules.md",
        Source::RulesSupervisionSize => "rules.md: 3–5",
        Source::PlanWomen => "plan (三) 妇女委员专职专选; rules.md",
        Source::PlanGraduate => "plan (三) 村村都有大学生",
        Source::PlanYoung => "plan (三) 村村都有35周岁以下年轻干部",
        Source::PlanMinority => "plan (三) 优化少数民族村村级班子配备",
        Source::PlanYijiantiao => "plan (一) 全面推行“一肩挑”",
        Source::PlanCrossAppointment => "plan (一)、(三) 交叉任职",
        Source::PlanAge => "plan (三) 改善年龄结构",
        Source::KinshipRules => "ZJE31; ZJI30; ZJC25; ZJE22; plan (二)",
        Source::PendingRules => "ZJE28–30",
    }
}
