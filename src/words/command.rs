//! What a command says on its way out when it writes nothing: a bundle that does not verify, a vote
//! not decided yet.

sentences! {
    /// A command's closing sentences.
    pub enum CommandSays {
        NoExportUnverified { } => "不导出：数据包未通过核验", "no export: the bundle does not verify";
        NoReportUnverified { } => "不生成公告：数据包未通过核验", "no report: the bundle does not verify";
        NoExport { why } => "不导出：{why}", "no export: {why}";
        NotDecidedYet { store, election } => "{store}：{election} 尚未决定：", "{store}: {election} is not decided yet: ";
    }
}
