//! The words of the small values errors and refusals carry: what a path names, what evidence a file
//! is, which further round; and the causes of a failed read or write.

use std::io::ErrorKind;

use super::Said;
use crate::error::{Evidence, FileKind, FurtherRound, NotAudit};

/// What a path that is not a regular file is.
pub(super) fn file_kind_said(k: FileKind) -> Said {
    match k {
        FileKind::Fifo => Said::new("命名管道", "a FIFO"),
        FileKind::Socket => Said::new("套接字", "a socket"),
        FileKind::Device => Said::new("设备文件", "a device"),
        FileKind::Folder => Said::new("文件夹", "a folder"),
        FileKind::Other => Said::new("特殊文件", "not a regular file"),
    }
}

/// What an existing piece of evidence is.
pub(super) fn evidence_said(e: Evidence) -> Said {
    match e {
        Evidence::Folder => Said::new("文件夹", "a folder"),
        Evidence::NotRegular => Said::new("不是普通文件", "not a regular file"),
        Evidence::Journal => Said::new("计票日志", "a journal (SQLite)"),
        Evidence::SignedResult => Said::new("已签名的票箱结果", "a signed result"),
        Evidence::ManifestSignature => Said::new("选举清单签名", "a manifest signature"),
        Evidence::BoxFile => Said::new("票箱文件", "a box file"),
    }
}

/// A further round, in Chinese by its name in the law and in English by the command's word for it
/// (`--round revote`).
pub(super) fn round_said(r: FurtherRound) -> Said {
    match r {
        FurtherRound::Revote => Said::new("再次投票", "revote"),
        FurtherRound::Runoff => Said::new("另行选举", "runoff"),
    }
}

/// Why a folder is not an audit of the paper.
pub(super) fn not_audit_said(w: &NotAudit) -> Said {
    match w {
        NotAudit::NoFolder(path) => Said::new(format!("{path}：没有这个文件夹"), format!("{path}: no such folder")),
        NotAudit::NoPlan => Said::new("没有可读的 plan.json", "no readable plan.json"),
        NotAudit::NoDatabase => Said::new("没有 audit.sqlite", "no audit.sqlite"),
        NotAudit::NotADatabase => Said::new("audit.sqlite 不是 SQLite 数据库", "audit.sqlite is not a SQLite database"),
        NotAudit::NoTables => Said::new("audit.sqlite 中没有审计表", "audit.sqlite has no audit tables"),
        NotAudit::NoPlanDigest => Said::new("没有审计计划的摘要", "no plan digest"),
        NotAudit::PlanChanged => {
            Said::new("plan.json 在制定计划后被改动过", "plan.json was changed after the plan was made")
        }
        NotAudit::NoManifest => Said::new("没有选举清单", "no manifest"),
        NotAudit::ManifestNotUtf8 => Said::new("选举清单不是 UTF-8 文本", "the manifest is not UTF-8"),
        NotAudit::RegisterNotUtf8 => Said::new("村民名册不是 UTF-8 文本", "the register is not UTF-8"),
        NotAudit::PlanUnreadable(e) => {
            Said::new(format!("plan.json 读不出审计计划（解析器原文：{e}）"), format!("plan.json: {e}"))
        }
        NotAudit::PlanFormat { found, reads } => Said::new(
            format!("plan.json 的格式是 {found}，本版本的正只读格式 {reads}"),
            format!("plan.json: format {found} (this Zheng reads {reads})"),
        ),
        NotAudit::PlanOfAnotherElection { plan, manifest } => Said::new(
            format!("plan.json 是选举 {plan} 的计划，不是选举清单中的 {manifest}"),
            format!("plan.json: election {plan:?}, not the manifest's {manifest:?}"),
        ),
        NotAudit::AssertionOfNoPost { assertion, post } => Said::new(
            format!("plan.json 的断言 {assertion} 所说的职位 {post} 不在选举清单中"),
            format!("plan.json: assertion {assertion:?}: no post {post:?} in the manifest"),
        ),
        NotAudit::BoxesDoNotAddUp => Said::new(
            "plan.json 中各票箱的选票数之和不等于总数",
            "plan.json: the boxes do not add up to the population",
        ),
    }
}

/// Why a file could not be read or written (or an address listened on). The English is the
/// system's own sentence, as Zheng has always printed it; the Chinese names the common causes, and
/// gives the system's sentence for the rest (an error of the standard library's, whose kinds grow:
/// it cannot be matched exhaustively).
pub(super) fn io_said(cause: &std::io::Error) -> Said {
    let zh = match cause.kind() {
        // A cause with its own message (not the system's) is given as it is.
        _ if cause.get_ref().is_some() => None,
        ErrorKind::NotFound => Some("没有这个文件或文件夹"),
        ErrorKind::PermissionDenied => Some("没有访问权限"),
        ErrorKind::AlreadyExists => Some("已存在"),
        ErrorKind::IsADirectory => Some("是文件夹，不是文件"),
        ErrorKind::NotADirectory => Some("路径中有一段不是文件夹"),
        ErrorKind::ReadOnlyFilesystem => Some("文件系统只读，不能写入"),
        ErrorKind::StorageFull => Some("磁盘已满"),
        ErrorKind::UnexpectedEof => Some("文件意外结束"),
        ErrorKind::AddrInUse => Some("地址已被占用"),
        ErrorKind::AddrNotAvailable => Some("本机没有这个地址"),
        _ => None,
    };
    let en = cause.to_string();
    match zh {
        Some(zh) => Said::new(zh, en),
        None => Said::new(format!("系统报错：{en}"), en),
    }
}
