//! The words of [`Error`]: the frame around each error (the file it concerns, what kind of failure
//! it is) in Chinese and English, around what the error names inside it — a refusal
//! ([`super::refusals`]), a problem at a place in a file ([`super::problems`]), bad usage, a key
//! file, a store ([`super::faults`]).

use super::faults::{boxes_said, key_file_said, malformed_said, store_said, usage_said};
use super::kinds::{file_kind_said, io_said};
use super::{Said, problems};
use crate::error::{Error, LocatedErrors};

/// What an error says.
pub(super) fn said(e: &Error) -> Said {
    let at = |path: &str, s: Said| Said::new(format!("{path}：{}", s.zh), format!("{path}: {}", s.en));
    match e {
        Error::Io { path, cause } => at(path, io_said(cause)),
        Error::NotRegular { path, kind } => {
            let kind = file_kind_said(*kind);
            Said::new(
                format!("{path}：{}，不是普通文件；正计票只读取普通文件", kind.zh),
                format!("{path}: {}, not a regular file; Zheng reads only regular files", kind.en),
            )
        }
        Error::TooLarge { path, limit } => {
            Said::new(format!("{path}：超过 {limit} 字节"), format!("{path}: larger than {limit} bytes"))
        }
        Error::Manifest(found) | Error::BoxFile(found) | Error::Register(found) => located(found),
        Error::Boxes(b) => boxes_said(b),
        Error::Usage(u) => usage_said(u),
        Error::Key { path, problem } => at(path, key_file_said(problem)),
        Error::Malformed { path, problem } => at(path, malformed_said(problem)),
        Error::Journal { path, detail } => {
            Said::new(format!("{path}：计票日志数据库出错（SQLite：{detail}）"), format!("{path}: {detail}"))
        }
        Error::Store { path, problem } => at(path, store_said(problem)),
        Error::Refusal(refusal) => super::refusals::said(refusal),
        Error::Refused { path, refusal } => at(path, super::refusals::said(refusal)),
        Error::Qr { path: Some(path), problem } => at(path, super::qr::said(problem)),
        Error::Qr { path: None, problem } => super::qr::said(problem),
        Error::Invariant(m) => Said::new(format!("内部检查失败：{m}"), format!("internal check failed: {m}")),
        Error::Listen { address, cause } => {
            let cause = io_said(cause);
            Said::new(
                format!("无法在 {address} 上监听：{}", cause.zh),
                format!("cannot listen on {address}: {}", cause.en),
            )
        }
    }
}

/// Every problem of a file, one a line: `file:line: field: what` (in Chinese `file:line：field：what`).
pub(super) fn located(e: &LocatedErrors) -> Said {
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for p in &e.problems {
        let place = match p.line {
            Some(l) => format!("{}:{l}", e.file),
            None => e.file.clone(),
        };
        let what = problems::said(&p.problem);
        if p.field.is_empty() {
            zh.push(format!("{place}：{}", what.zh));
            en.push(format!("{place}: {}", what.en));
        } else {
            zh.push(format!("{place}：{}：{}", p.field, what.zh));
            en.push(format!("{place}: {}: {}", p.field, what.en));
        }
    }
    Said::new(zh.join("\n"), en.join("\n"))
}
