//! The words of what a refusal names inside it: counts that do not fit their manifest, a store
//! that fails its signed log, an entry that breaks a journal's hash chain.

use super::Said;
use crate::error::{ChainDefect, CountsProblem, LogDefect};

/// What counts that do not fit say.
pub(super) fn counts_said(x: &CountsProblem) -> Said {
    use CountsProblem::*;
    match x {
        Posts { have, manifest } => Said::new(
            format!("有 {have} 个职位，选举清单有 {manifest} 个"),
            format!("{have} posts, the manifest has {manifest}"),
        ),
        Candidates { post, have, manifest } => Said::new(
            format!("职位 {post} 有 {have} 名候选人的票数，选举清单列出 {manifest} 名"),
            format!("post {post}: counts for {have} candidates, the manifest lists {manifest}"),
        ),
        WriteInsUnsorted { post } => Said::new(
            format!("职位 {post} 的另选姓名没有排序或有重复"),
            format!("post {post}: written-in names not sorted or repeated"),
        ),
        BallotsDoNotAdd { stated, sum } => Said::new(
            format!("写明选票 {stated} 张，有效与无效相加为 {sum} 张"),
            format!("{stated} ballots stated, valid and invalid add up to {sum}"),
        ),
        Inconsistent { why } => Said::new(format!("票数自相矛盾：{why}"), format!("internal check failed: {why}")),
    }
}

/// What a store that fails its signed log says.
pub(super) fn log_said(x: &LogDefect) -> Said {
    use LogDefect::*;
    match x {
        EntryMissing { index } => Said::new(
            format!("存储库中缺少日志第 {index} 条"),
            format!("entry {index} of the log is missing from the store"),
        ),
        EntryChanged { index } => Said::new(
            format!("存储库中日志第 {index} 条被改动过"),
            format!("entry {index} of the log was changed in the store"),
        ),
        HashDiffers { id } => Said::new(
            format!("日志树保存的第 {id} 个哈希与所存记录算出的不符"),
            format!("stored hash {id} of the log's tree is not the hash of the stored entries"),
        ),
        HashesBeyond { stored, expected } => Said::new(
            format!("存储库保存了 {stored} 个日志树哈希，而所存记录只给出 {expected} 个"),
            format!("the store holds {stored} hashes of the log's tree, but its entries give {expected}"),
        ),
        CheckpointUnsigned { size } => Said::new(
            format!("所存 {size} 条记录的检查点不是本汇总点的密钥签署的"),
            format!("the stored checkpoint of {size} entries is not signed by this collector's key"),
        ),
        CheckpointDiffers { size } => Said::new(
            format!("已签名的 {size} 条记录检查点与所存记录的树不符"),
            format!("the signed checkpoint of {size} entries is not the tree of the stored entries"),
        ),
        CheckpointNotNewest { checkpoint, entries } => Said::new(
            format!("所存最新检查点只含 {checkpoint} 条记录，而存储库有 {entries} 条"),
            format!("the newest stored checkpoint covers {checkpoint} entries, but the store holds {entries}"),
        ),
        ReceiptBad { index } => Said::new(
            format!("日志第 {index} 条所存的回执核验不通过"),
            format!("the stored receipt of entry {index} does not verify"),
        ),
        HeadFileUnsigned => Said::new(
            "存储库旁的最新检查点文件（DB.checkpoint）不是本汇总点的密钥签署的",
            "the newest checkpoint beside the store (DB.checkpoint) is not signed by this collector's key",
        ),
        ManifestChanged { election } => Said::new(
            format!("存储库中选举 {election} 的选举清单被改动过（与所存哈希不符）"),
            format!("the stored manifest of {election} was changed (its text no longer hashes to the stored hash)"),
        ),
        RolledBack { signed, entries } => Said::new(
            format!("本汇总点签署过 {signed} 条记录的检查点，而存储库只有 {entries} 条：存储库被回退或记录被删除"),
            format!(
                "this collector signed a checkpoint of {signed} entries, but the store holds only {entries}: it was rolled back or entries were deleted"
            ),
        ),
    }
}

/// What an entry that breaks the hash chain says.
pub(super) fn chain_said(x: &ChainDefect) -> Said {
    use ChainDefect::*;
    match x {
        Numbered(n) => Said::new(format!("编号为 {n}"), format!("numbered {n}")),
        UnknownKind => Said::new("类型不明", "unknown kind"),
        NegativeBallot => Said::new("选票编号为负", "negative ballot number"),
        DoesNotFollow => Said::new("与前一条记录接不上", "it does not follow the entry before it"),
        ContentsChanged => Said::new("内容与其哈希不符", "its contents do not match its hash"),
    }
}
