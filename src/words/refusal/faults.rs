//! The sentences of what an error names inside it: a command used wrongly, boxes that do not fit
//! the manifest, a key file, a store, a file that is not what it should be. The English is the
//! sentence Zheng has always printed; a library's own message (SQLite's, rustls's, a parser's) is
//! put in as it said it.

use super::Said;
use super::problems::{key_fault_said, outcome_said};
use crate::error::{BoxesProblem, KeyFileProblem, MalformedFile, StoreProblem, Usage};

// Long: the catalogue of usage errors, one arm each with its two sentences side by side.
/// What a usage error says.
pub(super) fn usage_said(u: &Usage) -> Said {
    match u {
        Usage::NoBoxFiles => Said::new("没有给出票箱文件", "no box files given"),
        Usage::NoBoxesToExport => Said::new(
            "请给出要导出的票箱文件（或 --bundle 数据包文件夹）",
            "give the box files to export (or --bundle DIR)",
        ),
        Usage::NoBoxesToReport => Said::new(
            "请给出要生成公告的票箱文件（或 --bundle 数据包文件夹，或 --store 汇总库）",
            "give the box files to report on (or --bundle DIR, or --store DB)",
        ),
        Usage::KeygenNeedsOut => {
            Said::new("请给出 --out 新密钥文件，或 --public-of 已有密钥文件", "give --out FILE or --public-of FILE")
        }
        Usage::StoreRequired => Said::new("须给出 --store 汇总库文件", "--store DB is required"),
        Usage::QuorumOutOfRange { quorum, witnesses } => Said::new(
            format!("见证方法定数 {quorum} 须在 1 到所给见证方数 {witnesses} 之间"),
            format!("a quorum of {quorum} witnesses: it must be 1 to the {witnesses} witnesses given"),
        ),
        Usage::ElectionRequired => {
            Said::new("请至少给出一个 --election 选举清单", "give at least one --election E.toml")
        }
        Usage::NotEmpty { dir } => {
            Said::new(format!("{dir} 已存在且不是空的"), format!("{dir} exists and is not empty"))
        }
        Usage::NotUtf8Name { name } => {
            Said::new(format!("{name}：文件名不是 UTF-8"), format!("{name}: not a UTF-8 name"))
        }
        Usage::NeitherFileNorFolder { path } => {
            Said::new(format!("{path}：既不是文件也不是文件夹"), format!("{path}: neither a file nor a folder"))
        }
        Usage::NotABundle { path } => Said::new(
            format!("{path}：不是数据包文件夹（zheng merge --out 生成数据包）"),
            format!("{path}: not a bundle folder (zheng merge --out writes one)"),
        ),
        Usage::StationNotInManifest { station } => {
            Said::new(format!("选举清单中没有票箱 {station:?}"), format!("station {station:?} is not in the manifest"))
        }
        Usage::NoRandomSource { detail } => {
            Said::new(format!("系统无法提供随机数（系统报错：{detail}）"), format!("no random source: {detail}"))
        }
        Usage::TrustNeedsSignature => Said::new("--trust 须与 --manifest-sig 一起给出", "--trust needs --manifest-sig"),
        Usage::Trust(fault) => {
            let f = key_fault_said(*fault);
            Said::new(format!("--trust：{}", f.zh), format!("--trust: {}", f.en))
        }
        Usage::OutIsAnInput { out } => Said::new(
            format!("--out {out} 是输入文件：请另选一个新文件"),
            format!("--out {out} is an input: choose a new file"),
        ),
        Usage::StoreNotManifest { election } => Said::new(
            format!("{election}：这是汇总库本身，不是选举清单"),
            format!("{election}: the store itself, not a manifest"),
        ),
        Usage::NoSuchElection { election } => Said::new(
            format!("{election}：既不是选举清单文件，也不是汇总库中的选举"),
            format!("{election}: neither a manifest file nor an election the store holds"),
        ),
        Usage::NotPngOrSvg { out } => Said::new(
            format!("{out}：二维码图像的文件名须以 .png 或 .svg 结尾"),
            format!("{out}: a QR code image's name ends in .png or .svg"),
        ),
        Usage::WitnessNeeds { flag } => {
            Said::new(format!("zheng witness 须给出 {flag}"), format!("zheng witness needs {flag}"))
        }
    }
}

/// Stations without a box file named one by one; the rest are counted.
const MISSING_NAMED: usize = 20;

/// What boxes that do not fit the manifest say.
pub(super) fn boxes_said(b: &BoxesProblem) -> Said {
    match b {
        BoxesProblem::SameStation { first, second, station } => Said::new(
            format!("{first} 和 {second} 都是票箱 {station:?} 的票箱文件：每个票箱只计一次"),
            format!("{first} and {second} are both the box of station {station:?}: each box is counted once"),
        ),
        BoxesProblem::Missing { stations } => {
            // A few named, the rest counted: a list of thousands (a wrong directory) is read by no one.
            let (named, more) = stations.split_at(stations.len().min(MISSING_NAMED));
            let (zh_who, en_who) = match more.len() {
                0 => (format!("{} ", named.join("、")), format!("station(s) {}", named.join(", "))),
                n => (
                    format!("{} 等 {} 个", named.join("、"), stations.len()),
                    format!("{} stations ({} and {n} more)", stations.len(), named.join(", ")),
                ),
            };
            Said::new(
                format!(
                    "票箱 {zh_who}没有票箱文件：选举清单中的每个票箱都要计票（没有选票的票箱只有首行）；--partial 可不计这些票箱"
                ),
                format!(
                    "no box file for {en_who}: every box of the manifest is counted (a box with no ballots is a header line); --partial counts without them"
                ),
            )
        }
    }
}

/// What is wrong with a key file.
pub(super) fn key_file_said(k: &KeyFileProblem) -> Said {
    match k {
        KeyFileProblem::ReadableByOthers { mode } => Said::new(
            format!("其他用户可读（权限 {mode:04o}）：私钥只能由持有人读取；请执行 chmod 600"),
            format!("readable by others (mode {mode:04o}): a secret key is the owner's alone; chmod 600 it"),
        ),
        KeyFileProblem::NotAKeyFile => Said::new("不是正计票的密钥文件", "not a Zheng key file"),
        KeyFileProblem::NotMadeByKeygen => Said::new(
            "不是正计票的密钥文件（密钥文件由 zheng keygen 生成）",
            "not a Zheng key file (made by `zheng keygen`)",
        ),
        KeyFileProblem::SeedNotHex => {
            Said::new("第 2 行：密钥应为 64 个十六进制字符", "line 2: the key is 64 hex characters")
        }
        KeyFileProblem::NotPemCertificate { detail } => {
            Said::new(format!("不是 PEM 证书（系统报错：{detail}）"), format!("not a PEM certificate: {detail}"))
        }
        KeyFileProblem::NoCertificate => Said::new("文件中没有证书", "no certificate in the file"),
        KeyFileProblem::NotPemKey { detail } => {
            Said::new(format!("不是 PEM 私钥（系统报错：{detail}）"), format!("not a PEM private key: {detail}"))
        }
        KeyFileProblem::KeyDoesNotFit { detail } => Said::new(
            format!("私钥与证书不匹配（系统报错：{detail}）"),
            format!("the key does not go with the certificate: {detail}"),
        ),
        KeyFileProblem::Tls { detail } => Said::new(format!("无法建立加密连接（系统报错：{detail}）"), detail.clone()),
    }
}

/// What is wrong with a store.
pub(super) fn store_said(s: &StoreProblem) -> Said {
    match s {
        StoreProblem::Database { detail } => Said::new(format!("数据库出错（SQLite：{detail}）"), detail.clone()),
        StoreProblem::NoStore => Said::new("这里没有汇总库", "no store here"),
        StoreProblem::NotAStore => Said::new("不是汇总库", "not a collector's store"),
        StoreProblem::SignedByAnotherKey { key } => Said::new(
            format!("汇总库的日志由密钥 {key} 签名，不是所给的密钥"),
            format!("this store's log is signed by key {key}, not by the key given"),
        ),
        StoreProblem::KeyGivenBefore { file } => Said::new(
            format!("汇总库的日志由此前 --key 给出的密钥签名；请再次给出（--key 密钥文件），或把它放在 {file}"),
            format!(
                "this store's log is signed by a key given with --key; give it again (--key FILE), or put it in {file}"
            ),
        ),
        StoreProblem::StoredKeyMalformed => Said::new("库中保存的密钥已损坏", "the stored key is malformed"),
        StoreProblem::LogHashes { detail } => {
            Said::new(format!("日志的哈希值已损坏（{detail}）"), format!("the log's hashes ({detail}) is malformed"))
        }
        StoreProblem::NotAWitnessStore => Said::new("不是见证方的存储库", "not a witness's store"),
        StoreProblem::OtherWitnessKey { vkey } => Said::new(
            format!("该存储库属于见证方 {vkey}，不是所给的密钥和名称：一个存储库只属于一个见证方"),
            format!(
                "this store belongs to witness {vkey}, not to the key and name given: a store is one witness's for good"
            ),
        ),
    }
}

/// What a file that is not what it should be says.
pub(super) fn malformed_said(m: &MalformedFile) -> Said {
    match m {
        MalformedFile::NotAnOutcome { line, detail } => Said::new(
            format!("不是选举结果文件（zheng count --json 的输出）：第 {line} 行（解析器原文：{detail}）"),
            format!("not an outcome (zheng count --json): line {line}: {detail}"),
        ),
        MalformedFile::Inconsistent(p) => {
            let p = outcome_said(p);
            Said::new(format!("选举结果前后不一致：{}", p.zh), format!("not a consistent outcome: {}", p.en))
        }
    }
}
