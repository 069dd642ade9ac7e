//! The tallier's entry screen: how to type a ballot, what was saved or voided, the counts in the
//! header, why what was typed is refused, the questions asked before undoing, spoiling or quitting,
//! and the line printed when the screen closes. The screen maps its own state to these keys.

use crate::vote::name::{MAX_NAME_CHARS, NameError};

use super::Lang;

phrases! {
    /// The entry screen's fixed phrases.
    pub enum EntryWord {
        Help =>
            "编号之间空格，姓名之间用，或、分开；回车下一职位，最后一个职位回车保存。",
            "Numbers (space between), names (\",\" or \"、\" between); Enter: next post / save.";
        NotSaved => "不是有效录入，未保存", "not saved";
        Cancelled => "已取消。", "cancelled.";
        QuitUnsaved => "本张选票尚未保存，仍要退出？(y/n)", "This ballot is not saved yet: quit anyway? (y/n)";
        NothingToUndo => "没有可撤销的选票。", "nothing to undo.";
        SpoiledAsk => "记为无法辨认的废票？(y/n)", "Record a spoiled ballot? (y/n)";
        Cleared => "本张选票已清空。", "ballot cleared.";
        WriteIn => "另选", "write-in";
        ThisBallot => " 本张选票 ", " This ballot ";
        Keys =>
            "回车 下一项/保存  Tab↑↓ 切换  Esc 清空  ^Z 撤销  ^X 废票  ^C 退出",
            "Enter next/save · Tab ↑↓ move · Esc clear · ^Z undo · ^X spoiled · ^C quit";
        NoWriteIn => "本职位不能另选他人", "this post takes no written-in names";
    }
}

sentences! {
    /// The entry screen's sentences.
    pub enum EntrySays {
        Saved { n } => "第 {n} 张选票已保存。", "ok {n}: ballot saved.";
        Undone { n } => "第 {n} 张选票已撤销（更正记录已保存）。", "ballot {n} voided (a correction entry was saved).";
        UndoAsk { n } => "撤销第 {n} 张选票？(y/n)", "Undo ballot {n}? (y/n)";
        Entered { live, voters } => "已录入 {live} 张 / 投票 {voters} 人", "{live} ballots entered / {voters} voters";
        Counted { live, entered, voided, voters } =>
            "已计 {live} 张（录入 {entered} 张，撤销 {voided} 张）/ 投票 {voters} 人",
            "{live} ballots counted ({entered} entered, {voided} voided) / {voters} voters";
        NoSuchNumber { n } => "没有这个编号 {n}", "no candidate number {n}";
        NotAName { typed } => "“{typed}” 既不是候选人编号，也不是姓名", "\"{typed}\" is neither a candidate number nor a name";
        ChooseHint { seats } => "应选 {seats} 名：输入编号，另选他人直接输入姓名", "{seats} seat(s): numbers; a written-in name by name";
        ApproveHint { seats } =>
            "应选 {seats} 名：编号为赞成，-编号为不赞成，另选输入姓名",
            "{seats} seat(s): N for, -N against, a name to write in";
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
}
