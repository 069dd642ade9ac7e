//! The words of `zheng verify`: the supervisor's checklist, said to a township official — which
//! check, what it found (where and what, with the numbers), and what to do next.
//!
//! The checklist's values are declared in the book, beside their words (`values`), because the
//! stage that finds them (`audit/`) ranks above it: which check ([`Check`]), what it found
//! ([`Found`]), where two counts first differ ([`Difference`]), what is wrong in a file of
//! published ballots ([`BallotFault`]). `audit/` makes them and returns them; this module says them. Each finding is
//! said plainly ([`Found::said`]: no key, hash, byte offset or algorithm) and, where there is more
//! to say, with its technical detail ([`Found::detail`]: what `--detail` and `--json` show).

#[cfg(test)]
mod tests;
mod values;

pub use values::{BallotFault, Cause, Check, Difference, FileProblem, Found, Role, Side, Station, Total};

use super::Lang;
use super::notice::NoticeWord;
use super::vote::Word;

phrases! {
    /// The checklist's fixed phrases.
    pub enum VerifyWord {
        Pass => "通过", "pass";
        Fail => "不通过", "FAIL";
        NotVerifiable => "无法核验", "NOT VERIFIABLE";
        Skipped => "未核对", "skipped";
        BundleReadable => "数据包可以读取", "the bundle can be read";
        BundleFiles => "数据包中的文件齐全，没有多余的文件", "the bundle holds exactly the expected files";
        Manifest => "选举清单（manifest.toml）格式正确、内容有效", "the manifest is well-formed and valid";
        Rest => "其余各项", "everything else";
        ManifestSignature => "选举清单由乡镇签名", "the township's signature on the manifest";
        EveryStationOnce => "选举清单中的每个票箱都有且只有一份核验通过的结果", "every station of the manifest has exactly one verified result";
        Outcome => "重新计算全村合计和选举结果，与 outcome.json 相同", "village totals and outcome recomputed and equal to outcome.json";
        Sheet => "重新计算计票单，与 sheet.txt 相同", "counting sheet recomputed and equal to sheet.txt";
        RoleManifest => "选举清单", "the election manifest";
        RoleOutcome => "选举结果", "the outcome";
        RoleSheet => "计票单", "the counting sheet";
        RoleResults => "各票箱签名结果的文件夹", "the folder of the stations' signed results";
        RoleBallots => "各票箱公布选票的文件夹", "the folder of the stations' published ballots";
        NoManifest => "没有可据以核对的选举清单", "no manifest to check against";
        SignatureNotGiven => "没有给出乡镇的公钥（--trust），数据包中也没有乡镇的签名：各票箱的公钥是否可信，取决于选举清单从何而来", "no township key was given (--trust) and the bundle holds no township signature: the station keys are only as trustworthy as the manifest's source";
        SignatureNotGivenDetail => "没有所信任的乡镇公钥（--trust），也没有 manifest.sig：票箱公钥只与选举清单的来源一样可信", "no trusted township key given (--trust); the station keys are only as trustworthy as this manifest's source";
        SignatureUntrusted => "数据包中有乡镇的签名，签名本身有效；但没有给出乡镇的公钥（--trust），不能确认签名的是乡镇", "the bundle's township signature is sound in itself, but without the township's key (--trust) it cannot be said to be the township's";
        SignatureAbsent => "给出了乡镇的公钥（--trust），但数据包中没有乡镇的签名文件 manifest.sig", "--trust given, but the bundle has no manifest.sig";
        SignatureTrusted => "乡镇的签名有效，签名的正是所给公钥的乡镇", "the township's signature is valid, under the township key given";
        SignatureBroken => "乡镇的签名文件 manifest.sig 已损坏，或不是签名文件", "the township's signature manifest.sig is damaged, or not a signature";
        SignedByAnotherKey => "签名的不是所给公钥的乡镇，而是另一把密钥", "it is signed with another key than the township key given";
        SignatureTrustedDetail => "manifest.sig 以 Ed25519（verify_strict）在所信任的公钥下核验有效", "verify_strict under the trusted key";
        BallotsMissingBeside => "但该票箱公布的选票缺少", "but its published ballots are missing";
        BallotsNotAFile => "但该票箱公布的选票不是普通文件", "but its published ballots are not a regular file";
        SignatureValid => "签名有效", "the signature is valid";
        NotEveryStation => "并非每个票箱的结果都核验通过，无法重新计算", "not every station's result verified";
        VoteValid => "本次选举有效", "vote valid";
        VoteVoid => "本次选举无效", "vote void";
        Legacy => "（由早期版本的正写出，计票结果相同）", " (written by an earlier Zheng: the same count)";
        FileDiffers => "文件内容与重新计算的不同", "the file differs from the recomputation";
        FaultHeader => "第 1 行（票箱和投票人数）与签名的结果不符", "line 1 (the station and its voters) does not match the signed result";
        FaultTruncated => "文件末尾不完整（缺少最后的换行）", "the file's end is incomplete (no final newline)";
        FaultUnreadable => "文件无法读取", "the file cannot be read";
        FaultChanged => "文件内容不是票箱签名时的内容", "the file is not what the station signed";
        SideFile => "文件", "file";
        SideSigned => "签名结果", "signed";
        SideRecomputed => "复算", "recomputed";
        SideRecounted => "按公布的选票复算", "recounted";
        Nobody => "无人", "nobody";
        MissingResults => "每个票箱核验通过的结果", "a verified result of every station";
        AuditFails => "结论：数据包核验通过，但对纸质选票审计的复核不通过（见上面的 A 项）。不能以这次审计确认选举结果：请把本核验结果交给乡镇，按 A 项重新核对审计文件夹。", "Verdict: the bundle verifies, but the audit of the paper ballots does not recheck (see the A lines above). The audit cannot confirm the outcome: give this checklist to the township, and re-check the audit folder at the A lines.";
    }
}

sentences! {
    /// The checklist's sentences.
    pub enum VerifySays {
        ResultReadable { file } => "票箱结果文件 {file} 可以读取", "{file} can be decoded";
        StationSigned { station } => "票箱 {station} 的结果属于本次选举，由该票箱的密钥签名", "the result of station {station} is of this election, signed with the station's key";
        StationSignedMonitors { station, need, of } =>
            "票箱 {station} 的结果属于本次选举，由该票箱的密钥签名，并有 {of} 名监票人中至少 {need} 名会签",
            "the result of station {station} is of this election, signed with the station's key and countersigned by at least {need} of its {of} monitors";
        StationBallots { station } => "票箱 {station} 公布的选票逐张复算，与签名的结果一致", "the published ballots of station {station}, recounted one by one, agree with its signed result";
        StationSignedDetail { station } =>
            "票箱 \"{station}\"：属于本次选举和选举清单，由票箱签名",
            "station \"{station}\": this election and manifest, signed by the station";
        StationSignedMonitorsDetail { station, need, of } =>
            "票箱 \"{station}\"：属于本次选举和选举清单，由票箱和 {of} 名监票人中至少 {need} 名签名",
            "station \"{station}\": this election and manifest, signed by the station and at least {need} of {of} monitors";
        StationBallotsDetail { station } =>
            "票箱 \"{station}\"：公布的选票哈希得出签名的 Merkle 根，并复算得出签名的票数",
            "station \"{station}\": published ballots hash to the signed Merkle root and recount to the signed counts";
        Missing { file, role } => "缺少 {file}（{role}）", "{file} is missing ({role})";
        StationBallotsRole { station } => "票箱 {station} 公布的选票", "the published ballots of station {station}";
        Unexpected { file } => "多余的文件 {file}", "unexpected {file}";
        Linked { file } => "{file} 是符号链接，不是文件本身：数据包须包含文件本身", "{file} is a symbolic link: a bundle holds its own files";
        Election { id } => "选举 {id}", "election {id}";
        ElectionDetail { id, sha256 } => "选举 {id}，选举清单规范形式的 SHA-256 为 {sha256}", "election \"{id}\", SHA-256 {sha256}";
        UntrustedDetail { key } =>
            "manifest.sig 在其自带的公钥 {key} 下核验有效，但没有给出所信任的乡镇公钥（--trust）",
            "manifest.sig verifies under the key it names ({key}), but no trusted township key was given (--trust) to say it is the township's";
        SignatureBrokenDetail { why } => "manifest.sig 无效：{why}", "manifest.sig: {why}";
        FiledUnder { station, filed } => "这是票箱 {station} 的结果，却以 {filed} 的名字存放", "it is the result of station {station}, filed as {filed}";
        Countersigned { monitors } => "票箱签名有效，{monitors} 名监票人的会签有效", "the station's signature and {monitors} monitor countersignature(s) are valid";
        SignedDetail { monitors, result } =>
            "Ed25519（verify_strict）：票箱签名和 {monitors} 个监票人签名有效；结果 {result}",
            "verify_strict: station and {monitors} monitor signature(s); result {result}";
        Ballots { ballots, valid } => "{ballots} 张选票，其中有效票 {valid} 张", "{ballots} ballots, {valid} valid";
        BallotsNotAtHand { file } => "缺少 {file}，或无法读取", "{file} is missing or unreadable";
        BallotsDiffer { file, what } => "公布的选票 {file} 与签名的结果不符：{what}", "the published ballots in {file} do not match the signed result: {what}";
        NotABallot { line } => "第 {line} 行不是一张选票", "line {line} is not a ballot";
        OutOfPlace { line } =>
            "第 {line} 行与上一行的顺序不对（公布的选票按固定顺序排列：这两行之一被改动过）",
            "line {line} is out of order with the line before it (published ballots are in a fixed order: one of the two was changed)";
        NotAsWritten { line } => "第 {line} 行的写法与公布的选票不同", "line {line} is not written as published ballots are";
        Recount { difference } => "票数不符，{difference}", "recount: {difference}";
        Stations { n } => "{n} 个票箱", "{n} stations";
        NoResultFor { stations } => "票箱 {stations} 没有核验通过的结果", "no verified result for {stations}";
        Conflicting { station, files } => "票箱 {station} 有互相矛盾的结果：{files}", "conflicting results for {station}: {files}";
        RegisterUnusable { why } => "村民名册（people.toml）无法使用：{why}", "the village register cannot be used: {why}";
        Recomputed { voters, ballots, valid, vote } =>
            "参加投票 {voters} 人，收回选票 {ballots} 张，有效票 {valid} 张；{vote}",
            "{voters} voters, {ballots} ballots, {valid} valid; {vote}";
        FirstDifference { difference } => "第一处不同：{difference}", "first difference: {difference}";
        ByteDetail { at } => "与重新计算的结果从第 {at} 字节起不同", "differs from the recomputation at byte {at}";
        DifferenceAt { difference, at } =>
            "{difference}（文件与重新计算的结果从第 {at} 字节起不同）",
            "{difference} (the file differs from the recomputation at byte {at})";
        SheetLine { line } => "sheet.txt 第 {line} 行与重新计算的不同", "sheet.txt differs from the recomputation at line {line}";
        Total { total, have, file, re, recomputed } => "{total}：{have}为 {file}，{re}为 {recomputed}", "{total}: {have} {file}, {re} {recomputed}";
        Votes { office, person, have, file, re, recomputed } =>
            "{office} {person}：{have} {file} 票，{re} {recomputed} 票",
            "post {office}, {person}: {have} {file} votes, {re} {recomputed}";
        Against { office, person, have, file, re, recomputed } =>
            "{office} {person} 的不赞成票：{have} {file} 票，{re} {recomputed} 票",
            "post {office}, {person}, votes against: {have} {file}, {re} {recomputed}";
        Blank { office, have, file, re, recomputed } =>
            "{office} 的空白票：{have} {file} 张，{re} {recomputed} 张",
            "post {office}, blank: {have} {file}, {re} {recomputed}";
        PostMissing { office } => "{office}：文件中没有这个职位", "post {office}: not in the file";
        PersonMissing { office, person } => "{office} {person}：文件中没有此人", "post {office}, {person}: not in the file";
        Elected { office, file, recomputed } =>
            "{office}：文件写当选 {file}，复算当选 {recomputed}",
            "post {office}: the file elects {file}, the recomputation {recomputed}";
        Detail { detail } => "详情：{detail}", "detail: {detail}";
        AllPassed { n } =>
            "结论：核验通过。{n} 项检查全部通过：每个签名有效，公布的选票逐张复算与签名的结果一致，选举结果和计票单与重新计算的相同。可以依据本数据包公布选举结果。",
            "Verdict: the bundle verifies. All {n} checks passed: every signature is valid, every published ballot recounts to the signed results, and the outcome and the counting sheet equal the recomputation. The outcome may be announced from this bundle.";
        PassedSkipped { n, skipped } =>
            "结论：可以核对的 {n} 项检查全部通过，{skipped} 项未核对（乡镇对选举清单的签名）。要确认选举清单出自乡镇，请向乡镇索取其公钥，再运行 zheng verify 数据包 --trust 公钥。",
            "Verdict: all {n} checks that could be made passed; {skipped} skipped (the township's signature on the manifest). To be sure the manifest is the township's, ask the township for its public key and run zheng verify BUNDLE --trust KEY.";
        Failed { checks } =>
            "结论：核验不通过（第 {checks} 项）。不要依据本数据包公布选举结果：请把本核验结果交给村选举委员会和乡镇，按上面所列的文件和行核对原件（各票箱签名的结果和公布的选票）。",
            "Verdict: the bundle does NOT verify (failed: {checks}). Do not announce an outcome from it: give this checklist to the village election committee and the township, to re-check the originals (the stations' signed results and published ballots) at the files and lines named above.";
        FailedSignature { checks } =>
            "结论：核验不通过（第 {checks} 项）：不能确认选举清单出自乡镇。请向乡镇核实其公钥，并索取乡镇签名的选举清单，再核验一次。",
            "Verdict: the bundle does NOT verify (failed: {checks}): the manifest is not shown to be the township's. Ask the township to confirm its key and for the manifest it signed, and verify again.";
        FailedMissing { checks } =>
            "结论：核验不通过（第 {checks} 项）：数据包缺少文件（见上）。请向村选举委员会索取完整的数据包，再核验一次；缺少的文件找不回来时，请报告乡镇。",
            "Verdict: the bundle does NOT verify (failed: {checks}): files are missing from it (see above). Ask the village election committee for the whole bundle and verify again; if the files cannot be found, report it to the township.";
        NotVerified { checks, missing } =>
            "结论：无法核验（第 {checks} 项）：缺少 {missing}。请向村选举委员会索取完整的数据包（zheng merge --out 写出的文件夹），再核验一次。",
            "Verdict: the bundle cannot be verified (not verifiable: {checks}): {missing} missing. Ask the village election committee for the whole bundle (the folder zheng merge --out writes) and verify it again.";
    }
}

impl Station {
    fn said(&self, lang: Lang) -> String {
        match &self.name {
            Some(name) if name != &self.id => format!("{name}{}{}{}", lang.t("（", " ("), self.id, lang.t("）", ")")),
            _ => self.id.clone(),
        }
    }
}

impl Check {
    /// What is checked, in plain words.
    pub fn said(&self, lang: Lang) -> String {
        let word = |w| lang.say(w).to_string();
        match self {
            Check::BundleReadable => word(VerifyWord::BundleReadable),
            Check::BundleFiles => word(VerifyWord::BundleFiles),
            Check::Manifest => word(VerifyWord::Manifest),
            Check::Rest => word(VerifyWord::Rest),
            Check::ManifestSignature => word(VerifyWord::ManifestSignature),
            Check::ResultReadable { file } => lang.format(VerifySays::ResultReadable { file }),
            Check::StationSigned { station, monitors: None } => {
                lang.format(VerifySays::StationSigned { station: &station.said(lang) })
            }
            Check::StationSigned { station, monitors: Some((need, of)) } => {
                lang.format(VerifySays::StationSignedMonitors { station: &station.said(lang), need, of })
            }
            Check::StationBallots { station } => {
                lang.format(VerifySays::StationBallots { station: &station.said(lang) })
            }
            Check::EveryStationOnce => word(VerifyWord::EveryStationOnce),
            Check::Outcome => word(VerifyWord::Outcome),
            Check::Sheet => word(VerifyWord::Sheet),
        }
    }

    /// What is checked, in technical words (the algorithm, the Merkle root): what `--detail` and
    /// `--json` show.
    pub fn detail(&self, lang: Lang) -> String {
        match self {
            Check::StationSigned { station, monitors: None } => {
                lang.format(VerifySays::StationSignedDetail { station: &station.id })
            }
            Check::StationSigned { station, monitors: Some((need, of)) } => {
                lang.format(VerifySays::StationSignedMonitorsDetail { station: &station.id, need, of })
            }
            Check::StationBallots { station } => lang.format(VerifySays::StationBallotsDetail { station: &station.id }),
            plain => plain.said(lang),
        }
    }
}

impl BallotFault {
    fn said(self, lang: Lang) -> String {
        match self {
            BallotFault::NotABallot { line } => lang.format(VerifySays::NotABallot { line: &line }),
            BallotFault::OutOfPlace { line } => lang.format(VerifySays::OutOfPlace { line: &line }),
            BallotFault::NotAsWritten { line } => lang.format(VerifySays::NotAsWritten { line: &line }),
            BallotFault::Header => lang.say(VerifyWord::FaultHeader).to_string(),
            BallotFault::Truncated => lang.say(VerifyWord::FaultTruncated).to_string(),
            BallotFault::Unreadable => lang.say(VerifyWord::FaultUnreadable).to_string(),
            BallotFault::Changed => lang.say(VerifyWord::FaultChanged).to_string(),
        }
    }
}

impl Difference {
    /// The difference in `lang`, its two sides named as `side` compares them.
    pub fn said(&self, lang: Lang, side: Side) -> String {
        let (h, r) = match side {
            Side::File => (VerifyWord::SideFile, VerifyWord::SideRecomputed),
            Side::Signed => (VerifyWord::SideSigned, VerifyWord::SideRecounted),
        };
        let (have_w, re) = (&lang.say(h), &lang.say(r));
        let names = |v: &[String]| {
            if v.is_empty() { lang.say(VerifyWord::Nobody).to_string() } else { v.join(lang.list_sep()) }
        };
        // The office as people read it; in English with the post's id beside it (主任 (chair)).
        let named = |office: &String, post: &String| match lang {
            Lang::Zh => office.clone(),
            Lang::En => format!("{office} ({post})"),
        };
        match self {
            Difference::Total { total, have, recomputed } => {
                let total = &match total {
                    Total::Registered => lang.say(Word::Registered),
                    Total::Voters => lang.say(Word::Voters),
                    Total::Ballots => lang.say(Word::Ballots),
                    Total::Valid => lang.say(NoticeWord::ValidBallots),
                    Total::Invalid => lang.say(NoticeWord::InvalidBallots),
                };
                lang.format(VerifySays::Total { total, have: have_w, file: have, re, recomputed })
            }
            Difference::Votes { office, post, person, have, recomputed } => {
                let office = &named(office, post);
                lang.format(VerifySays::Votes { office, person, have: have_w, file: have, re, recomputed })
            }
            Difference::Against { office, post, person, have, recomputed } => {
                let office = &named(office, post);
                lang.format(VerifySays::Against { office, person, have: have_w, file: have, re, recomputed })
            }
            Difference::Blank { office, post, have, recomputed } => {
                let office = &named(office, post);
                lang.format(VerifySays::Blank { office, have: have_w, file: have, re, recomputed })
            }
            Difference::PostMissing { office, post } => {
                lang.format(VerifySays::PostMissing { office: &named(office, post) })
            }
            Difference::PersonMissing { office, post, person } => {
                lang.format(VerifySays::PersonMissing { office: &named(office, post), person })
            }
            Difference::Elected { office, post, have, recomputed } => lang.format(VerifySays::Elected {
                office: &named(office, post),
                file: &names(have),
                recomputed: &names(recomputed),
            }),
        }
    }
}

impl Found {
    /// What was found, in plain words; empty when there is nothing to say.
    pub fn said(&self, lang: Lang) -> String {
        let word = |w| lang.say(w).to_string();
        let list = |v: &[String]| v.join(lang.list_sep());
        match self {
            Found::Nothing => String::new(),
            Found::Cause(c) => c.said_in(lang),
            Found::Files(problems) => {
                problems.iter().map(|p| file_problem(p, lang)).collect::<Vec<_>>().join(lang.clause_sep())
            }
            Found::Election { id, .. } => lang.format(VerifySays::Election { id }),
            Found::NoManifest => word(VerifyWord::NoManifest),
            Found::SignatureNotGiven => word(VerifyWord::SignatureNotGiven),
            Found::SignatureUntrusted { .. } => word(VerifyWord::SignatureUntrusted),
            Found::SignatureBroken(_) => word(VerifyWord::SignatureBroken),
            Found::SignatureRefused(c) if c.signed_by_another_key() => word(VerifyWord::SignedByAnotherKey),
            Found::SignatureRefused(c) => c.said_in(lang),
            Found::SignatureAbsent => word(VerifyWord::SignatureAbsent),
            Found::SignatureTrusted => word(VerifyWord::SignatureTrusted),
            Found::FiledUnder { station, filed } => lang.format(VerifySays::FiledUnder { station, filed }),
            Found::BallotsBeside { missing: true } => word(VerifyWord::BallotsMissingBeside),
            Found::BallotsBeside { missing: false } => word(VerifyWord::BallotsNotAFile),
            Found::Signed { monitors: 0, .. } => word(VerifyWord::SignatureValid),
            Found::Signed { monitors, .. } => lang.format(VerifySays::Countersigned { monitors }),
            Found::Refused(refusals) => {
                refusals.iter().map(|r| r.said_in(lang)).collect::<Vec<_>>().join(lang.clause_sep())
            }
            Found::Ballots { ballots, valid } => lang.format(VerifySays::Ballots { ballots, valid }),
            Found::BallotsNotAtHand { file } => lang.format(VerifySays::BallotsNotAtHand { file }),
            Found::BallotsDiffer { file, faults, recount, .. } => {
                let mut what: Vec<String> = faults.iter().map(|f| f.said(lang)).collect();
                if let Some(d) = recount {
                    what.push(lang.format(VerifySays::Recount { difference: &d.said(lang, Side::Signed) }));
                }
                if what.is_empty() {
                    what.push(BallotFault::Changed.said(lang));
                }
                lang.format(VerifySays::BallotsDiffer { file, what: &what.join(lang.clause_sep()) })
            }
            Found::Stations { n } => lang.format(VerifySays::Stations { n }),
            Found::NotOnce { missing, conflicts } => {
                let mut why = Vec::new();
                if !missing.is_empty() {
                    why.push(lang.format(VerifySays::NoResultFor { stations: &list(missing) }));
                }
                for (station, files) in conflicts {
                    why.push(lang.format(VerifySays::Conflicting { station, files: &list(files) }));
                }
                why.join(lang.clause_sep())
            }
            Found::RegisterUnusable(c) => lang.format(VerifySays::RegisterUnusable { why: &c.said_in(lang) }),
            Found::NotEveryStation => word(VerifyWord::NotEveryStation),
            Found::Recomputed { voters, ballots, valid, vote_valid, legacy } => {
                let vote = &lang.say(if *vote_valid { VerifyWord::VoteValid } else { VerifyWord::VoteVoid });
                let mut s = lang.format(VerifySays::Recomputed { voters, ballots, valid, vote });
                if *legacy {
                    s.push_str(lang.say(VerifyWord::Legacy));
                }
                s
            }
            Found::OutcomeDiffers { difference: Some(d), .. } => {
                lang.format(VerifySays::FirstDifference { difference: &d.said(lang, Side::File) })
            }
            Found::OutcomeDiffers { difference: None, .. } => word(VerifyWord::FileDiffers),
            Found::SheetDiffers { line, .. } => lang.format(VerifySays::SheetLine { line }),
        }
    }

    /// The technical detail behind what was found — keys, hashes, the algorithm, byte offsets, the
    /// refusals as they are — when it says more than [`Found::said`].
    pub fn detail(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Found::Election { id, sha256 } => lang.format(VerifySays::ElectionDetail { id, sha256 }),
            Found::SignatureNotGiven => lang.say(VerifyWord::SignatureNotGivenDetail).to_string(),
            Found::SignatureUntrusted { key } => lang.format(VerifySays::UntrustedDetail { key }),
            Found::SignatureBroken(c) => lang.format(VerifySays::SignatureBrokenDetail { why: &c.said_in(lang) }),
            Found::SignatureTrusted => lang.say(VerifyWord::SignatureTrustedDetail).to_string(),
            Found::SignatureRefused(c) => c.said_in(lang),
            Found::Signed { monitors, result } => lang.format(VerifySays::SignedDetail { monitors, result }),
            Found::BallotsDiffer { refusals, recount, .. } if !refusals.is_empty() => {
                let mut said: Vec<String> = refusals.iter().map(|r| r.said_in(lang)).collect();
                if let Some(d) = recount {
                    said.push(lang.format(VerifySays::Recount { difference: &d.said(lang, Side::Signed) }));
                }
                said.join(lang.clause_sep())
            }
            Found::OutcomeDiffers { difference: Some(d), at } => {
                lang.format(VerifySays::DifferenceAt { difference: &d.said(lang, Side::File), at })
            }
            Found::OutcomeDiffers { difference: None, at } | Found::SheetDiffers { at, .. } => {
                lang.format(VerifySays::ByteDetail { at })
            }
            _ => return None,
        })
    }

    /// What is missing, for a check that could not be made because of it.
    pub fn missing(&self, lang: Lang) -> Option<String> {
        match self {
            Found::NoManifest => Some(lang.say(VerifyWord::RoleManifest).to_string()),
            Found::BallotsNotAtHand { file } => Some(file.clone()),
            Found::NotEveryStation => Some(lang.say(VerifyWord::MissingResults).to_string()),
            _ => None,
        }
    }
}

fn file_problem(p: &FileProblem, lang: Lang) -> String {
    match p {
        FileProblem::Missing { file, role } => {
            let role = &match role {
                Role::Manifest => lang.say(VerifyWord::RoleManifest).to_string(),
                Role::Outcome => lang.say(VerifyWord::RoleOutcome).to_string(),
                Role::Sheet => lang.say(VerifyWord::RoleSheet).to_string(),
                Role::Results => lang.say(VerifyWord::RoleResults).to_string(),
                Role::Ballots => lang.say(VerifyWord::RoleBallots).to_string(),
                Role::StationBallots(station) => lang.format(VerifySays::StationBallotsRole { station }),
            };
            lang.format(VerifySays::Missing { file, role })
        }
        FileProblem::Unexpected { file } => lang.format(VerifySays::Unexpected { file }),
        FileProblem::Linked { file } => lang.format(VerifySays::Linked { file }),
    }
}
