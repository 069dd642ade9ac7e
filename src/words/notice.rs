//! The printable public-counting report's words (公告): the announcement, the boxes, each post's
//! table and chart, the verification block, and the line that says where the report was written.
//! The result and kinship lines are the sheet's ([`super::sheet`]).

phrases! {
    /// The printed report's fixed phrases.
    pub enum NoticeWord {
        PageTitle => "公开计票结果公告", "public counting report";
        Heading => "公开计票结果公告", "Public counting report";
        Provisional => "临时结果：尚有票箱未收齐，不作为正式结果。", "PROVISIONAL: boxes are still missing; this is not the result.";
        TheVote => "投票情况", "The vote";
        WhoIsElected => "选举结果", "Who is elected";
        SeatsFull => "过票数线，名额已满", "over the bar, seats filled";
        SignHere => "签名（打印后手写）", "Signatures (by hand, once printed)";
        Caller => "唱票人", "Caller";
        Tallier => "计票人", "Tallier";
        Monitors => "监票人", "Monitors";
        CommitteeSeal => "村民选举委员会（盖章）", "Village election committee (seal)";
        SignedOn => "日期", "Date";
        RegisteredVoters => "登记选民", "registered voters";
        ValidBallots => "有效票", "valid ballots";
        InvalidBallots => "无效票", "invalid ballots";
        WhyInvalid => "无效票原因", "why invalid";
        BallotBoxes => "各票箱", "Ballot boxes";
        Flags => "提示", "flags";
        TheCount => "计票", "the count";
        Name => "姓名", "name";
        Strokes => "正字计票", "tally in 正";
        Votes => "得票", "votes";
        Result => "结果", "result";
        Bar => "当选线", "bar";
        ChartKey => "实心：当选；虚线：当选所需票数。", "Filled: elected; dashed line: votes needed to win.";
        HowToVerify => "核验信息", "How to verify this count";
        SignedResults => "各票箱签名结果", "Each box's signed result";
        ResultHash => "结果哈希 (SHA-256)", "result hash (SHA-256)";
        MerkleRoot => "选票默克尔根", "ballots' Merkle root";
        Fingerprints => "签名密钥指纹", "signers' key fingerprints";
        BundleDigest => "数据包摘要 (SHA-256)：", "Bundle digest (SHA-256): ";
        AnyoneCanCheck => "任何人都可以用下面的命令重新核验全部签名并重新计票：", "Anyone can re-check every signature and recount every number with:";
        Rules => "规则", "Rules";
    }
}

sentences! {
    /// The printed report's sentences.
    pub enum NoticeSays {
        Seats { n } => "应选 {n} 名", "Seats {n}";
        MadeFrom { election } => "本公告由 Zheng（正）根据 {election} 生成。", "Made by Zheng (正) from {election} .";
        Written { path, bytes } =>
            "{path}：公告已写入（{bytes} 字节）；请用浏览器打开，在 A4 纸上打印",
            "{path}: report written ({bytes} bytes); open it in a browser, print on A4";
    }
}
