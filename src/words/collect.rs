//! The collector's words on the terminal: where it listens, its key, what it found beside its
//! store, that it stopped; who has reported (`collect status`); and the log's answers (`zheng log`).

phrases! {
    /// The collector's and the log's fixed phrases.
    pub enum CollectWord {
        Stopped => "zheng collect：已停止；每个已确认的提交都已保存", "zheng collect: stopped; every acknowledged submission is stored";
        NothingLogged => "日志中还没有任何记录", "nothing logged yet";
        PlainHttp =>
            " （明文 HTTP：每个结果、回执和检查点都有签名）",
            " (plain HTTP: every result, receipt and checkpoint is signed)";
    }
}

sentences! {
    /// The collector's and the log's sentences.
    pub enum CollectSays {
        KeyMoved { file } =>
            "zheng collect：此前保存在汇总库中的汇总密钥已移到 {file}（权限 0600），今后每次启动都从那里读取：请只保存在本机，切勿放入交给他人的汇总库副本",
            "zheng collect: the collector's key, kept inside the store by an earlier Zheng, was moved to {file} (mode 0600), and is used from there at every start: keep it on this machine, never in a copy of the store you hand out";
        KeyNew { file } =>
            "zheng collect：没有给出 --key：汇总的新密钥在 {file}（权限 0600），今后每次启动都从那里读取：请只保存在本机，切勿放入交给他人的汇总库副本",
            "zheng collect: no --key given: the collector's new key is in {file} (mode 0600), and is used from there at every start: keep it on this machine, never in a copy of the store you hand out";
        HeadMissing { file } =>
            "zheng collect：汇总库旁没有 {file}（本汇总最新签署的检查点）：这次无法识别被放回的旧副本；下次提交时会重新写入",
            "zheng collect: {file} (the newest checkpoint this collector signed) was not beside the store: an older copy of the store put back could not be told from it this time; it is written again at the next commit";
        Listening { url, plain, origin, key } =>
            "zheng collect：在 {url}{plain} 接收；日志 {origin}，公钥 {key}",
            "zheng collect: listening on {url}{plain}; log {origin} key {key}";
        TownshipBoard { url } => "乡镇看板：网址 {url}", "township board: {url}";
        Status { election, reported, stations, missing, conflicts, refusals } =>
            "选举 {election}：{stations} 个票箱中已上报 {reported} 个；未上报：{missing}；冲突：{conflicts}；拒收：{refusals}",
            "election {election}: {reported} of {stations} stations reported; missing: {missing}; conflicts: {conflicts}; refusals: {refusals}";
        Witnesses { quorum, witnesses, witnessed, lacking } =>
            "见证：{witnesses} 中须有 {quorum} 方联署；最新已见证的检查点：{witnessed}；近期未达法定数的检查点（大小）：{lacking}",
            "witnesses: {quorum} of {witnesses} must cosign; newest witnessed checkpoint: {witnessed}; recent checkpoints without the quorum (sizes): {lacking}";
        Witnessed { size, by } =>
            "；{size} 条的检查点经见证方联署，达到法定数：{by}",
            "; the checkpoint of {size} carries the witnesses' quorum: {by}";
        WitnessedBy { size, by } => "{size} 条（{by} 联署）", "{size} entries (cosigned by {by})";
        ReceiptVerifies { station, election, result, status, index, size } =>
            "回执核验通过：选举 {election} 票箱 {station} 的结果 {result}（{status}）是日志第 {index} 条，包含在其 {size} 条的检查点中",
            "receipt verifies: station {station} of election {election}, result {result}, {status} as entry {index} of the log, included in its checkpoint of {size}";
        StillHolds { size } =>
            "；{size} 条的日志仍包含它（与回执的检查点一致）",
            "; the log of {size} entries still holds it (consistent with the receipt's checkpoint)";
    }
}
