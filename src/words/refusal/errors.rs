//! The words of [`Error`]: the frame around each error (the file it concerns, what kind of failure
//! it is) in Chinese and English. A refusal says its own sentence ([`super::refusals`]). Some
//! errors carry a sentence their stage wrote (a manifest's problems, a key file's, a store's, bad
//! usage): that sentence is the stage's, in English, and is said as it is in both languages.

use std::fmt::Write;

use super::Said;
use super::kinds::{file_kind_said, io_said};
use crate::error::{Error, LocatedErrors};

/// What an error says.
pub(super) fn said(e: &Error) -> Said {
    match e {
        Error::Io { path, cause } => {
            let cause = io_said(cause);
            Said::new(format!("{path}：{}", cause.zh), format!("{path}: {}", cause.en))
        }
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
        Error::Manifest(found) | Error::BoxFile(found) | Error::Register(found) => Said::same(located(found)),
        Error::Boxes(message) | Error::Check(message) | Error::Usage(message) => Said::same(message.clone()),
        Error::Key { path, message }
        | Error::Malformed { path, message }
        | Error::Journal { path, message }
        | Error::Store { path, message } => Said::same(format!("{path}: {message}")),
        Error::Refusal(refusal) => super::refusals::said(refusal),
        Error::Refused { path, refusal } => {
            let r = super::refusals::said(refusal);
            Said::new(format!("{path}：{}", r.zh), format!("{path}: {}", r.en))
        }
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

/// Every problem of a file, one a line: `file:line: field: message`.
pub(super) fn located(e: &LocatedErrors) -> String {
    let mut out = String::new();
    for (i, p) in e.problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&e.file);
        if let Some(l) = p.line {
            let _ = write!(out, ":{l}");
        }
        if p.field.is_empty() {
            let _ = write!(out, ": {}", p.message);
        } else {
            let _ = write!(out, ": {}: {}", p.field, p.message);
        }
    }
    out
}
