//! The canonical record of a ballot (see [`super::Decoder::decode_record`]), written from the marks
//! one decode kept: posts in manifest order, listed candidates in list order, then written-in names
//! in byte order, compact JSON.

use super::schema::Schema;
use super::scratch::{MarkedAs, Scratch, WrittenMark};
use crate::vote::model::Style;

/// Writes the canonical record of the line just decoded into `s`, straight into `out` (no string is
/// built per mark: closing a box writes one record per ballot).
pub(super) fn write(schema: &Schema<'_>, s: &mut Scratch, out: &mut Vec<u8>) {
    if s.spoiled {
        out.extend_from_slice(br#"{"spoiled":true}"#);
        return;
    }
    let contests = schema.election().contests();
    let marks = &mut s.written;
    marks.sort();
    // Ids and post ids as the schema quoted them; names escaped as serde_json escapes them.
    let string = |out: &mut Vec<u8>, text: &str| serde_json::to_writer(&mut *out, text).expect("a string serializes");
    out.push(b'{');
    for (pi, post) in marks.chunk_by(|a, b| a.post == b.post).enumerate() {
        let contest = &contests[post[0].post as usize];
        let (post_key, ids) = &schema.quoted[post[0].post as usize];
        if pi > 0 {
            out.push(b',');
        }
        out.extend_from_slice(post_key);
        let mark = |out: &mut Vec<u8>, m: &WrittenMark| match &m.who {
            MarkedAs::Listed(i) => out.extend_from_slice(&ids[*i as usize]),
            MarkedAs::Written(n) if contest.style == Style::Choose => {
                out.extend_from_slice(b"\"w:");
                let quoted = serde_json::to_vec(n.as_str()).expect("a string serializes");
                out.extend_from_slice(&quoted[1..]);
            }
            MarkedAs::Written(n) => string(out, n),
        };
        let list = |out: &mut Vec<u8>, marks: &[WrittenMark]| {
            out.push(b'[');
            for (k, m) in marks.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                mark(out, m);
            }
            out.push(b']');
        };
        match contest.style {
            Style::Choose => list(out, post),
            Style::Approve => {
                out.push(b'{');
                for (li, l) in post.chunk_by(|a, b| a.list == b.list).enumerate() {
                    if li > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice([&b"\"for\":"[..], b"\"against\":", b"\"write_in\":"][l[0].list as usize]);
                    list(out, l);
                }
                out.push(b'}');
            }
        }
    }
    out.push(b'}');
}
