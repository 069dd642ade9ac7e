//! The sentences of every refusal, Chinese and English side by side: one arm a refusal.

use super::Said;
use super::kinds::{evidence_said, round_said};
use crate::error::Refusal;
use crate::error::kinds::JournalPart;

// Long: the catalogue of refusals, one arm a refusal with its two sentences side by side; clearer
// whole than split, and one exhaustive match gives every new refusal its words.
/// What a refusal says.
pub(super) fn said(r: &Refusal) -> Said {
    use Refusal::*;
    match r {
        WrongElection { found, expected } => Said::new(
            format!("这是选举 {found} 的结果，不是本次选举 {expected} 的"),
            format!("a result of election {found:?}, not {expected:?}"),
        ),
        OtherManifest { signed, this } => Said::new(
            format!("结果签署时所用的选举清单不同（SHA-256 {signed}，本清单 {this}）"),
            format!("signed against another manifest (SHA-256 {signed}, this one {this})"),
        ),
        UnknownStation { station } => {
            Said::new(format!("选举清单中没有票箱 {station}"), format!("station {station:?} is not in the manifest"))
        }
        CountsDoNotFit { problem } => Said::new(
            format!("计票数与选举清单不符：{}", problem.zh()),
            format!("counts do not fit the manifest: {}", problem.en()),
        ),
        NoStationKey { station } => Said::new(
            format!("选举清单没有列出票箱 {station} 的公钥"),
            format!("the manifest lists no key for station {station:?}"),
        ),
        NotSignedFirstByStation => Said::new("第一个签名不是本票箱的密钥", "not signed first by the station's key"),
        SignedTwice { key } => Said::new(format!("密钥 {key} 签名两次"), format!("key {key} signed twice")),
        UnknownSigner { key } => Said::new(
            format!("签名密钥 {key} 既不是本票箱的，也不是所列监票人的"),
            format!("signed by key {key}, neither the station's nor a listed monitor's"),
        ),
        BadStationSignature { station } => {
            Said::new(format!("票箱 {station} 的签名核验不通过"), "the station's signature does not verify")
        }
        BadMonitorSignature { station } => {
            Said::new(format!("票箱 {station} 的一个监票人签名核验不通过"), "a monitor's signature does not verify")
        }
        TooFewMonitors { have, need } => Said::new(
            format!(
                "监票人签名 {have} 个，应有 {need} 个（每位监票人签名：zheng countersign --election E.toml --key 密钥文件 结果文件）"
            ),
            format!(
                "{have} of {need} required monitors' signatures (each monitor adds theirs: zheng countersign --election E.toml --key KEY RESULT)"
            ),
        ),
        BallotsHeaderMismatch => Said::new(
            "公布选票的首行（票箱、投票人数）与结果不符",
            "the published ballots' header does not match the result (station, voters)",
        ),
        BallotsNotInCanonicalOrder { line } => Said::new(
            format!("公布的选票没有按规范顺序排列（第 {line} 行）"),
            "the published ballots are not in canonical (sorted) order",
        ),
        BallotNotCanonical { line } => Said::new(
            format!("公布的第 {line} 行选票不是规范格式"),
            format!("published ballot {line} is not in canonical form (docs/FORMAT.md, published ballots)"),
        ),
        HeaderNotCanonical => {
            Said::new("公布选票的首行不是规范格式", "the published ballots' header is not in canonical form")
        }
        NoFinalNewline => Said::new("公布的选票文件末尾没有换行", "the published ballots do not end with a newline"),
        BallotsUnreadable { why } => {
            Said::new(format!("公布的选票无法读取：{why}"), format!("the published ballots cannot be read: {why}"))
        }
        BallotsRootMismatch => {
            Said::new("公布的选票与签署的 Merkle 根不符", "the published ballots do not hash to the signed Merkle root")
        }
        RecountDiffers => Said::new(
            "按公布的选票复算，与签署的票数不同",
            "a recount of the published ballots differs from the signed counts",
        ),
        NotABallot { line, field, problem } => {
            let what = super::problems::said(problem);
            let (zh, en) = if field.is_empty() {
                (what.zh, what.en)
            } else {
                (format!("{field}：{}", what.zh), format!("{field}: {}", what.en))
            };
            Said::new(
                format!("公布的第 {line} 行不是有效录入的选票：{zh}"),
                format!("published ballot {line} is not a ballot: {en}"),
            )
        }
        ConflictingResults { stations } => Said::new(
            format!("票箱 {} 有互相矛盾的结果，须由村选举委员会处理后才能确定选举结果", stations.join("、")),
            format!(
                "no outcome until the election committee resolves the conflicting results of station(s) {}",
                stations.join(", ")
            ),
        ),
        StationsMissing => Said::new(
            "有票箱没有核验通过的结果，不能确定选举结果（--partial 可不计这些票箱）",
            "no outcome: some stations have no verified result (--partial decides without them)",
        ),
        VoteVoid => Said::new(
            "本次选举无效，应按原选举清单重新选举，不进行再次投票或另行选举",
            "the vote is void: it is held again with the same manifest, not continued by a further round",
        ),
        NothingPending => Said::new(
            "各职位均已确定，无需再次投票或另行选举",
            "every post is decided: no re-vote or run-off is called for",
        ),
        OutcomeOfAnotherVote { outcome, manifest } => Said::new(
            format!("该选举结果属于 {outcome}，不是 {manifest} 或其同一组织后续轮次的结果"),
            format!("the outcome is of vote {outcome:?}, not of {manifest:?} or a later round of its body"),
        ),
        RoundNotCalledFor { round } => Said::new(
            format!("没有职位需要{}", round_said(*round).zh),
            format!("no post calls for a {}", round_said(*round).en),
        ),
        OutcomeOfAnotherVillage { election, found, register } => Said::new(
            format!("选举结果 {election} 属于 {found}，村民名册属于 {register}"),
            format!("the outcome of {election:?} is of village {found:?}, the register of {register:?}"),
        ),
        NotAResult => Said::new(
            "不是正计票的票箱结果文件（没有 ZHENGR01 标记）",
            "malformed: not a Zheng station result (no ZHENGR01 magic)",
        ),
        Undecodable { why } => Said::new(format!("结果文件无法解码：{why}"), why.clone()),
        UnknownResultFormat { format } => Said::new(
            format!("结果文件格式 {format} 无法读取（本程序读取格式 1）"),
            format!("malformed: format {format} (this Zheng reads 1)"),
        ),
        NotCanonicalBytes => Said::new(
            "字节不是其内容的规范编码",
            "malformed: not the canonical encoding of what it decodes to (docs/FORMAT.md)",
        ),
        NotAManifestSignature => Said::new(
            "不是正计票的选举清单签名文件（没有 ZHENGM01 标记）",
            "not a Zheng manifest signature (no ZHENGM01 magic)",
        ),
        SignedByAnotherKey { signer, trusted } => Said::new(
            format!("签名密钥是 {signer}，不是所信任的乡镇密钥 {trusted}"),
            format!("signed by {signer}, not by the trusted key {trusted}"),
        ),
        SignatureOfAnotherManifest => {
            Said::new("这个签名是对另一份选举清单的", "the signature is for another manifest")
        }
        BadManifestSignature => Said::new("乡镇对选举清单的签名核验不通过", "the signature does not verify"),
        NoStationKeyToSign { station, public } => Said::new(
            format!("选举清单没有列出票箱 {station} 的公钥：请加上 key = \"{public}\""),
            format!("the manifest lists no key for station {station:?}: add key = \"{public}\""),
        ),
        NotTheStationKey { public, station, listed } => Said::new(
            format!("这个密钥（{public}）不是选举清单中票箱 {station} 的密钥（{listed}）"),
            format!("this key ({public}) is not station {station:?}'s key in the manifest ({listed})"),
        ),
        NotAListedMonitor { public, station } => Said::new(
            format!("这个密钥（{public}）不是票箱 {station} 所列的监票人"),
            format!("this key ({public}) is not a listed monitor of station {station:?}"),
        ),
        AlreadySigned => Said::new("这个密钥已经签过这份结果", "this key has already signed this result"),
        BallotsMissing { result, expected } => Said::new(
            format!("{result}：缺少公布的选票（{expected}）；汇总包须带有每个票箱的选票"),
            format!("{result}: its published ballots ({expected}) are missing; a bundle carries every box's ballots"),
        ),
        OutputIsAnInput { out } => Said::new(
            format!("{out} 是本命令的输入文件，不能被覆盖"),
            format!("{out} is one of this command's inputs: it is never written over"),
        ),
        WouldOverwrite { out, what } => Said::new(
            format!("{out} 已存在（{}）：证据不被覆盖（--force 可替换）", evidence_said(*what).zh),
            format!(
                "{out} exists and is {}: evidence is not written over (--force replaces it)",
                evidence_said(*what).en
            ),
        ),
        ResultDiffers { out } => Said::new(
            format!("{out} 已有本票箱的结果，但签署内容不同：再次封箱会丢失监票人签名（--force 可替换）"),
            format!(
                "{out} holds a result of this box with another signed body (other counts or closing time): closing again would drop its countersignatures (--force replaces it)"
            ),
        ),
        NoBallotToUndo => Said::new("没有可撤销的选票", "no ballot to undo"),
        NotALiveBallot { ballot } => Said::new(
            format!("第 {ballot} 张不是本日志中有效的选票"),
            format!("ballot {ballot} is not a live ballot of this journal"),
        ),
        VotersUnknown => Said::new(
            "投票人数未知；请用 zheng station voters --journal 文件 人数 记录",
            "voters unknown; record them with zheng station voters --journal FILE N",
        ),
        NotTheSameBox => Said::new(
            "两个日志不是同一个票箱的（选举清单或票箱不同）",
            "the two journals are not of the same box (manifest or station differ)",
        ),
        JournalExists => Said::new(
            "计票日志已存在：每个日志只开一次（可用 zheng station status 查看）",
            "exists already: a journal is opened once (zheng station status reads it)",
        ),
        NoJournal => Said::new(
            "没有这个计票日志（用 zheng station open 新建）",
            "no such journal (zheng station open makes one)",
        ),
        NotAJournal { missing } => {
            let (zh, en) = match missing {
                JournalPart::SqliteHeader => (" SQLite 文件头".to_string(), "the SQLite header".to_string()),
                JournalPart::WalMode => (" WAL 模式".to_string(), "WAL mode".to_string()),
                JournalPart::Meta(key) => (format!("记录项 {key}"), key.clone()),
            };
            Said::new(format!("不是正计票的计票日志（缺少{zh}）"), format!("not a Zheng journal (no {en})"))
        }
        UnknownJournalFormat => Said::new("无法读取这种格式的计票日志", "a journal format this Zheng does not read"),
        JournalManifestChanged => Said::new(
            "日志中保存的选举清单被改动过（哈希不符）",
            "the stored manifest was changed (its hash no longer matches)",
        ),
        JournalStationUnknown { station } => Said::new(
            format!("日志保存的选举清单中没有票箱 {station}"),
            format!("station {station:?} is not in the stored manifest"),
        ),
        ChainBroken { entry, defect } => Said::new(
            format!("第 {entry} 条记录{}；哈希链断裂（被改动或损坏），未作任何修复", defect.zh()),
            format!(
                "entry {entry}: {}; the hash chain is broken (edited or damaged), nothing was repaired",
                defect.en()
            ),
        ),
        JournalWrittenElsewhere => Said::new(
            "打开之后另有程序写入了这个计票日志：一张计票桌只用一个程序（请重新打开）",
            "another program wrote to this journal since it was opened: one table, one program (open it again)",
        ),
        LogBroken { defect } => Said::new(
            format!(
                "{}：这个存储库不是汇总点签过名的日志，不从中提供或签署任何内容（请从保存了全部记录的备份恢复存储库及其 -wal；如要另建新库，请把存储库、DB.checkpoint 和 DB.key 一并移走）",
                defect.zh()
            ),
            format!(
                "{}: this store does not hold the log this collector signed; nothing is served or signed from it (restore the store and its -wal from a copy that holds every entry; to start a new store instead, move the store, DB.checkpoint and DB.key away)",
                defect.en()
            ),
        ),
        BoxClosed => Said::new("票箱已封箱", "the box is closed"),
        JournalsDisagree { places } => Said::new(
            format!("两位计票人的日志有 {places} 处不同（zheng station reconcile 可列出）；--force 可强制封箱"),
            format!(
                "the two talliers' journals differ at {places} place(s) (zheng station reconcile lists them); --force closes anyway"
            ),
        ),
        UnknownElection { election } => Said::new(
            format!("本汇总点不汇总选举 {election}"),
            format!("this collector does not collect election {election:?}"),
        ),
        ConflictingResult { station } => Said::new(
            format!("票站 {station} 已有另一份经核验的结果：本份已存档并记入日志，列为冲突，选举委员会处理前不作决定"),
            format!(
                "station {station:?} already has another verified result: this one is stored and logged as a conflict, and nothing is decided until the committee resolves it"
            ),
        ),
        ResultTooLarge { bytes } => Said::new(
            format!("结果文件 {bytes} 字节，超过日志条目上限 65535 字节"),
            format!("a result of {bytes} bytes is too large for the log (entries hold at most 65,535)"),
        ),
        StoreManifestDiffers { election } => Said::new(
            format!("存储库中选举 {election} 的选举清单与本清单不同"),
            format!("the store holds another manifest for election {election:?}: one store, one manifest per election"),
        ),
        NotAReceipt { why } => {
            Said::new(format!("不是汇总点的回执：{why}"), format!("not a collector's receipt: {why}"))
        }
        BadCollectorSignature => {
            Said::new("不是汇总点密钥的有效签名", "not signed by the collector's key (verify_strict)")
        }
        BadCheckpoint { why } => {
            Said::new(format!("不是本日志的检查点：{why}"), format!("not a checkpoint of this log: {why}"))
        }
        ProofFails { why } => Said::new(format!("证明不成立：{why}"), format!("the proof does not hold: {why}")),
        BadVkey { vkey, fault } => {
            let f = super::witness::vkey_said(fault);
            Said::new(
                format!("验证公钥 {vkey} 无法使用：{}", f.zh),
                format!("verifier key {vkey} cannot be used: {}", f.en),
            )
        }
        BadCosignature { witness, fault } => {
            let f = super::witness::cosignature_said(fault);
            Said::new(
                format!("见证方 {witness} 的联署签名不成立：{}", f.zh),
                format!("the cosignature of witness {witness} does not hold: {}", f.en),
            )
        }
        NotAnAddCheckpoint { fault } => {
            let f = super::witness::request_said(fault);
            Said::new(
                format!("这不是 add-checkpoint 请求：{}", f.zh),
                format!("not an add-checkpoint request: {}", f.en),
            )
        }
        UnknownLog { origin } => {
            Said::new(format!("本见证方不见证日志 {origin}"), format!("this witness does not witness the log {origin}"))
        }
        BadLogSignature { origin } => Said::new(
            format!("检查点没有日志 {origin} 受信任密钥的有效签名"),
            format!("the checkpoint carries no valid signature by a key trusted for the log {origin}"),
        ),
        OldSizeTooLarge { old, size } => Said::new(
            format!("请求中的旧大小 {old} 大于检查点的大小 {size}"),
            format!("the old size {old} is larger than the checkpoint's size {size}"),
        ),
        OldSizeMismatch { old, latest } => Said::new(
            format!("请求中的旧大小 {old} 不是本见证方最近联署的检查点的大小 {latest}"),
            format!("the old size {old} is not {latest}, the size of the latest checkpoint this witness cosigned"),
        ),
        EmptyTreeRoot => Said::new(
            "大小为 0 的检查点，其根哈希不是空树的哈希",
            "a checkpoint of size 0 whose root is not the empty tree's",
        ),
        ProofFromEmptyTree => Said::new(
            "旧大小为 0 时不需要、也不应附一致性证明",
            "a consistency proof from the empty tree, which needs none",
        ),
        NotConsistent { old, size } => Said::new(
            format!("检查点与本见证方已联署的 {old} 条的检查点不一致：从 {old} 到 {size} 的一致性证明不成立"),
            format!(
                "the checkpoint is not consistent with the one of {old} this witness cosigned: the consistency proof from {old} to {size} does not hold"
            ),
        ),
        RootDiffers { size } => Said::new(
            format!("检查点的大小 {size} 与本见证方已联署的相同，根哈希却不同：日志分叉了"),
            format!("a checkpoint of size {size}, the size this witness cosigned, with another root: the log forked"),
        ),
        NotYetWitnessed { size } => Said::new(
            format!(
                "{size} 条的检查点由日志签署，但尚未经见证方联署（不是伪造）：请稍后向汇总取已见证的检查点、及从回执的检查点到它的一致性证明，再核验"
            ),
            format!(
                "the checkpoint of {size} is signed by the log but not yet witnessed (not forged): fetch the collector's /checkpoint/witnessed and the consistency proof to it from the receipt's, and check again"
            ),
        ),
        QuorumNotReached { size, cosigned, quorum } => Said::new(
            format!("{size} 条的检查点未达见证法定数：只有 {cosigned} 联署，须 {quorum}：拒绝（可能是分叉的日志）"),
            format!(
                "the checkpoint of {size} lacks the witnesses' quorum: cosigned by {cosigned} only, where {quorum} must: refused (it may be a forked log)"
            ),
        ),
        BadPolicy { line, fault } => {
            let f = super::witness::policy_said(fault);
            Said::new(
                format!("见证策略文件第 {line} 行：{}", f.zh),
                format!("the witness policy, line {line}: {}", f.en),
            )
        }
        SeedTooShort { digits } => Said::new(
            format!("随机种子只有 {digits} 位数字：须当众掷十面骰子，至少 20 位"),
            format!("the seed has {digits} digits: roll at least 20 with ten-sided dice in public"),
        ),
        SeedNotDigits => Said::new(
            "随机种子只能是十进制数字（当众掷十面骰子所得），至少 20 位",
            "the seed must be decimal digits only (rolled with ten-sided dice in public), at least 20",
        ),
        BadRiskLimit { given } => Said::new(
            format!("风险限度 {given} 不是 0 到 1 之间的比例（例如 5% 或 0.05）"),
            format!("risk limit {given:?} is not a fraction between 0 and 1 (e.g. 5% or 0.05)"),
        ),
        NotVerified { failed } => {
            let list = failed.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            let list_zh = failed.iter().map(u32::to_string).collect::<Vec<_>>().join("、");
            Said::new(
                format!("数据包未通过核验（第 {list_zh} 项检查未通过）：运行 zheng verify 查看原因"),
                format!("the bundle does not verify (check {list} failed): zheng verify says why"),
            )
        }
        BundleDoesNotVerify { failed } => {
            let list = failed.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            Said::new(
                format!("结果包未通过核验（第 {list} 项）：不核验通过的结果不审计；先运行 zheng verify"),
                format!(
                    "the bundle does not verify (check {list}): nothing is audited that does not verify; run zheng verify"
                ),
            )
        }
        NotAnAudit { why } => {
            let why = super::kinds::not_audit_said(why);
            Said::new(
                format!("不是审计文件夹（{}）：用 zheng audit plan --out 建立", why.zh),
                format!("not an audit folder ({}): zheng audit plan --out makes one", why.en),
            )
        }
        NotABallotOfTheAudit { ballot } => Said::new(
            format!("{ballot} 不是本次审计的选票：写作 票箱:位置，位置从 1 数起"),
            format!("{ballot:?} is not a ballot of this audit: write station:position, positions from 1"),
        ),
        NotDrawn { ballot } => Said::new(
            format!("选票 {ballot} 未被抽中：只录入取票清单上的选票"),
            format!("ballot {ballot} was not drawn: enter only the ballots on the retrieval list"),
        ),
        PaperDiffers { ballot, before, now } => Said::new(
            format!("选票 {ballot} 已录入为 {before}，现在录入的是 {now}：以第一次为准，请复核纸质选票"),
            format!(
                "ballot {ballot} was recorded as {before}, now given as {now}: the first stands; look at the paper again"
            ),
        ),
        HandCountOfAnotherBox { station, header } => Said::new(
            format!("票箱文件的表头是票箱 {header}，不是 {station}"),
            format!("the box file's header names station {header:?}, not {station:?}"),
        ),
        AuditExists { out } => Said::new(
            format!("{out} 已存在：审计文件夹不会被覆盖，请另选一个新名称"),
            format!("{out} exists: an audit folder is never written over; choose a new name"),
        ),
        RoundNotLarger { have, asked } => Said::new(
            format!("已抽取 {have} 张，下一轮须多于此数（所给 {asked}）"),
            format!("the sample already holds {have} ballots: the next round must be larger (given {asked})"),
        ),
        HandCountDiffers { station } => Said::new(
            format!("票箱 {station} 已录入过另一份手工计票：以第一次为准"),
            format!("station {station} was hand-counted before with other ballots: the first count stands"),
        ),
    }
}
