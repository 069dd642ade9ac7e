//! A signed result as QR codes in words: what `zheng qr encode` wrote, what `zheng qr decode` read
//! back and checked, and the caption over the codes a closed box shows on the station's screen and
//! on the hall's board.

phrases! {
    /// The QR codes' fixed phrases.
    pub enum QrWord {
        SignedResult => "签名结果", "Signed result";
        HowToCarry =>
            "没有网络时：用手机拍下或扫描二维码，带回乡镇用 zheng qr decode 读回，再交 zheng collect；公布的选票随后用 U 盘送达，核验之前结果都是临时的。",
            "No network? Photograph or scan the code, read it back at the township with zheng qr decode and give it to zheng collect; the published ballots follow by USB, and until they verify the outcome is provisional.";
    }
}

sentences! {
    /// The QR codes' sentences.
    pub enum QrSays {
        Wrote { path, index, count, station, election, bytes, version } =>
            "{path}：二维码 {index}/{count}，票箱 {station} 的签名结果（选举 {election}，{bytes} 字节；版本 {version}，纠错等级 M）",
            "{path}: QR code {index} of {count}, station {station}'s signed result (election {election}, {bytes} bytes; version {version}, error correction M)";
        Decoded { path, station, election, codes, result } =>
            "{path}：票箱 {station} 的签名结果（选举 {election}），由 {codes} 个二维码拼合；结果 {result}",
            "{path}: station {station}'s signed result (election {election}), put together from {codes} QR code(s); result {result}";
        OwnSignatures { n } =>
            "  {n} 个签名在其所写的密钥下均核验通过；这些密钥是否属于该票箱及其监票人，由 zheng collect 或 merge 按选举清单核对（或加 --election）",
            "  its {n} signature(s) verify under the keys they name; whether those are the station's and its monitors', zheng collect and merge check against the manifest (or give --election)";
        Verified { manifest, monitors } =>
            "  已按选举清单 {manifest} 核验：票箱签名有效，监票人签名 {monitors} 个",
            "  verified against the manifest {manifest}: the station's signature holds, {monitors} monitor(s) signed";
        NotClosedWith { path } =>
            "{path} 不是本票箱封箱时签名的结果：不显示二维码",
            "{path} is not the result this box was closed with: no code shown";
        Caption { index, count, station } =>
            "签名结果二维码 {index}/{count}（票箱 {station}）",
            "signed result, QR code {index} of {count} (station {station})";
    }
}
