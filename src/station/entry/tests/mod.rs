//! The entry screen driven by scripted keys on a test backend, through the same [`apply`] the
//! terminal uses: here, how what is typed is read; in `screen`, what the screen says back, asks
//! and warns.

mod screen;

use super::*;
use crate::seal::manifest::Manifest;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

/// A screen and its journal, driven by keys through [`apply`], as the terminal drives them.
struct Table {
    j: Journal,
    s: Screen,
    quit: bool,
}

impl Table {
    fn new(j: Journal, lang: Lang) -> Table {
        let s = Screen::new(&j, lang).unwrap();
        Table { j, s, quit: false }
    }

    fn press(&mut self, k: KeyEvent) {
        let action = self.s.key(k);
        self.quit |= !apply(&mut self.j, &mut self.s, action).unwrap();
    }
}

fn typed(t: &mut Table, keys: &str) {
    for ch in keys.chars() {
        let code = match ch {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        t.press(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn ctrl(t: &mut Table, c: char) {
    t.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn screen_text(s: &Screen) -> String {
    screen_at(s, 80, 24)
}

/// The screen drawn on a terminal of `w` columns and `h` rows, as text: a row a line.
fn screen_at(s: &Screen, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| s.draw(f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

fn journal(dir: &Path, fixture: &str, station: &str, voters: u64) -> Journal {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(fixture)).unwrap();
    let m = Manifest::from_text(text, Path::new(fixture)).unwrap();
    Journal::create(&dir.join("j.db"), &m, station, Some(voters)).unwrap()
}

#[test]
fn scripted_keys_enter_correct_and_undo() {
    let d = tempfile::tempdir().unwrap();
    let mut t = Table::new(journal(d.path(), "kengtou-vc/election.toml", "mobile", 88), Lang::Zh);
    // 主任 1, 副主任 2, 委员 3 and a written-in name, 妇女委员 1: saved on the last Enter.
    typed(&mut t, "1\n2\n3 雷晓东\n1\n");
    assert!(t.s.message.contains("第 1 张选票已保存"), "{}", t.s.message);
    // A blank ballot: Enter through every post.
    typed(&mut t, "\n\n\n\n");
    // A number that is no candidate is refused and nothing is saved.
    typed(&mut t, "9\n\n\n\n");
    assert!(t.s.message.contains("没有这个编号"), "{}", t.s.message);
    // Ctrl-C with a ballot half typed asks first (issue 21: the tallier); n stays, Esc clears.
    typed(&mut t, "1");
    ctrl(&mut t, 'c');
    assert!(!t.quit && t.s.message.contains("尚未保存"), "{}", t.s.message);
    typed(&mut t, "n");
    assert!(!t.quit);
    typed(&mut t, "\u{1b}");
    ctrl(&mut t, 'c');
    assert!(t.quit);
    let live: Vec<String> = t.j.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect();
    assert_eq!(live, vec![r#"{"chair":["c01"],"member":["c08","w:雷晓东"],"vice":["c05"],"women":["c11"]}"#, "{}"]);
    // Opened again: the running tally shows 蓝国平 with one vote, drawn as a stroke.
    let mut t = Table::new(t.j, Lang::Zh);
    let text = screen_text(&t.s);
    assert!(text.contains("蓝国平") && text.contains('一'), "{text}");
    assert!(text.contains("已录入 2 张 / 投票 88 人"), "{text}");
    // Undo asks first; n cancels, y voids the last ballot with a correction entry.
    typed(&mut t, "\t");
    ctrl(&mut t, 'z');
    assert_eq!(t.s.confirm, Some(Confirm::Undo(2)));
    typed(&mut t, "n");
    assert_eq!(t.s.confirm, None);
    ctrl(&mut t, 'z');
    typed(&mut t, "y");
    assert!(t.s.message.contains("第 2 张选票已撤销"), "{}", t.s.message);
    // Issue 21, defect 2: one numbering — the header says how the count and the numbers differ.
    let text = screen_text(&t.s);
    assert!(text.contains("已计 1 张（录入 2 张，撤销 1 张）/ 投票 88 人"), "{text}");
    typed(&mut t, "1\n\n\n\n");
    assert!(t.s.message.contains("第 3 张选票已保存"), "{}", t.s.message);
    assert!(screen_text(&t.s).contains("已计 2 张（录入 3 张，撤销 1 张）"), "{}", screen_text(&t.s));
    ctrl(&mut t, 'z');
    typed(&mut t, "y");
    // A spoiled ballot, confirmed.
    ctrl(&mut t, 'x');
    typed(&mut t, "y");
    assert_eq!(t.j.ballots_entered(), 4);
    assert_eq!(t.j.live_ballots().len(), 2);
    assert_eq!(t.j.live_ballots()[1].1, br#"{"spoiled":true}"#);
    // The running tally, kept ballot by ballot, equals a recount of the live ballots.
    let again = Screen::new(&t.j, Lang::Zh).unwrap();
    assert_eq!(t.s.tally(), again.tally());
    assert_eq!(t.s.tally().invalid.total(), 1);
}

#[test]
fn english_and_approve_posts_fit_80_by_24() {
    let d = tempfile::tempdir().unwrap();
    let mut t = Table::new(journal(d.path(), "kengtou-party/election.toml", "meeting", 41), Lang::En);
    typed(&mut t, "1 2 -3 张三\n");
    assert!(t.s.message.contains("ok 1"), "{}", t.s.message);
    let text = screen_text(&t.s);
    assert!(text.contains("1 ballots entered / 41 voters"), "{text}");
    assert!(text.contains("^Z undo"), "{text}");
    let line = String::from_utf8(t.j.live_ballots()[0].1.to_vec()).unwrap();
    assert_eq!(line, r#"{"committee":{"against":["p03"],"for":["p01","p02"],"write_in":["张三"]}}"#);
}

/// Undoing a ballot with a written-in name takes the name off the running tally.
#[test]
fn undo_takes_a_written_in_name_off_the_tally() {
    let d = tempfile::tempdir().unwrap();
    let mut t = Table::new(journal(d.path(), "kengtou-vc/election.toml", "mobile", 88), Lang::En);
    typed(&mut t, "雷晓东\n\n\n\n");
    assert_eq!(t.s.tally().contests[0].write_ins.get("雷晓东"), Some(&1));
    ctrl(&mut t, 'z');
    typed(&mut t, "y");
    assert!(t.s.tally().contests[0].write_ins.is_empty());
    assert_eq!(t.s.tally(), &Tally::empty(t.j.election()));
}

/// The live ballot lines, as the journal stored them.
fn lines(t: &Table) -> Vec<String> {
    t.j.live_ballots().iter().map(|(_, l)| String::from_utf8(l.to_vec()).unwrap()).collect()
}

/// The villagers' committee of 坑头村: 主任 1–3, 副主任 1–2 (2 is 吴志刚, 1 钟伟), 委员 1–5 (2 seats),
/// 妇女委员 1–2; all choose posts with write-ins.
fn vc(dir: &Path, lang: Lang) -> Table {
    Table::new(journal(dir, "kengtou-vc/election.toml", "mobile", 88), lang)
}

/// The Party committee: one approve post, 支部委员, candidates 1–4 for 3 seats.
fn party(dir: &Path, lang: Lang) -> Table {
    Table::new(journal(dir, "kengtou-party/election.toml", "meeting", 41), lang)
}

/// RULES.md "Names": a space in a name — ASCII or the ideographic U+3000 — is removed, never taken
/// for a separator: `钟 伟` is the one write-in 钟伟, not 钟 and 伟 (an overvote of the one-seat
/// 主任, voiding the ballot).
#[test]
fn a_space_inside_a_written_in_name_is_one_name() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "钟 伟\n\n\n\n");
    typed(&mut t, "\n\n钟\u{3000}伟，雷 晓 东\n\n");
    assert!(t.s.message.contains("第 2 张选票已保存"), "{}", t.s.message);
    assert_eq!(lines(&t), [r#"{"chair":["w:钟伟"]}"#, r#"{"member":["w:钟伟","w:雷晓东"]}"#]);
    assert_eq!(t.s.tally().contests[0].write_ins.get("钟伟"), Some(&1));
    assert_eq!(t.s.tally().invalid.total(), 0);
}

/// A Chinese input method types full-width digits (and a full-width space between them): they are
/// candidate numbers, as ASCII digits are, and a space separates numbers.
#[test]
fn full_width_digits_are_candidate_numbers() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "１\n２\n１\u{3000}３\n２\n");
    typed(&mut t, "3\n1\n1 5\n\n");
    assert_eq!(
        lines(&t),
        [
            r#"{"chair":["c01"],"member":["c06","c08"],"vice":["c05"],"women":["c12"]}"#,
            r#"{"chair":["c03"],"member":["c06","c10"],"vice":["c04"]}"#,
        ]
    );
}

/// `１２` in a post of five candidates is the number 12, out of range: refused as such when Enter
/// leaves the post, in the screen's language — not saved as a write-in named "12".
#[test]
fn a_full_width_number_beyond_the_candidates_is_refused_as_out_of_range() {
    for (lang, words) in [(Lang::Zh, "没有这个编号"), (Lang::En, "no candidate number")] {
        for (typed_in, number) in [
            ("１２", "12"),
            ("１２３４", "1234"),
            ("3 ９９９９９９９９９９９９９９９９９９９９９", "999999999999999999999"),
        ] {
            let d = tempfile::tempdir().unwrap();
            let mut t = vc(d.path(), lang);
            typed(&mut t, &format!("\n\n{typed_in}\n"));
            assert_eq!(t.s.post, 2, "{typed_in}: the tallier stays on 委员");
            let text = screen_text(&t.s);
            assert!(text.contains(&format!("委员: {words} {number}")), "{typed_in}: {text}");
            typed(&mut t, "\n\n\n");
            assert_eq!(t.j.ballots_entered(), 0, "{typed_in}");
        }
    }
}

/// `-1` in a choose post, `+`, `1-2`, a full-width `－１`: not a candidate number and not a name.
/// Refused when Enter leaves the post, with the words in the screen's language, and never saved;
/// the tallier corrects the post and goes on.
#[test]
fn a_name_of_only_digits_or_signs_is_refused_on_the_spot() {
    for (lang, words) in
        [(Lang::Zh, "既不是候选人编号，也不是姓名"), (Lang::En, "is neither a candidate number nor a name")]
    {
        for (typed_in, shown) in [("-1", "-1"), ("+", "+"), ("1-2", "1-2"), ("－１", "-1"), ("2 -", "-"), ("+ 1", "+")]
        {
            let d = tempfile::tempdir().unwrap();
            let mut t = vc(d.path(), lang);
            typed(&mut t, &format!("{typed_in}\n"));
            assert_eq!(t.s.post, 0, "{typed_in}: the tallier stays on 主任");
            let (open, close) = if lang == Lang::Zh { ("“", "”") } else { ("\"", "\"") };
            let message = format!("主任: {open}{shown}{close} {words}");
            assert_eq!(t.s.message, message, "{typed_in}");
            assert!(screen_text(&t.s).contains(&message), "{typed_in}: {}", screen_text(&t.s));
            typed(&mut t, "\n\n\n");
            assert_eq!(t.j.ballots_entered(), 0, "{typed_in}");
            t.press(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            typed(&mut t, "1\n\n\n\n");
            assert_eq!(lines(&t), [r#"{"chair":["c01"]}"#], "{typed_in}");
        }
    }
}

/// Names are separated as a Chinese keyboard separates them: `，` `、` `,` `；` `;`. Numbers and
/// names mix: `1，钟伟` is candidate 1 and the write-in 钟伟; `3 雷晓东` is candidate 3 and 雷晓东.
#[test]
fn chinese_commas_and_enumeration_comma_separate_names() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    for typed_in in ["雷晓东、李四", "雷晓东，李四", "雷晓东,李四", "雷晓东；李四", "雷晓东;李四", "雷晓东 、 李四，"]
    {
        typed(&mut t, &format!("\n\n{typed_in}\n\n"));
    }
    typed(&mut t, "\n\n1，钟伟\n\n");
    typed(&mut t, "\n\n钟伟、１\n\n");
    typed(&mut t, "\n\n3 雷晓东\n\n");
    let two = r#"{"member":["w:雷晓东","w:李四"]}"#;
    assert_eq!(
        lines(&t),
        [
            two,
            two,
            two,
            two,
            two,
            two,
            r#"{"member":["c06","w:钟伟"]}"#,
            r#"{"member":["w:钟伟","c06"]}"#,
            r#"{"member":["c08","w:雷晓东"]}"#,
        ]
    );
}

/// Approve posts read the same way: `N` (or `+N`) for, `-N` against — half- or full-width — and
/// a written-in name by name, its spaces removed; a sign with no number is refused.
#[test]
fn approve_posts_read_full_width_numbers_signs_and_spaced_names() {
    let d = tempfile::tempdir().unwrap();
    let mut t = party(d.path(), Lang::Zh);
    typed(&mut t, "１ ＋２ －３ 张 三\n");
    typed(&mut t, "-3 -4，王 五、李\u{3000}四\n");
    assert_eq!(
        lines(&t),
        [
            r#"{"committee":{"against":["p03"],"for":["p01","p02"],"write_in":["张三"]}}"#,
            r#"{"committee":{"against":["p03","p04"],"for":[],"write_in":["王五","李四"]}}"#,
        ]
    );
    typed(&mut t, "-９\n");
    assert_eq!(t.s.message, "支部委员: 没有这个编号 9");
    t.press(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    typed(&mut t, "1 - 3\n");
    assert_eq!(t.s.message, "支部委员: “-” 既不是候选人编号，也不是姓名");
    assert_eq!(t.j.ballots_entered(), 2);
}

/// A name the name policy refuses — with a zero-width space, or a line separator, which is white
/// space but no space a keyboard types — is refused at the screen, in the screen's language, when
/// Enter leaves the post; corrected, the post is read and the refusal goes.
#[test]
fn an_invisible_character_in_a_name_is_refused_on_the_spot() {
    for c in ['\u{200B}', '\u{2028}'] {
        for (lang, words) in [
            (Lang::Zh, "姓名中有看不见或改变文字顺序的字符"),
            (Lang::En, "the name holds an invisible or text-reordering character"),
        ] {
            let d = tempfile::tempdir().unwrap();
            let mut t = vc(d.path(), lang);
            typed(&mut t, &format!("钟伟{c}\n"));
            assert_eq!(t.s.post, 0);
            assert_eq!(t.s.message, format!("主任: {words} U+{:04X}", c as u32));
            assert_eq!(t.j.ballots_entered(), 0);
            t.press(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            typed(&mut t, "\n");
            assert_eq!((t.s.post, t.s.message.as_str()), (1, t.s.help()));
            typed(&mut t, "\n\n\n");
            assert_eq!(lines(&t), [r#"{"chair":["w:钟伟"]}"#]);
        }
    }
}

/// A name in a post that takes no written-in names is refused at the screen, in its language.
#[test]
fn a_name_in_a_post_without_write_ins_is_refused_on_the_spot() {
    for (lang, words) in
        [(Lang::Zh, "书记: 本职位不能另选他人"), (Lang::En, "书记: this post takes no written-in names")]
    {
        let d = tempfile::tempdir().unwrap();
        let mut t = Table::new(journal(d.path(), "zhengkeng/kengtou/po.toml", "meeting", 5), lang);
        typed(&mut t, "张三\n");
        assert_eq!(t.s.post, 0);
        assert_eq!(t.s.message, words);
        assert_eq!(t.j.ballots_entered(), 0);
    }
}
