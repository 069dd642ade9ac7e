//! Box files (contract §2): a header line naming the station and its voters, then one ballot a line.
//! The one place a box file is opened and read ([`scan`], [`BoxSource`]).
//!
//! The reader reads the file in chunks of about a megabyte ([`chunks`]): the first here, the rest
//! in spans, each read and decoded by a task of its own at its place in the file ([`spans`]). Any
//! input error rejects the whole file, naming the line and the field; the
//! error reported is always the first in the file, whatever the threads did, and nothing is counted.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, HeaderFault, LocatedErrors, Problem};
use crate::vote::ballot::{BallotBatch, LineError, RecordCounts, RecordPool, Repeats, Schema};

mod chunks;
mod source;
mod spans;
pub use chunks::Stopped;
pub(crate) use chunks::{EndsShort, each_chunk};
pub use source::BoxSource;

/// The longest line read, in bytes.
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// The first line of a box file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxHeader {
    /// The station (ballot box) id of the manifest.
    pub station: String,
    /// People who signed in and took a ballot at this box.
    pub voters: u64,
}

/// What one box file holds: its header, and the per-task results of `map` in file order.
#[derive(Debug)]
pub struct Scanned<T> {
    /// The box's header line: its station and voters.
    pub header: BoxHeader,
    /// Ballot lines read.
    pub ballots: u64,
    /// One result per chunk of about a megabyte of lines, in file order.
    pub parts: Vec<T>,
    /// Every ballot's canonical record, counted, when the scan keeps them ([`Records::Keep`]);
    /// none otherwise.
    pub records: RecordCounts,
}

fn located(file: &Path, line: usize, field: &str, problem: Problem) -> Error {
    Error::BoxFile(LocatedErrors::one(file, Some(line), field, problem))
}

/// Reads the header line: `{"station":"ID","voters":N}`.
pub fn parse_header(file: &Path, line: &[u8]) -> Result<BoxHeader, Error> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    match plain_header(line) {
        Some(header) => Ok(header),
        None => read_header(file, line),
    }
}

/// [`parse_header`] by the JSON reader: any spelling, every fault named.
fn read_header(file: &Path, line: &[u8]) -> Result<BoxHeader, Error> {
    let fail = |field: &str, f: HeaderFault| located(file, 1, field, Problem::Header(f));
    let entries = object_entries(line).map_err(|e| fail("", HeaderFault::NotAnObject { detail: e.to_string() }))?;
    let mut map = serde_json::Map::new();
    for (k, v) in entries {
        if k != "station" && k != "voters" {
            return Err(fail(&k, HeaderFault::UnknownField));
        }
        if map.insert(k.clone(), v).is_some() {
            return Err(fail(&k, HeaderFault::GivenTwice));
        }
    }
    let station = match map.get("station") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(fail("station", HeaderFault::NotAString)),
        None => return Err(fail("station", HeaderFault::Missing)),
    };
    let voters = match map.get("voters") {
        Some(serde_json::Value::Number(n)) => {
            n.as_u64().ok_or_else(|| fail("voters", HeaderFault::NotWholeNumberOfPeople { number: n.to_string() }))?
        }
        Some(_) => return Err(fail("voters", HeaderFault::NotANumber)),
        None => return Err(fail("voters", HeaderFault::Missing)),
    };
    Ok(BoxHeader { station, voters })
}

/// A header written exactly as `{"station":"ID","voters":N}` — no space, no escape, the number
/// of at most 18 digits and no leading zero — read as the JSON reader would read it, without it
/// (ten thousand small boxes: a tenth of a box's own work); none for any other line.
fn plain_header(line: &[u8]) -> Option<BoxHeader> {
    let rest = line.strip_prefix(br#"{"station":""#)?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    let (station, rest) = rest.split_at(end);
    let digits = rest.strip_prefix(br#"","voters":"#)?.strip_suffix(b"}")?;
    let plain = (1..=18).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && (digits[0] != b'0' || digits.len() == 1);
    if !plain {
        return None;
    }
    let voters = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    Some(BoxHeader { station: std::str::from_utf8(station).ok()?.to_string(), voters })
}

/// Whether a scan counts each ballot's canonical record ([`Scanned::records`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    /// Count only.
    Skip,
    /// Count and keep the records (closing a box: they are published).
    Keep,
}

/// The entries of a JSON object in the order written, duplicate keys kept (so that they can be
/// refused: a duplicate key is ambiguous — serde_json's map would keep the last).
pub(crate) fn object_entries(bytes: &[u8]) -> Result<Vec<(String, serde_json::Value)>, serde_json::Error> {
    use serde::de::{Deserializer, MapAccess, Visitor};
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(String, serde_json::Value)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let entries = (&mut de).deserialize_map(Entries)?;
    de.end()?;
    Ok(entries)
}

/// Streams a box file: parses the header, decodes every ballot line against `schema` and hands each
/// task's batch, with the task's lines, to `map`. Fails on the first input error in the file.
pub fn scan<T, M>(path: &Path, schema: &Schema<'_>, records: Records, map: M) -> Result<Scanned<T>, Error>
where
    T: Send,
    M: Fn(&BallotBatch, &[&[u8]]) -> T + Sync,
{
    let f = crate::files::open_regular_sized(path)?;
    scan_reader(path, f, schema, records, map)
}

/// [`scan`] over any reader, with the bytes it is expected to hold; `path` names it in errors.
pub(crate) fn scan_reader<T, M, R>(
    path: &Path,
    f: (R, u64),
    schema: &Schema<'_>,
    records: Records,
    map: M,
) -> Result<Scanned<T>, Error>
where
    T: Send,
    M: Fn(&BallotBatch, &[&[u8]]) -> T + Sync,
    R: EndsShort + Send,
{
    let registered = schema.election().registered();
    let header = |line: &[u8]| {
        let h = parse_header(path, trim_cr(line))?;
        if h.voters > registered {
            let why = Problem::VotersAboveRegistered { voters: h.voters, registered };
            return Err(located(path, 1, "voters", why));
        }
        Ok(h)
    };
    let pool = (records == Records::Keep).then(RecordPool::default);
    let task = |lines: &[&[u8]]| decode(schema, pool.as_ref(), &map, lines).map(|t| (t, lines.len() as u64));
    let (mut parts, mut ballots) = (Vec::new(), 0u64);
    let consume = |_, (t, n)| {
        parts.push(t);
        ballots += n;
    };
    match chunks::each_chunk(path, f, header, &task, consume) {
        Ok(header) => {
            let records = pool.map(RecordPool::into_counts).unwrap_or_default();
            Ok(Scanned { header, ballots, parts, records })
        }
        Err(Stopped::Task(line, (i, e))) => Err(located(path, line + i, &e.field, e.problem)),
        Err(Stopped::File(e)) => Err(e),
    }
}

/// Decodes a chunk's ballot lines into one batch and hands it, with the lines, to `map` — their
/// records counted in a table of `pool`, when given — or the first input error among them and its
/// line's place in the chunk.
fn decode<T, M>(
    schema: &Schema<'_>,
    pool: Option<&RecordPool>,
    map: &M,
    lines: &[&[u8]],
) -> Result<T, (usize, LineError)>
where
    M: Fn(&BallotBatch, &[&[u8]]) -> T,
{
    let mut d = schema.decoder();
    let mut batch = BallotBatch::with_room(schema.layout(), lines.len());
    let mut repeats = Repeats::for_task(&d, lines.len(), pool.map(RecordPool::take));
    for (i, line) in lines.iter().enumerate() {
        let fault = |problem| (i, LineError { field: String::new(), problem });
        if line.len() > MAX_LINE_BYTES {
            return Err(fault(Problem::LineTooLong { max: MAX_LINE_BYTES }));
        }
        let line = trim_cr(line);
        // A line of whitespace only never decodes, and is told as empty: looked for only then, not
        // before every line (whose leading spaces the reader skips anyway).
        repeats
            .decode(&mut d, (lines, i), line, &mut batch)
            .map_err(|e| if line.iter().all(u8::is_ascii_whitespace) { fault(Problem::EmptyLine) } else { (i, e) })?;
    }
    if let (Some(pool), Some(counts)) = (pool, repeats.finish()) {
        pool.give(counts);
    }
    let done = map(&batch, lines);
    batch.give_back();
    Ok(done)
}

fn trim_cr(l: &[u8]) -> &[u8] {
    l.strip_suffix(b"\r").unwrap_or(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vote::manifest::Election;
    use std::io::Write;

    use crate::vote::testing::ONE_POST as E;

    fn scan_text(text: &str) -> Result<(BoxHeader, u64, u64), Error> {
        let e = Election::from_toml(E, Path::new("e")).unwrap();
        let schema = Schema::new(&e);
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let s = scan(f.path(), &schema, Records::Skip, |b, _| (b.valid() as u64, b.invalid().total()))?;
        let (v, i) = s.parts.iter().fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
        assert_eq!(s.ballots, v + i);
        Ok((s.header, v, i))
    }

    fn err_at(text: &str) -> (Option<usize>, String, String) {
        match scan_text(text) {
            Err(Error::BoxFile(m)) => (m.problems[0].line, m.problems[0].field.clone(), m.problems[0].problem.en()),
            other => panic!("{other:?}"),
        }
    }

    /// Lines that repeat are decoded once per task and added again ([`Repeats`]): the tally and
    /// the records equal reading every line on its own with serde's reader, across tasks, and the
    /// first bad line is still the one reported even when its bytes come again later.
    #[test]
    fn repeated_lines_count_as_reading_each() {
        use crate::vote::tally::{Kernel, Tally};
        let e = Election::from_toml(crate::vote::testing::VC, Path::new("e")).unwrap();
        let schema = Schema::new(&e);
        let kernel = Kernel::new(&e, schema.layout());
        let pool = [
            r#"{"chair":["a"],"member":["c","d"],"party":{"for":["p"],"against":["q"]}}"#,
            r#"{"chair":["b"]}"#,
            r#"{"chair":["w:张三"],"member":["c"]}"#,
            r#"{"chair":["w: 张三 "],"party":{"write_in":["李雷"]}}"#,
            r#"{"chair":["a","b"]}"#,
            r#"{"member":["c","c"]}"#,
            r#"{"spoiled":true}"#,
            r#"{}"#,
            r#"{ "chair" : ["a"] }"#,
            "{\"chair\":[\"b\"]}\r",
        ];
        let mut seed = 11u64;
        let mut lines: Vec<&str> = Vec::new();
        for _ in 0..40_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            lines.push(pool[((seed >> 33) % pool.len() as u64) as usize]);
        }
        // Lines 10,000 to 14,000 all differ (spaces before and after the ballot): a chunk that
        // starts among them stops looking for repeats, and must count the same.
        let spaced: Vec<String> =
            (0..4_000).map(|i| format!("{}{}{}", " ".repeat(i % 64), pool[i % 3], " ".repeat(i / 64))).collect();
        for (i, l) in spaced.iter().enumerate() {
            lines[10_000 + i] = l;
        }
        let write = |lines: &[&str]| {
            let mut f = tempfile::NamedTempFile::new().unwrap();
            writeln!(f, "{{\"station\":\"s\",\"voters\":10}}").unwrap();
            lines.iter().for_each(|l| writeln!(f, "{l}").unwrap());
            f
        };
        let f = write(&lines);
        let scanned = scan(f.path(), &schema, Records::Keep, |b, _| Tally::of_batch(&e, &kernel, b)).unwrap();
        assert!(scanned.parts.len() > 5, "several chunks");
        let mut tally = Tally::empty(&e);
        for t in scanned.parts {
            tally.merge(&t);
        }
        let records = scanned.records;
        let mut d = schema.reference_decoder();
        let mut batch = BallotBatch::new(schema.layout());
        let mut plain = crate::vote::ballot::RecordCounts::default();
        for l in &lines {
            let mut record = Vec::new();
            d.decode_record(trim_cr(l.as_bytes()), &mut batch, &mut record).unwrap();
            plain.add(&record);
        }
        assert_eq!(tally, Tally::of_batch(&e, &kernel, &batch));
        assert_eq!(records, plain);
        assert_eq!(records.total(), 40_000);

        let bad = r#"{"chair":["zz"]}"#;
        lines[25_000] = bad;
        lines[31_000] = bad;
        lines[5_000] = r#"{"chair":["a"],"chair":["b"]}"#;
        lines[20_000] = r#"{"chair":["a"],"chair":["b"]}"#;
        let f = write(&lines);
        match scan(f.path(), &schema, Records::Skip, |b, _| b.valid()) {
            Err(Error::BoxFile(m)) => assert_eq!(m.problems[0].line, Some(5_002)),
            other => panic!("{other:?}"),
        }
        lines[5_000] = pool[0];
        lines[20_000] = pool[0];
        let f = write(&lines);
        match scan(f.path(), &schema, Records::Skip, |b, _| b.valid()) {
            Err(Error::BoxFile(m)) => assert_eq!(m.problems[0].line, Some(25_002)),
            other => panic!("{other:?}"),
        }
    }

    /// Lines this thread decoded in an earlier small box are added again from what it knows: many
    /// small boxes read one after another count — with and without their records — as reading
    /// every line on its own; and what a line means is known for one manifest and one way of
    /// reading only: the same lines under a manifest whose `chair` lists `b` before `a`, or read
    /// again keeping records, count as that reading says.
    #[test]
    fn lines_known_from_earlier_boxes_count_as_reading_each() {
        use crate::vote::ballot::RecordCounts;
        use crate::vote::tally::{Kernel, Tally};
        let pool = [
            r#"{"chair":["a"]}"#,
            r#"{"chair":["b"],"party":{"for":["p"],"against":["q"]}}"#,
            r#"{"chair":["w:张三"]}"#,
            r#"{"chair":["w: 张三 "],"party":{"write_in":["李雷"]}}"#,
            r#"{"chair":["a","b"]}"#,
            r#"{"party":{"for":["p","q"],"against":["p"]}}"#,
            r#"{"spoiled":true}"#,
            r#"{}"#,
            "{\"chair\":[\"b\"]}\r",
        ];
        // Each change of reading comes alone: records, then the manifest, then records again.
        for (text, order) in [
            (crate::vote::testing::VC, [Records::Keep, Records::Skip]),
            (crate::vote::testing::TWO_POSTS, [Records::Skip, Records::Keep]),
        ] {
            let e = Election::from_toml(text, Path::new("e")).unwrap();
            let (schema, mut seed) = (Schema::new(&e), 5u64);
            let kernel = Kernel::new(&e, schema.layout());
            for records in order {
                let (mut tally, mut kept, mut plain) =
                    (Tally::empty(&e), RecordCounts::default(), RecordCounts::default());
                let (mut d, mut batch) = (schema.reference_decoder(), BallotBatch::new(schema.layout()));
                for _ in 0..30 {
                    let mut f = tempfile::NamedTempFile::new().unwrap();
                    writeln!(f, "{{\"station\":\"s\",\"voters\":10}}").unwrap();
                    for _ in 0..50 {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        // 72 lines in all: some share the 6 bits of hash the unit tests keep.
                        let line = format!(
                            "{}{}",
                            " ".repeat((seed >> 13) as usize % 8),
                            pool[((seed >> 33) % pool.len() as u64) as usize]
                        );
                        writeln!(f, "{line}").unwrap();
                        let mut record = Vec::new();
                        d.decode_record(trim_cr(line.as_bytes()), &mut batch, &mut record).unwrap();
                        plain.add(&record);
                    }
                    let s = scan(f.path(), &schema, records, |b, _| Tally::of_batch(&e, &kernel, b)).unwrap();
                    for t in s.parts {
                        tally.merge(&t);
                    }
                    kept.merge(s.records);
                }
                assert_eq!(tally, Tally::of_batch(&e, &kernel, &batch));
                assert_eq!(kept, if records == Records::Keep { plain } else { RecordCounts::default() });
            }
        }
    }

    /// A plain ballot's record is counted by its row ([`RecordCounts`]); ballots whose rows are the
    /// same but whose records differ — a listed candidate named by a written-in name, a post voided
    /// for an overvote, a duplicate or the same person listed in two posts under per-post rules
    /// [ZJE27], a post empty or left out — still count each its own record, with the rules of the
    /// whole ballot or of each post, whether a task's lines repeat or not: the records equal
    /// reading every line on its own.
    #[test]
    fn plain_ballots_counted_by_their_rows_keep_every_record() {
        use crate::vote::ballot::RecordCounts;
        let pool = [
            r#"{"chair":["a"]}"#,
            r#"{"chair":["w:赵一"]}"#,
            r#"{"chair":["a","b"]}"#,
            r#"{"chair":["a","a"]}"#,
            r#"{"chair":["b"],"member":["c","d","e"]}"#,
            r#"{"chair":["b"],"member":["w:钱二"]}"#,
            r#"{"chair":[],"member":["e","c"]}"#,
            r#"{"member":["c","e"],"spoiled":false}"#,
            r#"{}"#,
            r#"{"party":{"for":["p"],"against":["q"]}}"#,
            r#"{"party":{"against":["q"],"for":["p"],"write_in":[]}}"#,
            r#"{"party":{"for":["p"],"against":["q"],"write_in":["吴六"]}}"#,
            r#"{"party":{"for":["p","q","r"]}}"#,
            r#"{"spoiled":true}"#,
            r#"{"chair":["a"],"member":["a","c"]}"#,
            r#"{"member":["d","a"]}"#,
            r#"{"chair":["b"],"member":["w:赵一"]}"#,
        ];
        // 赵一 (a) stands for chair and for member: one person in two posts.
        let vc = crate::vote::testing::VC.replacen(
            r#"{ id = "c", name = "孙三" }"#,
            r#"{ id = "a", name = "赵一" }, { id = "c", name = "孙三" }"#,
            1,
        );
        let per_post = vc.replacen(
            "[[contest]]",
            "[rules]\novervote = \"post\"\nduplicate = \"post\"\ncross_post = \"post\"\n[[contest]]",
            1,
        );
        for text in [vc.as_str(), per_post.as_str()] {
            let e = Election::from_toml(text, Path::new("e")).unwrap();
            let (schema, mut seed) = (Schema::new(&e), 9u64);
            // Lines repeated as they are, then each made distinct by the spaces around it.
            for distinct in [false, true] {
                let mut f = tempfile::NamedTempFile::new().unwrap();
                writeln!(f, "{{\"station\":\"s\",\"voters\":10}}").unwrap();
                let (mut d, mut batch, mut expected) =
                    (schema.reference_decoder(), BallotBatch::new(schema.layout()), RecordCounts::default());
                for i in 0..6_000 {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let ballot = pool[((seed >> 33) % pool.len() as u64) as usize];
                    // Spaces in three places: 6,000 distinct lines, short enough for long tasks.
                    let line = if distinct {
                        let pad = |n: usize| " ".repeat(n);
                        format!("{}{{{}{}{}", pad(i % 16), pad(i / 256), &ballot[1..], pad(i / 16 % 16))
                    } else {
                        ballot.to_string()
                    };
                    writeln!(f, "{line}").unwrap();
                    let mut record = Vec::new();
                    d.decode_record(line.as_bytes(), &mut batch, &mut record).unwrap();
                    expected.add(&record);
                }
                let s = scan(f.path(), &schema, Records::Keep, |_, lines| lines.len()).unwrap();
                assert!(s.parts.iter().filter(|&&n| n >= 1_024).count() >= 2, "tasks long enough to count by rows");
                assert_eq!(s.records, expected, "distinct lines: {distinct}; rules: {:?}", e.rules().overvote);
            }
        }
    }

    /// A header read without the JSON reader is read as the reader reads it; any other spelling —
    /// spaces, escapes, leading zeros, a number too long, keys in another order or given twice —
    /// is left to the reader.
    #[test]
    fn a_plain_header_is_read_as_the_json_reader_reads_it() {
        let plain: &[&[u8]] = &[
            br#"{"station":"s","voters":3}"#,
            br#"{"station":"s00001","voters":0}"#,
            br#"{"station":"","voters":10}"#,
            r#"{"station":"坑头村第一站","voters":999999999999999999}"#.as_bytes(),
            br#"{"station":"a'b c","voters":1}"#,
        ];
        let other: &[&[u8]] = &[
            br#"{"station":"s","voters":03}"#,
            br#"{"station":"s","voters":-3}"#,
            br#"{"station":"s","voters":3.0}"#,
            br#"{"station":"s","voters":3e1}"#,
            br#"{"station":"s","voters":1000000000000000000}"#,
            br#"{"station":"s","voters":99999999999999999999}"#,
            br#"{"station":"s","voters":}"#,
            br#"{"station":"s\u0041","voters":3}"#,
            br#"{"station":"s\"","voters":3}"#,
            b"{\"station\":\"s\t\",\"voters\":3}",
            b"{\"station\":\"s\xff\",\"voters\":3}",
            br#"{"station": "s","voters":3}"#,
            br#"{"station":"s","voters":3} "#,
            br#"{"station":"s","voters":3}x"#,
            br#"{"voters":3,"station":"s"}"#,
            br#"{"station":"s","voters":3,"voters":3}"#,
            br#"{"station":"s","station":"s","voters":3}"#,
            br#"{"station":"s","voters":"3"}"#,
            br#"{"station":"s""#,
        ];
        let f = Path::new("b.jsonl");
        for l in plain {
            assert_eq!(plain_header(l).map(Ok), Some(read_header(f, l).map_err(|e| e.to_string())), "{l:?}");
        }
        for l in other {
            assert_eq!(plain_header(l), None, "{:?}", String::from_utf8_lossy(l));
            assert_eq!(parse_header(f, l).map_err(|e| e.to_string()), read_header(f, l).map_err(|e| e.to_string()));
        }
    }

    #[test]
    fn reads_with_and_without_final_newline_and_crlf() {
        for t in [
            "{\"station\":\"s\",\"voters\":3}\n{}\n{\"chair\":[\"a\"]}\n{\"spoiled\":true}\n",
            "\u{feff}{\"station\":\"s\",\"voters\":3}\r\n{}\r\n{\"chair\":[\"a\"]}\r\n{\"spoiled\":true}",
        ] {
            let (h, v, i) = scan_text(t).unwrap();
            assert_eq!((h.station.as_str(), h.voters, v, i), ("s", 3, 2, 1));
        }
        let (_, v, i) = scan_text("{\"station\":\"s\",\"voters\":0}\n").unwrap();
        assert_eq!((v, i), (0, 0));
    }

    #[test]
    fn input_errors_name_line_and_field() {
        assert_eq!(err_at("").0, Some(1));
        assert_eq!(err_at("{\"station\":\"s\"}\n").1, "voters");
        assert_eq!(err_at("{\"station\":\"s\",\"voters\":-1}\n").1, "voters");
        assert_eq!(err_at("{\"station\":\"s\",\"voters\":1,\"x\":1}\n").0, Some(1));
        let (l, f, _) = err_at("{\"station\":\"s\",\"voters\":3}\n{}\n{\"chair\":[\"zz\"]}\n");
        assert_eq!((l, f.as_str()), (Some(3), "chair[0]"));
        assert_eq!(err_at("{\"station\":\"s\",\"voters\":3}\n{}\n\n{}\n").0, Some(3));
        assert_eq!(err_at("{\"station\":\"s\",\"voters\":3}\n{\"chair\":[\"a\"]\n").0, Some(2));
        assert_eq!(err_at("{\"station\":\"s\",\"voters\":3}\n\u{0}\n").0, Some(2));
    }

    #[test]
    fn the_first_error_wins_across_tasks() {
        let mut t = String::from("{\"station\":\"s\",\"voters\":1}\n");
        for i in 0..50_000 {
            // Spaces make the box a megabyte: it is read in several chunks.
            t.push_str(if i == 30_001 || i == 45_000 { "{\"x\":[]}\n" } else { "{}                  \n" });
        }
        assert_eq!(err_at(&t).0, Some(30_003));
    }

    /// A line longer than a chunk is read whole, in the chunk where it begins, and the lines after
    /// it keep their numbers.
    #[test]
    fn a_line_longer_than_a_chunk_is_read_whole() {
        let long = format!("{{\"chair\":{}[\"a\"]}}", " ".repeat(300 << 10));
        let t = format!("{{\"station\":\"s\",\"voters\":4}}\n{{}}\n{long}\n{long}\n{{\"chair\":[\"a\"]}}\n");
        let (_, v, i) = scan_text(&t).unwrap();
        assert_eq!((v, i), (4, 0));
        let (l, f, _) = err_at(&format!("{t}{long}\n{{\"chair\":[\"zz\"]}}\n"));
        assert_eq!((l, f.as_str()), (Some(7), "chair[0]"));
    }

    #[test]
    fn an_overlong_line_is_refused_not_buffered() {
        let t = format!("{{\"station\":\"s\",\"voters\":1}}\n{{\"chair\":[\"w:{}\"]}}\n", "x".repeat(MAX_LINE_BYTES));
        assert!(err_at(&t).2.contains("longer"));
    }
}
