//! The words of what can be wrong with a signed result carried as QR codes.

use super::Said;
use crate::error::QrProblem;

/// What a refusal of QR codes says.
pub(super) fn said(p: &QrProblem) -> Said {
    use QrProblem::*;
    match p {
        NeitherPngNorJpeg => Said::new("不是 PNG 或 JPEG 图像", "not a PNG or JPEG image"),
        NotAnImage { why } => {
            Said::new(format!("这张图像无法读取（{why}）"), format!("the image cannot be read ({why})"))
        }
        ImageTooLarge { width, height } => Said::new(
            format!("图像 {width}×{height} 像素，超过所读的上限"),
            format!("an image of {width}×{height} pixels: larger than Zheng reads"),
        ),
        NoCode => Said::new(
            "图中找不到可读的二维码（请拍得更近、更正、更清楚）",
            "no readable QR code in the image (photograph it closer, straighter, sharper)",
        ),
        NotZheng => Said::new(
            "这个二维码不是正计票的签名结果（开头没有 ZHENGQ01）",
            "a QR code that is not a Zheng signed result (no ZHENGQ01 header)",
        ),
        BadHeader => Said::new(
            "二维码的编号不成立（编号为 0、超过总数，或头部不完整）",
            "a Zheng code whose header does not hold (number 0, past the count, or cut short)",
        ),
        OtherElection { found, expected } => Said::new(
            format!("这是选举 {found} 的二维码，混在选举 {expected} 的结果之中：一次只读一个结果的二维码"),
            format!(
                "a code of election {found} among the codes of a result of election {expected}: read one result's codes at a time"
            ),
        ),
        OtherResult { found, expected } => Said::new(
            format!("这是另一个结果的二维码（票箱 {found}），混在票箱 {expected} 的结果之中：一次只读一个结果的二维码"),
            format!(
                "a code of another result (station {found}) among the codes of station {expected}'s result: read one result's codes at a time"
            ),
        ),
        CountDiffers { found, expected } => Said::new(
            format!("二维码所写的总数不一致（{found} 与 {expected}）"),
            format!("the codes disagree on how many there are ({found} and {expected})"),
        ),
        PartsMissing { missing, count } => {
            let list = |sep: &str| missing.iter().map(u32::to_string).collect::<Vec<_>>().join(sep);
            Said::new(
                format!("缺少第 {} 个二维码（共 {count} 个）：请把缺的也拍下来", list("、")),
                format!("code {} of {count} missing: photograph it too", list(", ")),
            )
        }
        PartDiffers { index } => Said::new(
            format!("第 {index} 个二维码读到两次，内容不同"),
            format!("code {index} was read twice with different contents"),
        ),
        NotTheResultNamed => Said::new(
            "二维码拼合后不是其头部所指的结果（SHA-256 不符）：有二维码读错或被改动",
            "the codes put together are not the result their headers name (SHA-256 differs): a code was misread or altered",
        ),
        TooLarge { bytes, codes } => Said::new(
            format!("结果有 {bytes} 字节，超过 {codes} 个二维码所能容纳"),
            format!("the result is {bytes} bytes: more than {codes} codes hold"),
        ),
        NoRoom { max_bytes, header } => Said::new(
            format!("--max-bytes {max_bytes} 放不下二维码头部（{header} 字节）之后的结果"),
            format!("--max-bytes {max_bytes} leaves no room for the result after the code's header ({header} bytes)"),
        ),
    }
}
