//! The live boards' words: the hall's projector while a box is counted, and the township's board
//! of every vote as stations report. A board maps its own state (a box reported, missing or in
//! conflict) to these keys.

phrases! {
    /// The boards' fixed phrases.
    pub enum BoardWord {
        Live => "实时更新", "live";
        Offline => "连接中断，正在重连：数字可能不是最新", "connection lost, reconnecting: numbers may be out of date";
        Page => "页", "page";
        WriteIns => "另选", "written in";
        Closed => "已封箱", "closed";
        BallotsCounted => "已计选票", "Ballots counted";
        Entered => "录入", "entered";
        VoidedByCorrection => "，更正撤销", ", voided by correction";
        Called => "唱票", "Called";
        InvalidBallot => "无效票", "invalid ballot";
        TownshipBoard => "乡镇计票汇总", "Township board";
        CollectorLog => "汇总日志", "Collector log";
        Entries => "条目", "entries";
        Root => "根哈希", "root";
        Witnessed => "最新已见证的检查点：", "Newest witnessed checkpoint:";
        CosignedBy => "联署见证方", "cosigned by";
        NotYetWitnessed => "尚无达到法定数的见证", "none with the witnesses' quorum yet";
        BoxesIn => "已报票箱", "Boxes in";
        BoxReported => "已报", "in";
        BoxMissing => "未报", "missing";
        BoxConflict => "结果冲突", "CONFLICT";
        Provisional => "临时数字：票箱未收齐或未核验，不是结果。", "Provisional: not every box is in and verified; this is not the result.";
    }
}

sentences! {
    /// The boards' sentences.
    pub enum BoardSays {
        Seats { n } => "应选 {n}", "seats {n}";
        Correction { n } => "更正：第 {n} 张选票撤销", "Correction: ballot {n} voided";
    }
}
