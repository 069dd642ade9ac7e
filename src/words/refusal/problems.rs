//! The sentences of what is wrong at a place in a file — a manifest, a register, a box file, a
//! ballot line — and of what an outcome read from a file gets wrong: Chinese and English side by
//! side, one arm a problem. The English is the sentence Zheng has always printed.

use super::Said;
use crate::error::outcome::{ManifestPart, Total};
use crate::error::{HeaderFault, KeyFault, Listed, NameError, OutcomeProblem, Problem};
use crate::words::Lang;

/// How an id or name of the file is quoted: as the file writes it, in quotes.
fn q(s: &str) -> String {
    format!("{s:?}")
}

// Long: the catalogue of problems, one arm a problem with its two sentences side by side; clearer
// whole than split, and one exhaustive match gives every new problem its words.
/// What a problem says.
pub(super) fn said(p: &Problem) -> Said {
    use Problem::*;
    const ITEM_ID_ZH: &str = "1–64 个字符，只能是 A–Z、a–z、0–9、“_”、“.”、“-”";
    const ITEM_ID_EN: &str = "1–64 characters of A–Z, a–z, 0–9, '_', '.', '-'";
    match p {
        Syntax { detail } => Said::new(format!("格式错误（解析器原文：{detail}）"), detail.clone()),
        NotUtf8 => Said::new("不是 UTF-8 文本", "not UTF-8"),
        AtLeastOne => Said::new("至少应为 1", "must be at least 1"),
        TooMany { what, given, max } => too_many(*what, *given, *max),
        Name(e) => name_said(e),
        Born { year } => {
            Said::new(format!("{year} 不是合理的出生年份"), format!("{year} is not a plausible year of birth"))
        }
        ItemId => Said::new(format!("应为 {ITEM_ID_ZH}"), format!("must be {ITEM_ID_EN}")),
        RegisterId => {
            Said::new(format!("应为村民名册的编号：{ITEM_ID_ZH}"), format!("must be a register id: {ITEM_ID_EN}"))
        }
        UnknownFormat { format } => Said::new(
            format!("格式 {format} 无法识别；本程序读取格式 1"),
            format!("format {format} is not known; this Zheng reads format 1"),
        ),
        ElectionId { id } => Said::new(
            format!("{} 应为 1–64 个字符，只能是 a–z、0–9 和“-”", q(id)),
            format!("{} must be 1–64 characters of a–z, 0–9 and '-'", q(id)),
        ),
        Date { date } => Said::new(
            format!("{} 不是 YYYY-MM-DD 形式的日期", q(date)),
            format!("{} is not a date of the form YYYY-MM-DD", q(date)),
        ),
        ProfileNotForBody { profile, body, expected } => Said::new(
            format!("规则 {} 不适用于 {}；应使用 {}", q(profile), q(body), q(expected)),
            format!("profile {} is not for body {}; use {}", q(profile), q(body), q(expected)),
        ),
        UnknownProfile { profile, known } => Said::new(
            format!("没有规则 {}；现有：{}", q(profile), known.join("、")),
            format!("unknown rules profile {}; known: {}", q(profile), known.join(", ")),
        ),
        QuorumBase => Said::new(
            "参加投票人数要求只能以登记选民（\"registered\"）为基数",
            "the quorum is a share of \"registered\"",
        ),
        NoContest => Said::new("选举清单没有列出任何职位（[[contest]]）", "the manifest lists no [[contest]]"),
        PostId => Said::new(
            format!("应为 {ITEM_ID_ZH}，且不能是 \"spoiled\""),
            format!("must be {ITEM_ID_EN} and not \"spoiled\""),
        ),
        DuplicatePost { also } => Said::new(
            format!("职位编号重复，与 contest[{also}] 相同"),
            format!("duplicate post id, also contest[{also}]"),
        ),
        ApproveNeedsCandidates => {
            Said::new("等额（赞成/不赞成）职位须列出候选人", "an approve-style post needs listed candidates")
        }
        NeedsWriteIn => {
            Said::new("没有列出候选人的职位必须允许另选他人", "a post with no listed candidates must allow write-ins")
        }
        ListedTwiceInPost => Said::new("在本职位中列出两次", "listed twice in this post"),
        WomenOnly => Said::new(
            "妇女专职职位只能列女性候选人（gender = \"F\"）",
            "a women-only post lists only women (gender = \"F\")",
        ),
        NoStation => {
            Said::new("选举清单没有列出任何票箱（[[station]]）", "the manifest lists no [[station]] (ballot box)")
        }
        RegisteredForSome => {
            Said::new("登记选民数要么每个票箱都给，要么都不给", "give registered voters for every station or for none")
        }
        RegisteredSum { registered, sum } => Said::new(
            format!("登记选民 {registered} 人，但各票箱登记选民合计 {sum} 人"),
            format!("{registered} registered, but the stations' registered voters add up to {sum}"),
        ),
        DuplicateStation { also } => Said::new(
            format!("票箱编号重复，与 station[{also}] 相同"),
            format!("duplicate station id, also station[{also}]"),
        ),
        Key(fault) => key_fault_said(*fault),
        SameKey { also } => Said::new(
            format!("与 station[{also}] 的密钥相同：一个密钥只为一个票箱签名，或由同一持有人为两者签名"),
            format!("the same key as station[{also}]: one key signs for one station, or one key holder signs for both"),
        ),
        MonitorTwice => Said::new(
            "列出两次（每位监票人和票箱各用自己的密钥签名）",
            "listed twice (each monitor and the station sign with their own key)",
        ),
        MonitorsRequired { required, listed } => Said::new(
            format!("要求 {required} 位监票人签名，但只列出 {listed} 位"),
            format!("{required} required but {listed} monitors listed"),
        ),
        StaffTwice => Said::new(
            "列出两次：一人在计票小组中只担任一个角色",
            "listed twice: one person, one role in a counting team",
        ),
        IdTwoNames { id, name } => Said::new(
            format!("编号 {} 在别处的姓名是 {}：一个编号只代表一个人", q(id), q(name)),
            format!("id {} is listed elsewhere as {}: one id, one person", q(id), q(name)),
        ),
        NameShared { name, other } => Said::new(
            format!(
                "{} 与候选人 {} 同名：列出的两人不能同名（另选时无法区分）；请加以区别，如在其中一人姓名后加标记：{name}(大)",
                q(name),
                q(other)
            ),
            format!(
                "{} is also candidate {}: two listed people may not share a name (write-ins could not be told apart); distinguish them, e.g. by a mark after one name: {name}(2)",
                q(name),
                q(other)
            ),
        ),
        OtherRegisterPerson { before } => Said::new(
            format!("该候选人在别处对应村民名册中的 {}", q(before)),
            format!("this candidate is register person {} elsewhere", q(before)),
        ),
        RegisterPersonTaken { person, other } => Said::new(
            format!("村民名册中的 {} 已对应候选人 {}", q(person), q(other)),
            format!("register person {} is also candidate {}", q(person), q(other)),
        ),
        VillageEmpty => Said::new("村名是空的", "the village's name is empty"),
        PersonTwice => Said::new("列出两次：一个编号只代表一个人", "listed twice: one id is one person"),
        RelatedToThemselves { id } => {
            Said::new(format!("{} 与自己有亲属关系", q(id)), format!("{} is related to themselves", q(id)))
        }
        AlreadyRelated { a, b, kind } => Said::new(
            format!("{} 与 {} 已有亲属关系（{kind}）：两人之间只记一种关系", q(a), q(b)),
            format!("{} and {} are related already ({kind}): a pair has one relation", q(a), q(b)),
        ),
        TwoParents { id } => Said::new(
            format!("村民名册中 {} 已有两位父母", q(id)),
            format!("{} has two parents in the register already", q(id)),
        ),
        OwnAncestor { id } => {
            Said::new(format!("{} 将成为自己的长辈", q(id)), format!("{} would be their own ancestor", q(id)))
        }
        NotInRegister { id } => {
            Said::new(format!("村民名册中没有 {}", q(id)), format!("{} is not in the register", q(id)))
        }
        OtherVillage { register, election } => Said::new(
            format!("村民名册是 {} 的，选举是 {} 的", q(register), q(election)),
            format!("the register is of {}, the election of {}", q(register), q(election)),
        ),
        OtherName { id, register, candidate } => Said::new(
            format!("{} 在村民名册中是 {}，候选人却是 {}：一人只有一个姓名", q(id), q(register), q(candidate)),
            format!(
                "{} is {} in the register but the candidate is {}: one person, one name",
                q(id),
                q(register),
                q(candidate)
            ),
        ),
        LineTooLong { max } => Said::new(format!("行长超过 {max} 字节"), format!("line longer than {max} bytes")),
        EmptyFile => Said::new("空文件：没有首行", "empty file: no header line"),
        EmptyLine => Said::new(
            "空行：首行之后每一行都是一张选票（空白票写作 {}）",
            "empty line: every line after the header is a ballot (a blank ballot is {})",
        ),
        Header(fault) => {
            let f = header_said(fault);
            Said::new(
                format!("首行：{}（应为 {{\"station\":\"ID\",\"voters\":N}}）", f.zh),
                format!("header: {} (expected {{\"station\":\"ID\",\"voters\":N}})", f.en),
            )
        }
        VotersAboveRegistered { voters, registered } => Said::new(
            format!(
                "一个票箱有 {voters} 人投票，而全部登记选民只有 {registered} 人：是否写错？（ZJE27 以登记选民计算）"
            ),
            format!(
                "{voters} voters at one box, but the whole election registers {registered}: a typo? (ZJE27 counts the vote against the register)"
            ),
        ),
        UnknownStation { station } => {
            Said::new(format!("选举清单中没有票箱 {station}"), format!("station {station:?} is not in the manifest"))
        }
        Json { detail, column: Some(c) } => {
            Said::new(format!("JSON 格式错误（第 {c} 列；解析器原文：{detail}）"), format!("{detail} (column {c})"))
        }
        Json { detail, column: None } => Said::new(format!("JSON 格式错误（解析器原文：{detail}）"), detail.clone()),
        GivenTwice => Said::new("一张选票中出现两次", "given twice in one ballot"),
        NotABool => Said::new("应为 true 或 false", "must be true or false"),
        NotAString => {
            Said::new("应为字符串：候选人编号或 \"w:姓名\"", "must be a string: a candidate id or \"w:NAME\"")
        }
        NotAListOfStrings => Said::new("应为字符串列表", "must be a list of strings"),
        NotAList => {
            Said::new("应为列表：候选人编号和 \"w:姓名\"", "must be a list of candidate ids and \"w:NAME\" write-ins")
        }
        NotAnApproveObject => Said::new(
            "应为含 \"for\"、\"against\"、\"write_in\" 三个列表的对象",
            "must be an object with \"for\", \"against\" and \"write_in\" lists",
        ),
        NotABallotObject => Said::new(
            "不是选票：一张选票是以职位编号为键的 JSON 对象",
            "not a ballot: a ballot is a JSON object of posts",
        ),
        UnknownPost => {
            Said::new("没有这个职位（不是选举清单中的职位编号）", "unknown post (not a contest id of the manifest)")
        }
        UnknownApproveKey => Said::new(
            "无法识别；等额职位只有 \"for\"、\"against\"、\"write_in\"",
            "unknown key; an approve post has \"for\", \"against\", \"write_in\"",
        ),
        SpoiledWithPosts => Said::new("判为废票的选票不应再有职位", "a ballot ruled spoiled carries no posts"),
        NoWriteIns { post } => Said::new(
            format!("职位 {} 不允许另选他人", q(post)),
            format!("post {} allows no written-in names", q(post)),
        ),
        WrittenIn(e) => {
            let e = name_said(e);
            Said::new(format!("另选的姓名：{}", e.zh), format!("written-in name: {}", e.en))
        }
        WrittenInNotUtf8 => Said::new("另选的姓名：不是 UTF-8 文本", "written-in name: not UTF-8"),
        UnknownCandidate { candidate, post } => Said::new(
            format!("职位 {} 中没有候选人 {}", q(post), q(candidate)),
            format!("unknown candidate {} in post {}", q(candidate), q(post)),
        ),
    }
}

/// More entries than Zheng reads.
fn too_many(what: Listed, given: usize, max: usize) -> Said {
    match what {
        Listed::Posts => Said::new(format!("职位超过 {max} 个"), format!("more than {max} posts")),
        Listed::Seats => Said::new(format!("应选名额超过 {max} 名"), format!("more than {max} seats")),
        Listed::Candidates => Said::new(
            format!("列出候选人 {given} 名；至多 {max} 名"),
            format!("{given} listed candidates; at most {max}"),
        ),
        Listed::Stations => Said::new(format!("票箱超过 {max} 个"), format!("more than {max} stations")),
        Listed::Staff => Said::new(format!("超过 {max} 人"), format!("more than {max} people")),
        Listed::People => Said::new(
            format!("{given} 人：村民名册至多列 {max} 人"),
            format!("{given} people: a register lists at most {max}"),
        ),
    }
}

/// A refused name.
fn name_said(e: &NameError) -> Said {
    let en = match e {
        NameError::Empty => "the name is empty".to_string(),
        NameError::TooLong => {
            format!("the name is longer than {} characters", crate::vote::name::MAX_NAME_CHARS)
        }
        NameError::Control => "the name contains a control character".to_string(),
        NameError::Invisible(u) => format!(
            "the name contains an invisible or text-reordering character U+{u:04X}; a name is written as it is seen"
        ),
    };
    Said::new(Lang::Zh.name_error(e), en)
}

/// A public key that cannot be used.
pub(super) fn key_fault_said(k: KeyFault) -> Said {
    match k {
        KeyFault::Syntax => Said::new("公钥应为 64 个十六进制字符", "a public key is 64 hex characters"),
        KeyFault::NotAPoint => Said::new("不是有效的 Ed25519 公钥", "not a valid Ed25519 public key"),
        KeyFault::Weak => Said::new("弱密钥（小阶点），拒收", "a weak (small-order) key, refused"),
        KeyFault::NotLowerCase => Said::new(
            "公钥请用小写十六进制书写，与 zheng keygen 打印的一致",
            "write keys in lower-case hex, as `zheng keygen` prints them",
        ),
    }
}

/// What is wrong with a box file's header.
fn header_said(f: &HeaderFault) -> Said {
    match f {
        HeaderFault::NotAnObject { detail } => {
            Said::new(format!("不是 JSON 对象（解析器原文：{detail}）"), detail.clone())
        }
        HeaderFault::UnknownField => Said::new("无法识别的字段", "unknown field"),
        HeaderFault::GivenTwice => Said::new(
            "出现两次（首行只写一次票箱和投票人数）",
            "given twice (a header names its station and voters once)",
        ),
        HeaderFault::NotAString => Said::new("应为字符串", "must be a string"),
        HeaderFault::Missing => Said::new("缺少", "missing"),
        HeaderFault::NotWholeNumberOfPeople { number } => {
            Said::new(format!("{number} 不是整数人数"), format!("{number} is not a whole number of people"))
        }
        HeaderFault::NotANumber => Said::new("应为整数", "must be a whole number"),
    }
}

/// What an outcome read from a file gets wrong.
pub(super) fn outcome_said(p: &OutcomeProblem) -> Said {
    use OutcomeProblem::*;
    const NOT_ADD_ZH: &str = "选票数不等于有效票与无效票之和，或无效票数不等于各原因之和";
    const NOT_ADD_EN: &str =
        "ballots are not its valid and invalid ballots, or its invalid ballots not the sum of their reasons";
    match p {
        BallotsDoNotAdd { station: None } => {
            Said::new(format!("全体：{NOT_ADD_ZH}"), format!("the vote's {NOT_ADD_EN}"))
        }
        BallotsDoNotAdd { station: Some(s) } => {
            Said::new(format!("票箱 {}：{NOT_ADD_ZH}", q(s)), format!("box {}: its {NOT_ADD_EN}", q(s)))
        }
        BoxesDoNotAdd { total } => {
            let t = total_said(*total);
            Said::new(
                format!("各票箱的{}之和不等于全体的", t.zh),
                format!("the boxes' {} do not add up to the vote's", t.en),
            )
        }
        StationTwice { station } => {
            Said::new(format!("票箱 {} 列出两次", q(station)), format!("box {} is listed twice", q(station)))
        }
        Standing { station: None } => Said::new(
            "选举是否有效（状态、无效原因、参加投票人数要求）与其数字不符",
            "whether the vote stands (status, void reasons, quorum) is not what its numbers give",
        ),
        Standing { station: Some(s) } => Said::new(
            format!("票箱 {}：其标记与其数字不符", q(s)),
            format!("box {}: its flags are not what its numbers give", q(s)),
        ),
        PostTwice { post } => {
            Said::new(format!("职位 {} 列出两次", q(post)), format!("post {} is listed twice", q(post)))
        }
        Bar { post } => Said::new(
            format!("职位 {}：当选票数线不是规则所定的最少票数，或与全体的票数线不同", q(post)),
            format!("post {}: the bar is not its rule's least number of votes, or not the vote's one bar", q(post)),
        ),
        Counts { post } => Said::new(
            format!("职位 {}：票数或标记多于其选票所载", q(post)),
            format!("post {}: more votes or marks than its ballots carry", q(post)),
        ),
        Lines { post } => Said::new(
            format!("职位 {}：得票人没有按票数排列，或有人列出两次", q(post)),
            format!("post {}: its people are not sorted by votes, or one is listed twice", q(post)),
        ),
        Decision { post } => Said::new(
            format!("职位 {}：当选或建议人选与法规依其票数所定不符 [ZJE28–31]", q(post)),
            format!(
                "post {}: who is elected or proposed is not what the law decides from its votes [ZJE28–31]",
                q(post)
            ),
        ),
        NotOfManifest { part } => {
            let part = part_said(part);
            Said::new(
                format!("不是所给选举清单的结果：{}不同", part.zh),
                format!("not an outcome of the manifest given: {} differ", part.en),
            )
        }
    }
}

/// A total an outcome states.
fn total_said(t: Total) -> Said {
    match t {
        Total::Voters => Said::new("投票人数", "voters"),
        Total::Ballots => Said::new("选票数", "ballots"),
        Total::ValidBallots => Said::new("有效票数", "valid ballots"),
        Total::InvalidReasons => Said::new("各原因的无效票数", "invalid ballots by reason"),
    }
}

/// A part of the manifest an outcome is not of.
fn part_said(p: &ManifestPart) -> Said {
    match p {
        ManifestPart::Election => Said::new("选举编号", "the election ids"),
        ManifestPart::Round => Said::new("轮次", "the rounds"),
        ManifestPart::Body => Said::new("所选组织", "the bodies"),
        ManifestPart::Registered => Said::new("登记选民数", "the registered voters"),
        ManifestPart::Rules => Said::new("规则", "the rules"),
        ManifestPart::Heading => Said::new("标题、村、乡镇或日期", "the title, village, township or date"),
        ManifestPart::Posts => Said::new("职位", "the posts"),
        ManifestPart::Post(p) => Said::new(
            format!("职位 {} 的名额、方式、职务或妇女专职", q(p)),
            format!("post {}'s seats, style, office or women-only flag", q(p)),
        ),
        ManifestPart::Candidates(p) => Said::new(format!("职位 {} 的候选人", q(p)), format!("post {}'s people", q(p))),
        ManifestPart::Station(s) => Said::new(
            format!("票箱 {} 的位置、名称、类型或标记", q(s)),
            format!("box {}'s place, name, kind or flags", q(s)),
        ),
        ManifestPart::Bars => Said::new("当选票数线", "the bars"),
        ManifestPart::Notes => Said::new("说明", "the notes"),
    }
}
