//! The demo's narration: what it shows, each box signed, the merge and the supervisor's check, and
//! where it wrote the reports and the bundle.

phrases! {
    /// The demo's fixed phrases.
    pub enum DemoWord {
        Signing => "—— 签名、汇总与核验 ——", "—— Signing, merging, verifying ——";
        CountYourOwn =>
            "\n用自己的数据计票：zheng count --election 选举.toml 票箱.jsonl… [--json]；签名流程见 README。\n",
            "\nCount your own: zheng count --election E.toml BOX.jsonl… [--json]; signing: see the README.\n";
    }
}

sentences! {
    /// The demo's sentences.
    pub enum DemoSays {
        Intro { township, village } =>
            "正 Zheng 演示：{township}{village}换届选举，各票箱公开计票结果（数据见 fixtures/）。\n",
            "正 Zheng demo: the re-election of {village}, {township} — each vote counted from its ballot boxes (data in fixtures/).\n";
        Printable { path } => "公告（可打印）： {path}", "printable report: {path}";
        BoxSigned { station, result, root, n } =>
            "  票箱 {station:<10} 结果 {result}…  默克尔根 {root}…  {n} 个签名",
            "  box {station:<10} result {result}…  Merkle {root}…  {n} signature(s)";
        Merged { accepted } =>
            "  汇总：{accepted} 个票箱结果签名核验通过，选票逐张复算一致，已合并。",
            "  merge: {accepted} box results verified, every ballot recounted, merged.";
        Passed { passed, checks } =>
            "  监督核验（zheng verify）：{passed}/{checks} 项检查通过。",
            "  supervisor's check (zheng verify): {passed}/{checks} checks passed.";
        Failed { passed, checks } =>
            "  监督核验（zheng verify）：{passed}/{checks} 项检查通过，未通过！",
            "  supervisor's check (zheng verify): {passed}/{checks} checks passed — FAILED";
        BundleKept { path } => "  签名数据包： {path}", "  the signed bundle: {path}";
        ToCheck { shown, trust } =>
            "  监督核验： zheng verify {shown} --trust {trust}",
            "  to check it: zheng verify {shown} --trust {trust}";
        SignedReport { path } => "  签名数据包的公告： {path}", "  the signed bundle's report: {path}";
    }
}
