//! The words of the audit of the paper (`zheng audit`, docs/AUDIT.md): the plan's summary, the
//! retrieval list the teams take to the boxes, the status, the public audit report and the
//! answers of `audit record`.

phrases! {
    /// The audit's fixed phrases.
    pub enum AuditWord {
        RetrievalTitle => "抽查取票清单", "Ballot retrieval list";
        RetrievalHow => "打开密封票箱，把选票整叠正面朝上放好，从最上面一张数起，第一张为 1 号。按下表位置取出选票，在“纸质选票”栏如实写下选票上的标记（空白票写“空白”，无法辨认的写“无效”），每张看完放回原位。", "Open the sealed box, lay the pile face up, and count from the top: the top ballot is number 1. Pull the ballots at the positions below, write each one's marks exactly as on the paper in the “paper shows” column (“blank” for a blank ballot, “spoiled” if unreadable), and put each back in its place.";
        Station => "票箱", "Station";
        Position => "位置", "Position";
        Ballot => "选票编号", "Ballot";
        Ticket => "抽签号", "Ticket";
        PaperShows => "纸质选票", "Paper shows";
        TeamSigns => "审计组签名：", "Audit team's signatures:";
        Round => "轮次", "Round";
        ReportTitle => "纸质选票风险限度审计报告", "Risk-limiting audit of the paper ballots";
        Seed => "随机种子（当众掷骰）", "Seed (public dice)";
        RiskLimit => "风险限度", "Risk limit";
        Population => "计票的选票总数", "Ballots counted";
        BundleDigest => "结果包摘要", "Bundle digest";
        Assertions => "待审断言", "Assertions";
        Assertion => "断言", "Assertion";
        Article => "依据", "Article";
        ReportedMean => "报告均值", "Reported mean";
        Margin => "差距", "Margin";
        Risk => "风险", "Risk";
        Read => "已读", "Read";
        Confirmed => "已确认", "confirmed";
        NotYet => "未确认", "not yet";
        Drawn => "抽中的选票", "Ballots drawn";
        NotRead => "（未读）", "(not read)";
        Verdict => "结论", "Verdict";
        VerdictConfirmed => "审计确认：每一项决定都在风险限度内得到纸质选票的支持。", "Confirmed: every decision is supported by the paper ballots within the risk limit.";
        VerdictNextRound => "尚未确认：读完本轮抽中的选票，或抽取下一轮。", "Not yet confirmed: read the rest of this round, or draw the next.";
        VerdictHandCount => "须全面人工清点：抽样无法确认，每个票箱都要手工计票，以纸质选票为准。", "Full hand count: sampling cannot confirm; count every box by hand, and the paper decides.";
        WhyTie => "有职位的决定取决于票数相同（如须再次投票），抽样无法确认", "a post's decision rests on equal votes (such as a re-vote), which sampling cannot confirm";
        WhyEscalated => "审计组决定全面清点", "the audit team chose a full hand count";
        WhyPopulation => "抽样已达全部选票仍未确认", "the sample would reach every ballot without confirming";
        DiffersManifest => "审计文件夹中的选举说明不是结果包中的那一份", "the audit folder's manifest is not the bundle's";
        DiffersNoStatus =>
            "没有 status.json：审计从未打印过状态（zheng audit status）",
            "no status.json: the audit never printed a status (zheng audit status)";
        PaperAgrees => "手工计票的结果与签名结果的决定相同。", "The hand count decides the same as the signed outcome.";
        PaperDiffers => "手工计票的结果与签名结果的决定不同：以纸质选票为准。", "The hand count decides differently from the signed outcome: the paper stands.";
        NotByBallots => "本次投票无效，原因是选票本身无法说明的（如到会人数不足）：须核对签到簿，不在抽样审计范围内。", "The vote is void for a reason no ballot shows (such as the quorum): the sign-in sheets decide it, outside this audit.";
        Discrepancies => "手工计票与签名结果的差异", "Differences between hand counts and signed results";
        Signed => "签名结果", "Signed";
        Paper => "纸质", "Paper";
        CannotShow => "审计不能说明的：签到簿上的人数；封箱之前被调换的票箱。", "What an audit cannot show: the numbers on the sign-in sheets; a box swapped before it was sealed.";
        KindBar => "过票数线", "clears the bar";
        KindBeats => "票数多于", "has more votes than";
        KindBelow => "低于票数线", "is below the bar";
        KindBoundary => "另行选举名单边界：多于", "run-off list edge: more votes than";
        Rounds => "各轮抽样", "Rounds";
        SampleSize => "样本量", "Sample size";
        CheckPlan => "审计计划可由结果包、随机种子和风险限度重新得出", "the audit plan recomputes from the bundle, the seed and the risk limit";
        CheckDraw => "每一轮抽中的选票都可由随机种子重新抽出", "every round's draw recomputes from the seed";
        CheckPapers => "录入的每张纸质选票都是抽中的，且写法有效", "every paper ballot recorded was drawn and reads as a ballot";
        CheckStatus => "每项风险和结论都可由录入的纸质选票重新算出", "every risk and the verdict recompute from the paper recorded";
        AuditHolds => "审计核验通过。", "The audit rechecks.";
        AuditFails => "审计核验不通过：与重新计算的结果不同。", "The audit does not recheck: it differs from what was recomputed.";
    }
}

sentences! {
    /// The audit's sentences.
    pub enum AuditSays {
        DiffersLine { file, line, stored, recomputed } =>
            "{file} 第 {line} 行：文件中为 {stored}，复算为 {recomputed}",
            "{file} line {line}: {stored}, recomputed {recomputed}";
        DiffersLines { file, stored, recomputed } =>
            "{file} 有 {stored} 行，复算应有 {recomputed} 行",
            "{file} has {stored} lines, recomputed {recomputed}";
        DiffersSigned { station } =>
            "审计文件夹中票箱 {station} 的签名结果不是结果包中的那一份",
            "the audit folder's signed result of {station} is not the bundle's";
        DiffersRounds { rounds } => "各轮抽样数 {rounds} 没有逐轮增加", "round sizes {rounds} do not grow";
        DiffersSampleSize { stored, size } =>
            "样本应有 {size} 张，存有 {stored} 张",
            "{stored} ballots stored for a sample of {size}";
        DiffersDraw { n, stored, stored_ticket, drawn, drawn_ticket } =>
            "第 {n} 次抽取：存的是 {stored}（抽签号 {stored_ticket}），按种子抽到的是 {drawn}（抽签号 {drawn_ticket}）",
            "draw {n}: {stored} (ticket {stored_ticket}) stored, {drawn} (ticket {drawn_ticket}) drawn";
        DiffersNotDrawn { ballot } => "选票 {ballot} 有记录，但没有被抽中", "ballot {ballot} is recorded but was not drawn";
        Planned { population, assertions, n, out } => "已为 {population} 张选票建立审计：{assertions} 项断言，第 1 轮抽取 {n} 张选票。取票清单在 {out}。", "Audit planned over {population} ballots: {assertions} assertions, round 1 draws {n} ballots. The retrieval list is in {out}.";
        HandCountPosts { posts } => "直接人工清点的职位：{posts}", "Posts sent straight to a hand count: {posts}";
        NextRound { round, n, out } => "第 {round} 轮：样本扩大到 {n} 张选票（此前抽中的都保留）。取票清单在 {out}。", "Round {round}: the sample grows to {n} ballots (every earlier draw kept). The retrieval list is in {out}.";
        StatusLine { round, read, size, recorded } => "第 {round} 轮：样本 {size} 张，按抽签顺序已读 {read} 张（共录入 {recorded} 张）。", "Round {round}: sample of {size}, {read} read in draw order ({recorded} recorded).";
        AssertionLine { id, risk, state } => "  {id}：风险 {risk}，{state}", "  {id}: risk {risk}, {state}";
        NextSize { n } => "下一轮样本量：{n} 张。运行 zheng audit next-round。", "Next round's sample: {n} ballots. Run zheng audit next-round.";
        BoxesLeft { boxes } => "尚待手工清点的票箱：{boxes}。用 zheng audit record --hand-count 票箱 --box 文件 录入。", "Boxes still to count by hand: {boxes}. Record each with zheng audit record --hand-count STATION --box FILE.";
        Discrepancy { station, post, what, paper, signed } => "  票箱 {station} {post} {what}：纸质 {paper}，签名结果 {signed}", "  station {station} {post} {what}: paper {paper}, signed {signed}";
        HandCounted { station } => "票箱 {station} 的手工计票已录入。", "The hand count of station {station} is recorded.";
        Escalated { boxes } => "已决定全面人工清点：{boxes} 个票箱都要手工计票。", "A full hand count is chosen: all {boxes} boxes are to be counted by hand.";
        LineTooLong { max } => "这一行超过 {max} 字节：不是一张选票", "the line is longer than {max} bytes: not a ballot";
        BadLine { why } => "应为 {{\"ballot\": \"票箱:位置\", \"paper\": {{…}}}}：{why}", "expected {{\"ballot\": \"station:position\", \"paper\": {{…}}}}: {why}";
        BadPaper { why } => "纸质选票写法有误：{why}", "the paper ballot is not in the box file's ballot syntax: {why}";
        Recorded { recorded, refused } => "录入 {recorded} 张，拒收 {refused} 行。", "{recorded} recorded, {refused} lines refused.";
        ReportWritten { out } => "审计报告已写入 {out}。", "The audit report is written to {out}.";
        Why { why } => "原因：{why}", "Why: {why}";
        PileCount { n } => "本箱签名结果共计 {n} 张选票：先数清整叠；张数不符时，写下实数并报告。", "The signed result counts {n} ballots in this box: count the pile first; if it differs, write down the real number and report it.";
        RoundSize { round, n } => "第 {round} 轮：{n} 张", "round {round}: {n}";
    }
}
