//! The manifests the unit tests of every stage share, written once — and the demo's counted outcome.

/// The demo village's villagers' committee, counted from its fixture boxes.
pub fn demo_outcome() -> crate::vote::outcome::Outcome {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kengtou-vc");
    let text = std::fs::read_to_string(dir.join("election.toml")).unwrap();
    let e = crate::vote::manifest::Election::from_toml(&text, &dir.join("election.toml")).unwrap();
    let boxes: Vec<std::path::PathBuf> =
        ["central", "station-1", "station-2", "mobile"].iter().map(|b| dir.join(format!("{b}.jsonl"))).collect();
    crate::vote::count::count(&e, &boxes, false).unwrap()
}

/// One post, `chair` (1 seat: a 赵一), one station `s`, 10 registered.
pub const ONE_POST: &str = "format = 1\n[election]\nid = \"t\"\nbody = \"villagers-committee\"\nregistered = 10\n[[contest]]\nid = \"chair\"\nseats = 1\ncandidates = [ { id = \"a\", name = \"赵一\" } ]\n[[station]]\nid = \"s\"\n";

/// Three posts: `chair` (1 seat: a 赵一, b 钱二), `member` (2 seats: c 孙三, d 李四, e 周五) and an
/// approve-style `party` (2 seats: p 吴六, q 郑七, r 王八); one station `s`, 10 registered.
pub const VC: &str = r#"
format = 1
[election]
id = "t"
body = "villagers-committee"
registered = 10
[[contest]]
id = "chair"
seats = 1
candidates = [ { id = "a", name = "赵一" }, { id = "b", name = "钱二" } ]
[[contest]]
id = "member"
seats = 2
candidates = [ { id = "c", name = "孙三" }, { id = "d", name = "李四" }, { id = "e", name = "周五" } ]
[[contest]]
id = "party"
seats = 2
style = "approve"
candidates = [ { id = "p", name = "吴六" }, { id = "q", name = "郑七" }, { id = "r", name = "王八" } ]
[[station]]
id = "s"
"#;

/// Two posts, listed out of alphabetical order: `chair` (1 seat: b 钱二, a 赵一) and an
/// approve-style `party` (2 seats: p 吴六, q 郑七); one station `s`.
pub const TWO_POSTS: &str = r#"
format = 1
[election]
id = "t"
body = "villagers-committee"
registered = 10
[[contest]]
id = "chair"
seats = 1
candidates = [ { id = "b", name = "钱二" }, { id = "a", name = "赵一" } ]
[[contest]]
id = "party"
seats = 2
style = "approve"
candidates = [ { id = "p", name = "吴六" }, { id = "q", name = "郑七" } ]
[[station]]
id = "s"
"#;
