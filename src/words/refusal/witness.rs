//! The words of what a verifier key (vkey), a witness's cosignature or a request to a witness's
//! `add-checkpoint` gets wrong (c2sp.org/signed-note, tlog-cosignature, tlog-witness).

use super::Said;
use super::problems::key_fault_said;
use crate::error::{CosignatureFault, PolicyFault, RequestFault, VkeyFault};

/// What is wrong with a witness policy file.
pub(super) fn policy_said(f: &PolicyFault) -> Said {
    match f {
        PolicyFault::Keyword => Said::new(
            "不是 log、witness、group 或 quorum 行（# 开头为注释）",
            "not a log, witness, group or quorum line (# starts a comment)",
        ),
        PolicyFault::Arguments => Said::new("该行的词数不对", "the line has too few or too many words"),
        PolicyFault::Threshold => Said::new(
            "组的门槛须为 all、any 或 1 到成员数之间的数",
            "a group's threshold must be all, any or a number from 1 to its members",
        ),
        PolicyFault::UnknownName { name } => Said::new(
            format!("名称 {name} 在使用前未定义"),
            format!("the name {name} is not defined before it is used"),
        ),
        PolicyFault::DuplicateName { name } => {
            Said::new(format!("名称 {name} 定义了两次"), format!("the name {name} is defined twice"))
        }
        PolicyFault::NoQuorum => Said::new("须有且只有一行 quorum", "there must be exactly one quorum line"),
    }
}

/// What is wrong with a vkey.
pub(super) fn vkey_said(f: &VkeyFault) -> Said {
    match f {
        VkeyFault::NotThreeParts => Said::new(
            "不是以 + 分隔的三部分（名称+密钥标识+base64 公钥）",
            "not three parts separated by + (name+key id+base64 key)",
        ),
        VkeyFault::Name => {
            Said::new("名称为空，或含有空格、控制字符", "the name is empty or holds a space or a control character")
        }
        VkeyFault::KeyIdNotHex => Said::new("密钥标识不是 8 位十六进制数", "the key id is not 8 hex digits"),
        VkeyFault::NotBase64 => Said::new("公钥部分不是 base64", "the key is not base64"),
        VkeyFault::Type { found, expected } => Said::new(
            format!(
                "密钥类型为 0x{found:02x}，此处须为 0x{expected:02x}（0x01：日志签署检查点的密钥；0x04：见证方的联署密钥）"
            ),
            format!(
                "a key of type 0x{found:02x}, not 0x{expected:02x} (0x01: a log's checkpoint key; 0x04: a witness's cosignature key)"
            ),
        ),
        VkeyFault::Length { bytes } => Said::new(
            format!("类型字节之后应为 32 字节的 Ed25519 公钥，实为 {bytes} 字节"),
            format!("not a 32-byte Ed25519 key after the type byte ({bytes} bytes)"),
        ),
        VkeyFault::KeyIdDiffers { given, computed } => Said::new(
            format!("密钥标识 {given} 与名称和公钥算出的 {computed} 不符"),
            format!("the key id {given} is not {computed}, the one its name and key give"),
        ),
        VkeyFault::NoUrl => Said::new(
            "见证方须写作 公钥@http://主机:端口[/路径]（公钥的名称即见证方的名称）",
            "a witness is given as VKEY@http://HOST:PORT[/PREFIX] (the vkey's name is the witness's)",
        ),
        VkeyFault::Key(fault) => {
            let f = key_fault_said(*fault);
            Said::new(format!("公钥无效：{}", f.zh), format!("the key: {}", f.en))
        }
    }
}

/// What is wrong with a cosignature line.
pub(super) fn cosignature_said(f: &CosignatureFault) -> Said {
    match f {
        CosignatureFault::NotASignatureLine => {
            Said::new("不是签名行（— 名称 base64）", "not a signature line (— NAME BASE64)")
        }
        CosignatureFault::OtherKey => Said::new("这是另一个密钥的签名行", "a signature line of another key"),
        CosignatureFault::Length { bytes } => Said::new(
            format!("签名应为 76 字节（密钥标识、时间戳、Ed25519 签名），实为 {bytes} 字节"),
            format!("{bytes} bytes, not 76 (key id, timestamp, Ed25519 signature)"),
        ),
        CosignatureFault::TimestampTooLarge => Said::new("时间戳超过 2⁶³ − 1", "a timestamp past 2⁶³ − 1"),
        CosignatureFault::DoesNotVerify => Said::new("Ed25519 签名核验不通过", "its Ed25519 signature does not verify"),
    }
}

/// What is wrong with the body of an `add-checkpoint` request.
pub(super) fn request_said(f: &RequestFault) -> Said {
    match f {
        RequestFault::NotText => Said::new("请求内容不是 UTF-8 文本", "the body is not UTF-8 text"),
        RequestFault::NoOldLine => {
            Said::new("第一行不是 old N（十进制，无前导零）", "its first line is not old N (decimal, no leading zero)")
        }
        RequestFault::ProofLineNotHash { line } => Said::new(
            format!("一致性证明的第 {line} 行不是一个 base64 哈希值"),
            format!("proof line {line} is not one hash in base64"),
        ),
        RequestFault::TooManyProofLines => Said::new("一致性证明超过 63 行", "more than 63 proof lines"),
        RequestFault::NoEmptyLine => Said::new("检查点之前没有空行", "no empty line before the checkpoint"),
        RequestFault::NotANote => Said::new("检查点不是带签名的文本", "the checkpoint is not a signed note"),
        RequestFault::NotACheckpoint => Said::new(
            "签名文本的内容不是检查点（日志标识、大小、根哈希）",
            "the note's text is not a checkpoint (origin, size, root hash)",
        ),
    }
}
