//! Runs ([`super::compact`]) held to serde's reader on generated lines: a few values a post, so that
//! the decoder keeps them and goes from one to the next ([`super::windows`]), in every arrangement a
//! run meets — posts left out, a post twice or out of order, `spoiled` anywhere, whitespace around
//! separators and colons, long keys and ids whose values and keys fall across a window's parts, and
//! lines cut short or with a byte changed.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

use super::Schema;
use super::tests::decoded;
use crate::vote::manifest::Election;

/// A post of a generated ballot: its id, seats, whether it is an approve post, its candidates' ids.
type Post = (&'static str, u32, bool, &'static [&'static str]);

/// A ballot of seven posts: choose and approve, a post whose ids differ in length (never read in a
/// run), a one-letter key whose candidate `a` stands in `chair` too.
const SEVEN: [Post; 7] = [
    ("chair", 1, false, &["a", "b"]),
    ("vice", 1, false, &["v1", "v2"]),
    ("member", 2, false, &["c", "d", "e"]),
    ("party", 2, true, &["p", "q", "r"]),
    ("odd", 1, false, &["x", "yy"]),
    ("w", 2, false, &["h", "i", "a"]),
    ("board", 2, true, &["s", "t"]),
];

/// A ballot of long keys and ids: values, separators and keys across 16, 32, 48 and 64 bytes.
const LONG: [Post; 4] = [
    ("chairperson01", 1, false, &["abcdefgh", "bcdefghi"]),
    ("vicechair0001", 2, false, &["v1v1v1v1", "v2v2v2v2"]),
    ("partycommitte", 2, true, &["pppppppp", "qqqqqqqq"]),
    ("m", 3, false, &["c", "d"]),
];

/// The manifest of a ballot of `posts`, one station; a candidate's name follows from their id (the
/// same id in two posts is the same person).
fn manifest(posts: &[Post]) -> String {
    let name = |id: &str| match id {
        "a" | "abcdefgh" => "赵一",
        "b" | "bcdefghi" => "钱二",
        "v1" | "v1v1v1v1" => "钱三",
        "v2" | "v2v2v2v2" => "钱四",
        "c" => "孙三",
        "d" => "李四",
        "e" => "周五",
        "p" | "pppppppp" => "吴六",
        "q" | "qqqqqqqq" => "郑七",
        "r" => "王八",
        "x" => "冯九",
        "yy" => "陈十",
        "h" => "褚一",
        "i" => "卫二",
        "s" => "蒋三",
        _ => "沈四",
    };
    let mut m = String::from("format = 1\n[election]\nid = \"t\"\nbody = \"villagers-committee\"\nregistered = 10\n");
    for (id, seats, approve, candidates) in posts {
        let listed: Vec<String> =
            candidates.iter().map(|c| format!("{{ id = \"{c}\", name = \"{}\" }}", name(c))).collect();
        let style = if *approve { "style = \"approve\"\n" } else { "" };
        m += &format!("[[contest]]\nid = \"{id}\"\nseats = {seats}\n{style}candidates = [ {} ]\n", listed.join(", "));
    }
    m + "[[station]]\nid = \"s\"\n"
}

/// The values a post's entries take: valid, void (too many marks, a name twice), written-in, with
/// a space inside, too long to keep.
fn values(post: &str) -> &'static [&'static str] {
    match post {
        "chair" => &[
            r#"["a"]"#,
            r#"["b"]"#,
            "[]",
            r#"["a","b"]"#,
            r#"["w:张三"]"#,
            r#"[ "a"]"#,
            r#"["a","a","a","a","a","a"]"#,
        ],
        "vice" => &[r#"["v1"]"#, r#"["v2"]"#, "[]", r#"["v1","v2","v1"]"#, r#"["w:钱二"]"#],
        "member" => &[r#"["c","d"]"#, r#"["e"]"#, r#"["c","d","e","c","d","e","c"]"#, r#"["c","w:孙三"]"#, "[]"],
        "party" => &[
            r#"{"for":["p"],"against":[]}"#,
            r#"{"for":[],"against":["q"]}"#,
            r#"{"for":["p","q","r"],"against":["p"]}"#,
            r#"{"for":["p","q","r","p","q"],"against":["p","q","r","p"]}"#,
            r#"{"for":[],"against":["q"],"write_in":["张三"]}"#,
            "{}",
        ],
        "odd" => &[r#"["x"]"#, r#"["yy"]"#, "[]"],
        "w" => &[r#"["h"]"#, r#"["a"]"#, r#"["h","i"]"#, "[]"],
        "board" => &[r#"{"for":["s"],"against":[]}"#, r#"{"for":["s","t"],"against":["t"]}"#, "{}"],
        "chairperson01" => &[r#"["abcdefgh"]"#, r#"["bcdefghi"]"#, "[]", r#"["abcdefgh","bcdefghi"]"#, r#"["w:张三"]"#],
        "vicechair0001" => &[r#"["v1v1v1v1"]"#, r#"["v2v2v2v2","v1v1v1v1"]"#, "[]", r#"["v1v1v1v1","w:钱二"]"#],
        "partycommitte" => &[
            r#"{"for":["pppppppp"],"against":[]}"#,
            r#"{"for":["pppppppp","qqqqqqqq"],"against":["qqqqqqqq"]}"#,
            r#"{"for":[],"against":["qqqqqqqq","pppppppp"]}"#,
            r#"{ "for":["pppppppp"]}"#,
        ],
        _ => &[r#"["c"]"#, r#"["c","d"]"#, "[]", r#"["d","c","d"]"#],
    }
}

/// One of post `p`'s values.
fn pick(r: &mut ChaCha8Rng, p: &str) -> &'static str {
    values(p)[r.random_range(0..values(p).len())]
}

/// A line of `posts` (each left out a third of the time), its separators mostly a comma, now and
/// then a post again or `spoiled` after one, and one line in ten cut short or with a byte changed.
fn line(r: &mut ChaCha8Rng, posts: &[&str]) -> Vec<u8> {
    const SEPARATORS: [&str; 7] = [" ,", ", ", "\t,\t", "\r\n,", " , ", ",\r", ",  "];
    // One line in eight opens with a post from further on, out of order (it comes again in its
    // place: a run that reaches it from the post before stops there).
    let mut order: Vec<&str> = posts.to_vec();
    if r.random_range(0..8) == 0 {
        order.insert(0, posts[r.random_range(1..posts.len())]);
    }
    let mut s = String::from("{");
    for (i, p) in order.iter().enumerate() {
        if r.random_range(0..3) == 0 {
            continue;
        }
        if s.len() > 1 {
            let sep = r.random_range(0..4 * SEPARATORS.len());
            s.push_str(SEPARATORS.get(sep).unwrap_or(&","));
        }
        let colon = if r.random_range(0..20) == 0 { ": " } else { ":" };
        s.push_str(&format!("\"{p}\"{colon}{}", pick(r, p)));
        match r.random_range(0..30) {
            0 => {
                let again = order[i.saturating_sub(1)];
                s.push_str(&format!(",\"{again}\":{}", pick(r, again)));
            }
            1 => s.push_str(&format!(",\"spoiled\":{}", r.random_bool(0.5))),
            _ => {}
        }
    }
    s.push('}');
    s.push_str(["", "", " ", "\r"][r.random_range(0..4)]);
    let mut b = s.into_bytes();
    let at = r.random_range(0..b.len());
    match r.random_range(0..30) {
        0 => b.truncate(at),
        1 => {
            const BYTES: &[u8] = b"\",: \t}][{\0\rxap";
            b[at] = BYTES[r.random_range(0..BYTES.len())];
        }
        2 => drop(b.remove(at)),
        _ => {}
    }
    b
}

/// Every generated line reads on the fast path as serde's reader reads it — verdict or error, the
/// batch, the record (one line in fifty asks for one) and where the law found fault [ZJE27; CPC] —
/// with the decoder's kept values carried from line to line and, every 3,000 lines, to a new decoder
/// of the same ballot (as a thread's next task starts).
#[test]
fn runs_read_generated_lines_as_serde_reads_them() {
    let cases: usize = std::env::var("ZHENG_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(6000);
    let seed: u64 = std::env::var("ZHENG_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(11);
    for ballot in [&SEVEN[..], &LONG[..]] {
        let e = Election::from_toml(&manifest(ballot), Path::new("t")).unwrap();
        let posts: Vec<&str> = ballot.iter().map(|p| p.0).collect();
        let schema = Schema::new(&e);
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        let (mut fast, mut reference) = (schema.decoder(), schema.reference_decoder());
        for k in 0..cases {
            if k % 3000 == 2999 {
                drop(fast);
                fast = schema.decoder();
            }
            let l = String::from_utf8_lossy(&line(&mut r, &posts)).into_owned();
            let record = k % 50 == 49;
            let (a, b) =
                (decoded(&mut fast, schema.layout(), &l, record), decoded(&mut reference, schema.layout(), &l, record));
            assert_eq!(a, b, "line {k}: {l:?}");
        }
    }
}
