//! The public-counting sheet's words: its heading, the totals and boxes, each post's seats and
//! result, and the kinship lines — the result and kinship lines are the printed notice's and the
//! township board's too.

phrases! {
    /// The sheet's fixed phrases.
    pub enum SheetWord {
        Title => "公开计票单", "Public counting sheet";
        Rules => "规则", "rules";
        ValidBallots => "有效票", "valid";
        InvalidBallots => "无效票", "invalid";
        Boxes => "票箱", "Ballot boxes";
        BoxVoters => "人投票", "voters";
        BoxBallots => "张选票", "ballots";
        ToWin => "当选", "to win";
        Elected => "当选", "elected";
        Nobody => "无", "nobody";
        VoidResult => "结果：选举无效，不产生当选人", "Result: void; nobody is elected";
    }
}

sentences! {
    /// The sheet's sentences, and a post's result and kinship lines wherever they are shown.
    pub enum SheetSays {
        Seats { n } => "应选 {n} 名", "seats {n}";
        Filled { who } => "结果：当选 {who}", "Result: elected {who}";
        Unfilled { who } => "结果：当选 {who}；仍有名额空缺", "Result: elected {who}; seats remain empty";
        ElectedSoFar { who, sep } => "当选 {who}{sep}", "elected {who}{sep}";
        Revote { done, seats, who } =>
            "结果：{done}票数相等，须就 {seats} 名对 {who} 再次投票",
            "Result: {done}tied: a re-vote for {seats} seat(s) among {who}";
        Runoff { done, seats, who } =>
            "结果：{done}不足名额 {seats} 名另行选举，建议候选人：{who}",
            "Result: {done}a run-off for {seats} seat(s); proposed candidates: {who}";
        Avoided { who, of, rel, article } =>
            "任职回避：{who} 系 {of} 的{rel}，{who} 不任此职，名额由下一位得票过线者递补（{article}）",
            "Kinship avoidance: {who}, {of}'s {rel}, stands down; the seat passes to the next over the bar ({article})";
        KinTie { who, rel, article } =>
            "任职回避：{who} 有{rel}关系且得票相等，须再次投票决定（{article}）",
            "Kinship avoidance: {who} ({rel}) have equal votes: a further vote decides ({article})";
        Unmatched { who } =>
            "⚠ 当选人 {who} 在村民名册中无法确认（无此人或同名者多人），未作亲属回避审查",
            "⚠ {who} cannot be named in the village register (nobody, or several people, of that name): kinship not checked";
    }
}
