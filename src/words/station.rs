//! The counting table's commands in words: a journal opened, ballots entered and refused, a ballot
//! voided, the voters and a note recorded, the journal's status, a box exported or closed, and two
//! talliers' journals compared. The station maps its own state to these keys.

phrases! {
    /// The counting table's fixed phrases.
    pub enum StationWord {
        Noted => "备注已记录", "noted";
        Open => "未封箱", "open";
        VotersNotYet => "投票人数尚未记录", "voters not recorded yet";
        VotersNotRecorded => "未记录投票人数", "voters not recorded";
        NothingHere => "（此处没有）", "(nothing here)";
        TallierA => "甲", "A";
        TallierB => "乙", "B";
        RestNotRead => "；其后的输入不再读取", "; the rest of the input is not read";
        EmptyLine => "空行（空白票写作 {}）", "empty line (a blank ballot is {})";
    }
}

sentences! {
    /// The counting table's sentences.
    pub enum StationSays {
        Opened { path, station, election } =>
            "{path}：票箱 {station} 的计票日志已建立（选举 {election}）",
            "{path}: journal of station {station} opened ({election})";
        Voided { n, reason } => "第 {n} 张选票已撤销（{reason}）", "voided ballot {n} ({reason})";
        VotersSet { voters } => "投票人数：{voters}", "voters: {voters}";
        Exported { path, ballots, station } =>
            "{path}：票箱 {station} 的 {ballots} 张选票",
            "{path}: {ballots} ballots of station {station}";
        BoxClosed { path, station, ballots, result } =>
            "{path}：票箱 {station} 已封箱 — {ballots} 张选票；结果 {result}",
            "{path}: station {station} closed — {ballots} ballots; result {result}";
        Kept { path, entries, ballots } =>
            "{path}：保留 {entries} 条记录，哈希链已核验；至今 {ballots} 张选票",
            "{path}: {entries} entries kept, hash chain verified; {ballots} ballots so far";
        Stored { path, stored, refused } =>
            "{path}：已保存 {stored} 张选票，拒收 {refused} 行",
            "{path}: {stored} ballots stored, {refused} lines refused";
        Journal { path, election, station } =>
            "计票日志 {path}：选举 {election}，票箱 {station}",
            "journal {path}: election {election}, station {station}";
        Chain { entries, head } =>
            "  {entries} 条记录，哈希链已核验；链头 {head}",
            "  {entries} entries, hash chain verified; head {head}";
        Ballots { entered, voided, live } =>
            "  已录入 {entered} 张，撤销 {voided} 张，计入 {live} 张",
            "  ballots entered {entered}, voided {voided}, live {live}";
        Voters { voters } => "投票人数 {voters}", "voters {voters}";
        MoreBallotsThanVoters { voters } =>
            "投票人数 {voters}  — 选票多于投票人数",
            "voters {voters}  — MORE BALLOTS THAN VOTERS";
        Agree { ballots } => "两份计票日志一致：{ballots} 张选票", "the journals agree: {ballots} ballots";
        TooLong { max } => "行长超过 {max} 字节，计票台不读取", "longer than {max} bytes";
        Differences { n } => "{n} 处不同", "{n} difference(s)";
        Ballot { n, ballot } => "第 {n} 张 {ballot}", "#{n} {ballot}";
    }
}
