//! What the commands say that are not a sheet or a page: what a command wrote (a signed result, a
//! countersignature, a manifest's signature, a bundle, the next round's manifest), the rules
//! profiles, where a live page is served, and what a command says on its way out when it writes
//! nothing (a bundle that does not verify, a vote not decided yet).

use crate::vote::fraction::Op;
use crate::vote::rules::{Profile, Scope, Threshold};

use super::Lang;

phrases! {
    /// A command's fixed phrases.
    pub enum CommandWord {
        NoBundle =>
            "不生成数据包：并非每个票箱都恰有一个核验通过的结果",
            "no bundle: not every station has exactly one verified result";
        MostVotesWins => "得票最多者当选", "most votes wins";
        WholeBallot => "整张选票无效", "ballot";
        PostOnly => "仅该职位无效", "post";
        NoMinimum => "不设最少成员数", "no minimum of members";
    }
}

sentences! {
    /// A command's sentences.
    pub enum CommandSays {
        NoExportUnverified { } => "不导出：数据包未通过核验", "no export: the bundle does not verify";
        NoReportUnverified { } => "不生成公告：数据包未通过核验", "no report: the bundle does not verify";
        NoExport { why } => "不导出：{why}", "no export: {why}";
        NotDecidedYet { store, election } => "{store}：{election} 尚未决定：", "{store}: {election} is not decided yet: ";
        Closed { path, station, voters, ballots, valid, invalid, result } =>
            "{path}：票箱 {station} — 投票 {voters} 人，选票 {ballots} 张（有效 {valid} 张，无效 {invalid} 张）；结果 {result}",
            "{path}: station {station} — {voters} voters, {ballots} ballots ({valid} valid, {invalid} invalid); result {result}";
        Published { path, root } => "{path}：已公布的选票，哈希根 {root}", "{path}: published ballots, Merkle root {root}";
        KeptResult { path } =>
            "{path}：此处已有相同的结果：保留原文件及其签名",
            "{path}: the same result was there already: kept, with its signatures";
        Countersigned { path, key, n } =>
            "{path}：监票人 {key} 已签名（共 {n} 个签名）",
            "{path}: countersigned by {key} ({n} signatures)";
        ManifestSigned { path, sha, key } =>
            "{path}：选举清单 {sha} 已由 {key} 签名",
            "{path}: manifest {sha} signed by {key}";
        BundleWritten { dir } => "数据包已写入 {dir}", "bundle written to {dir}";
        Serving { what, url } => "{what}：网址 {url} （按 Ctrl-C 停止）", "{what}: {url} (Ctrl-C stops it)";
        LiveBoard { journal } => "{journal}：大厅实时看板", "{journal}: live board";
        NextRound { path, round, election } => "{path}：{round}，选举 {election}", "{path}: {round}, election {election}";
        NextRoundPost { post, seats, names } =>
            "  {post}：应选 {seats} 名；建议人选：{names}",
            "  {post}: {seats} seat(s); proposed: {names}";
        Profile { name, about } => "规则 {name}  — {about}", "{name}  — {about}";
        Quorum { bar } => "  参加投票人数要求：{bar}", "  quorum: voters {bar}";
        FirstRound { bar } => "  正式选举当选：{bar}", "  first round: votes {bar}";
        Runoff { bar } => "  另行选举当选：{bar}", "  run-off: votes {bar}";
        Revote { bar } => "  再次投票当选：{bar}", "  re-vote: {bar}";
        Overvote { scope, members } => "  多选时{scope}；{members}", "  overvote voids the {scope}; {members}";
        MinMembers { min } => "成员至少 {min} 名", "minimum members {min}";
        Threshold { op, fraction, base } => "{op}{base}的 {fraction}", "{op} {fraction} of {base}";
    }
}

impl Lang {
    /// What a rules profile is for, and the articles it follows.
    pub fn profile_about(self, p: Profile) -> &'static str {
        match p {
            Profile::VillagersCommittee => self.t("村民委员会：ZJE27–30，OL15", "villagers' committee: ZJE27–30, OL15"),
            Profile::Party => self.t(
                "村党组织委员会和书记、副书记：《中国共产党基层组织选举工作条例》（2020）",
                "Party committee and officers: CPC grassroots election regulation 2020",
            ),
            Profile::Supervision => {
                self.t("村务监督委员会：ZJI23，ZJI30", "village affairs supervision committee: ZJI23, ZJI30")
            }
            Profile::Coop => {
                self.t("经济合作社社管会、社监会：ZJC25，ZJC30", "economic cooperative boards: ZJC25, ZJC30")
            }
        }
    }

    /// A threshold as the rules list states it: `> 1/2 of voters` / `超过参加投票人数的 1/2`.
    pub fn threshold(self, t: Threshold) -> String {
        let op = match (self, t.op) {
            (Lang::Zh, Op::Gt) => "超过",
            (Lang::Zh, Op::Ge) => "不少于",
            (Lang::En, op) => op.symbol(),
        };
        self.format(CommandSays::Threshold { op: &op, fraction: &t.fraction, base: &self.base(t.base) })
    }

    /// What an overvote voids.
    pub fn scope(self, s: Scope) -> &'static str {
        self.say(match s {
            Scope::Ballot => CommandWord::WholeBallot,
            Scope::Post => CommandWord::PostOnly,
        })
    }
}
