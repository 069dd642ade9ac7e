//! The witness's words: on its terminal (where it listens, that it stopped) and in the few answers
//! that are not a refusal (a store that failed, no checkpoint yet for a log).

phrases! {
    /// The witness's fixed phrases.
    pub enum WitnessWord {
        Stopped => "zheng witness：已停止；每个已联署的检查点都已保存", "zheng witness: stopped; every checkpoint it cosigned is stored";
        PlainHttp =>
            " （明文 HTTP：检查点由日志签名，联署签名由见证方签名）",
            " (plain HTTP: checkpoints are signed by their logs, cosignatures by the witness)";
        NotStored => "无法保存检查点：未联署", "the checkpoint could not be stored: nothing was cosigned";
        CheckFailed => "检查出错：未联署", "the check failed: nothing was cosigned";
        NoCheckpoint => "本见证方尚未联署该日志的检查点", "no checkpoint of this log cosigned yet";
        Unreadable => "无法读取见证方的存储库", "the witness's store could not be read";
    }
}

sentences! {
    /// The witness's sentences.
    pub enum WitnessSays {
        Listening { url, plain, vkey, logs } =>
            "zheng witness：在 {url}{plain} 接收检查点；见证方公钥 {vkey}；见证的日志：{logs}",
            "zheng witness: listening on {url}{plain}; witness {vkey}; logs: {logs}";
    }
}
