//! The tallier's entry screen: how to type a ballot, the columns of the running tally, the ballot
//! echoed in names, what was saved or voided, the counts in the header and the warning when the
//! ballots pass the voters, why what was typed is refused, where the law will void a ballot, the
//! questions asked before saving a ballot the law voids, undoing, spoiling or quitting, a terminal
//! too small, and the line printed when the screen closes. The screen maps its own state to these
//! keys.

use crate::vote::ballot::InvalidReason;
use crate::vote::name::{MAX_NAME_CHARS, NameError};

use super::Lang;
use super::vote::Word;

phrases! {
    /// The entry screen's fixed phrases.
    pub enum EntryWord {
        Help =>
            "编号之间空格，姓名之间用，或、分开；回车下一职位，最后一个职位回车保存。",
            "Numbers (space between), names (\",\" or \"、\" between); Enter: next post / save.";
        NotSaved => "不是有效录入，未保存", "not saved";
        TooLongBallot => "本张选票录入的内容太长，未保存", "this ballot is too long: not saved";
        Cancelled => "已取消。", "cancelled.";
        QuitUnsaved => "本张选票尚未保存，仍要退出？(y/n)", "This ballot is not saved yet: quit anyway? (y/n)";
        NothingToUndo => "没有可撤销的选票。", "nothing to undo.";
        SpoiledAsk => "记为无法辨认的废票？(y/n)", "Record a spoiled ballot? (y/n)";
        SpoiledBallot => "废票（无法辨认）", "spoiled ballot";
        Cleared => "本张选票已清空。", "ballot cleared.";
        WriteIn => "另选", "write-in";
        Candidate => "候选人", "candidate";
        ThisBallot => " 本张选票 ", " This ballot ";
        Keys =>
            "回车 下一项/保存  Tab↑↓ 切换  Esc 清空  ^Z 撤销  ^X 废票  ^C 退出",
            "Enter next/save · Tab ↑↓ move · Esc clear · ^Z undo · ^X spoiled · ^C quit";
        NoWriteIn => "本职位不能另选他人", "this post takes no written-in names";
        Terminal => "终端", "the terminal";
    }
}

sentences! {
    /// The entry screen's sentences.
    pub enum EntrySays {
        Saved { n } => "第 {n} 张选票已保存。", "ok {n}: ballot saved.";
        SavedInvalid { n, reason } =>
            "第 {n} 张选票已保存，为无效票（{reason}）。",
            "ok {n}: ballot saved, an invalid ballot ({reason}).";
        Undone { n } => "第 {n} 张选票已撤销（更正记录已保存）。", "ballot {n} voided (a correction entry was saved).";
        UndoAsk { n } => "撤销上面这张第 {n} 张选票？(y/n)", "Undo ballot {n}, shown above? (y/n)";
        UndoTitle { n } => " 将撤销：第 {n} 张选票 ", " To be voided: ballot {n} ";
        Entered { live, voters } => "已录入 {live} 张 / 投票 {voters} 人", "{live} ballots entered / {voters} voters";
        Counted { live, entered, voided, voters } =>
            "已计 {live} 张（录入 {entered} 张，撤销 {voided} 张）/ 投票 {voters} 人",
            "{live} ballots counted ({entered} entered, {voided} voided) / {voters} voters";
        OverVoters { live, voters } =>
            "⚠ 选票多于本箱投票人数：计入 {live} 张，投票 {voters} 人，请核对",
            "⚠ more ballots than this box's voters: {live} counted, {voters} voters — check";
        NoSuchNumber { n } => "没有这个编号 {n}", "no candidate number {n}";
        NotAName { typed } => "“{typed}” 既不是候选人编号，也不是姓名", "\"{typed}\" is neither a candidate number nor a name";
        NotABallot { field } => "未保存：{field} 不是本次选举的选票内容", "not saved: {field} is not a ballot of this election";
        ChooseHint { seats } =>
            "应选 {seats} 名：编号用空格隔开（1 3），另选的姓名用，或、隔开",
            "{seats} seat(s): numbers with spaces (1 3); names with \",\" or \"、\" between";
        ChooseListedHint { seats } =>
            "应选 {seats} 名：编号用空格隔开（1 3），本职位不能另选",
            "{seats} seat(s): numbers with spaces (1 3); no written-in names";
        ApproveHint { seats } =>
            "应选 {seats} 名：编号为赞成，-编号为不赞成（1 -3），另选的姓名用，或、隔开",
            "{seats} seat(s): N for, -N against (1 -3); names with \",\" or \"、\" between";
        ApproveListedHint { seats } =>
            "应选 {seats} 名：编号为赞成，-编号为不赞成（1 -3），本职位不能另选",
            "{seats} seat(s): N for, -N against (1 -3); no written-in names";
        VoidAsk { faults } => "本票将作无效（{faults}），确认？(y/n)", "This ballot will be invalid ({faults}): save it? (y/n)";
        PartVoidAsk { faults } =>
            "本票部分职位将作无效（{faults}），确认？(y/n)",
            "Part of this ballot will count nothing ({faults}): save it? (y/n)";
        VoidNote { faults } => "注意：{faults}，本票将作无效", "note: {faults} — this ballot will be invalid";
        PartVoidNote { faults } => "注意：{faults}，这些职位将作无效", "note: {faults} — these posts will count nothing";
        TooSmall { need_w, need_h, w, h } =>
            "终端窗口太小：本屏幕至少需要 {need_w}×{need_h}（列×行），现在只有 {w}×{h}。请放大窗口或调小字号。",
            "The terminal is too small: this screen needs at least {need_w}×{need_h} (columns×rows), and it is {w}×{h}. Enlarge the window or use a smaller font.";
        Closed { path, entered, live } => "{path}：已录入 {entered} 张选票，计入 {live} 张", "{path}: {entered} ballots entered, {live} live";
        TooLong { max } => "姓名超过 {max} 个字", "the name is longer than {max} characters";
        Invisible { code } => "姓名中有看不见或改变文字顺序的字符 {code}", "the name holds an invisible or text-reordering character {code}";
    }
}

impl Lang {
    /// Why a typed name is refused (RULES.md, "Names").
    pub fn name_error(self, e: &NameError) -> String {
        match e {
            NameError::Empty => self.t("姓名是空的", "the name is empty").to_string(),
            NameError::TooLong => self.format(EntrySays::TooLong { max: &MAX_NAME_CHARS }),
            NameError::Control => self.t("姓名中有控制字符", "the name holds a control character").to_string(),
            NameError::Invisible(u) => self.format(EntrySays::Invisible { code: &format!("U+{u:04X}") }),
        }
    }

    /// Where the law finds fault with a ballot: each fault its posts (by office) and its reason —
    /// `副主任多选；主任、委员一人多职` / `副主任: overvote; 主任, 委员: same person in two posts`.
    pub fn faults(self, faults: &[(Vec<&str>, InvalidReason)]) -> String {
        let one = |(offices, r): &(Vec<&str>, InvalidReason)| {
            format!("{}{}{}", offices.join(self.list_sep()), self.t("", ": "), self.reason(*r))
        };
        faults.iter().map(one).collect::<Vec<_>>().join(self.clause_sep())
    }

    /// The marks of an approve post in names: `赞成 甲、乙 / 不赞成 丙 / 另选 丁`; a list left
    /// empty is left out.
    pub fn approve_marks(self, yes: &[String], no: &[String], written: &[String]) -> String {
        let lists =
            [(self.say(Word::For), yes), (self.say(Word::Against), no), (self.say(EntryWord::WriteIn), written)];
        let said: Vec<String> = lists
            .iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(word, names)| format!("{word} {}", names.join(self.list_sep())))
            .collect();
        said.join(" / ")
    }
}
