//! What the screen says back, asks and warns (issue 21, the tallier): each post checked when Enter
//! leaves it, the marks said back in names, a ballot the law voids asked about before it is saved,
//! the ballot an undo voids shown, every word in the screen's language, more ballots than voters
//! warned, the approve columns labelled, and a terminal too small told so.

use super::*;

/// A journal of the villagers' committee of 坑头村 whose manifest is the fixture's with `extra`
/// added at its end (e.g. a `[rules]` table).
fn vc_with(dir: &Path, extra: &str, lang: Lang) -> Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kengtou-vc/election.toml");
    let text = format!("{}\n{extra}", std::fs::read_to_string(path).unwrap());
    let m = Manifest::from_text(text, Path::new("e.toml")).unwrap();
    Table::new(Journal::create(&dir.join("j.db"), &m, "mobile", Some(88)).unwrap(), lang)
}

/// The screen's row that holds `what`.
fn row_with(text: &str, what: &str) -> String {
    text.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("no row holds {what:?}:\n{text}")).to_string()
}

/// Item 1: what makes no ballot is refused when Enter leaves the post — also a post left by Tab
/// and found on the last Enter — the message naming the post, the cursor on it; too many marks for
/// the seats is no refusal: the law voids it, so Enter notes it and goes on to the next post.
#[test]
fn each_post_is_checked_when_enter_leaves_it() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "1\n\t７\t\n");
    assert_eq!((t.s.post, t.s.message.as_str()), (2, "委员: 没有这个编号 7"));
    assert!(row_with(&screen_text(&t.s), "委员 > ").contains("委员 > ７"), "{}", screen_text(&t.s));
    assert_eq!(t.j.ballots_entered(), 0);
    t.press(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    typed(&mut t, &format!("{}\n", "长".repeat(65)));
    assert_eq!((t.s.post, t.s.message.as_str()), (2, "委员: 姓名超过 64 个字"));
    t.press(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    // An overvote of 主任 is no refusal: Enter notes it and goes on; the ballot is asked about.
    typed(&mut t, "1 2\n");
    assert_eq!((t.s.post, t.s.message.as_str()), (1, "注意：主任多选，本票将作无效"));
    typed(&mut t, "\n\n\n");
    assert_eq!(t.s.confirm, Some(Confirm::Void));
}

/// Item 2: beside each post, what its typed numbers stand for, in names — written-in names marked,
/// a blank post said blank, what makes no ballot said at once — so the tallier compares them with
/// what the caller called.
#[test]
fn the_marks_are_said_back_in_names() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "１\n\n3 雷 晓东\t１２");
    let text = screen_text(&t.s);
    assert!(row_with(&text, "主任: ").contains("主任: 蓝国平"), "{text}");
    assert!(row_with(&text, "副主任: ").contains("副主任: 空白"), "{text}");
    assert!(row_with(&text, "  委员: ").contains("委员: 刘建新、雷晓东（另选）"), "{text}");
    assert!(row_with(&text, "妇女委员: ").contains("妇女委员: 没有这个编号 12"), "{text}");
    assert!(row_with(&text, "妇女委员 > ").contains("妇女委员 > １２"), "{text}");
    // Approve posts: 赞成 … / 不赞成 … / 另选 …
    let d = tempfile::tempdir().unwrap();
    let mut t = party(d.path(), Lang::Zh);
    typed(&mut t, "1 ２ -4 张 三");
    let text = screen_text(&t.s);
    assert!(text.contains("支部委员: 赞成 蓝国平、雷秀英 / 不赞成 吴志刚 / 另选 张三"), "{text}");
    let d = tempfile::tempdir().unwrap();
    let mut t = party(d.path(), Lang::En);
    typed(&mut t, "-3 1");
    assert!(screen_text(&t.s).contains("支部委员: for 蓝国平 / against 钟伟"), "{}", screen_text(&t.s));
}

/// Item 3: a ballot the law voids — too many marks for the seats, one person twice in a post, one
/// person in two posts — is judged by the count's own rules and asked about before it is saved,
/// posts named by office and the reason in words; `n` returns to the ballot unchanged, `y` saves it.
#[test]
fn a_ballot_the_law_voids_is_asked_about_before_it_is_saved() {
    for (typed_in, asked, saved) in [
        ("\n1 2\n\n\n", "本票将作无效（副主任多选），确认？(y/n)", r#"{"vice":["c04","c05"]}"#),
        ("\n\n2 梅晓军\n\n", "本票将作无效（委员同一职位重复），确认？(y/n)", r#"{"member":["c07","w:梅晓军"]}"#),
        (
            "钟 伟\n1\n\n\n",
            "本票将作无效（主任、副主任一人多职），确认？(y/n)",
            r#"{"chair":["w:钟伟"],"vice":["c04"]}"#,
        ),
    ] {
        let d = tempfile::tempdir().unwrap();
        let mut t = vc(d.path(), Lang::Zh);
        typed(&mut t, typed_in);
        assert_eq!((t.s.confirm, t.s.message.as_str()), (Some(Confirm::Void), asked), "{typed_in}");
        assert!(screen_text(&t.s).contains(asked), "{}", screen_text(&t.s));
        let fields = t.s.fields.clone();
        typed(&mut t, "n");
        assert_eq!((t.s.confirm, t.j.ballots_entered()), (None, 0), "{typed_in}");
        assert_eq!(t.s.fields, fields, "{typed_in}: the ballot is as it was");
        assert!(screen_text(&t.s).contains('⚠'), "{typed_in}: the post at fault is marked");
        // Enter through the posts again and say yes: saved as typed, counted invalid.
        let enters = "\n".repeat(4 - t.s.post);
        typed(&mut t, &enters);
        typed(&mut t, "y");
        assert_eq!(lines(&t), [saved], "{typed_in}");
        assert_eq!(t.s.tally().invalid.total(), 1);
        assert!(t.s.message.starts_with("第 1 张选票已保存，为无效票（"), "{}", t.s.message);
    }
    // In English, and a per-post rule (other provinces): only the post counts nothing.
    let d = tempfile::tempdir().unwrap();
    let mut t = vc_with(d.path(), "[rules]\novervote = \"post\"\n", Lang::En);
    typed(&mut t, "\n1 2\n\n\n");
    assert_eq!(t.s.message, "Part of this ballot will count nothing (副主任: overvote): save it? (y/n)");
    typed(&mut t, "ｙ");
    assert_eq!(lines(&t), [r#"{"vice":["c04","c05"]}"#]);
    assert_eq!((t.s.tally().valid, t.s.tally().contests[1].voided), (1, 1));
}

/// Item 4: the undo question shows the ballot it will void, its marks by post in names.
#[test]
fn the_undo_question_shows_the_ballot_it_voids() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "1\n2\n3 雷晓东\n\n");
    ctrl(&mut t, 'z');
    let text = screen_text(&t.s);
    assert_eq!(t.s.message, "撤销上面这张第 1 张选票？(y/n)");
    for shown in
        ["将撤销：第 1 张选票", "主任: 蓝国平", "副主任: 吴志刚", "委员: 刘建新、雷晓东（另选）", "妇女委员: 空白"]
    {
        assert!(text.contains(shown), "{shown}: {text}");
    }
    typed(&mut t, "n");
    // A spoiled ballot, and an approve ballot stored by `station enter` (its own order and spaces).
    ctrl(&mut t, 'x');
    typed(&mut t, "y");
    ctrl(&mut t, 'z');
    assert!(screen_text(&t.s).contains("废票（无法辨认）"), "{}", screen_text(&t.s));
    let d = tempfile::tempdir().unwrap();
    let mut j = journal(d.path(), "kengtou-party/election.toml", "meeting", 41);
    let line = r#"{"committee":{"write_in":[" 张 三"],"against":["p03"],"for":["p02"]}}"#;
    j.append(&[NewEntry { kind: Kind::Ballot, ballot: None, body: line.as_bytes().to_vec() }]).unwrap();
    let mut t = Table::new(j, Lang::En);
    ctrl(&mut t, 'z');
    let text = screen_text(&t.s);
    assert!(text.contains("To be voided: ballot 1"), "{text}");
    assert!(text.contains("支部委员: for 雷秀英 / against 钟伟 / write-in 张三"), "{text}");
}

/// Han characters of the screen that are not in the manifest's names and titles, nor the strokes.
fn han_outside_names(text: &str, e: &Election) -> Vec<char> {
    let mut names: Vec<&str> = vec![e.village()];
    names.extend(e.stations().iter().map(|s| s.name.as_str()));
    for c in e.contests() {
        names.push(&c.office);
        names.extend(c.candidates.iter().map(|k| k.name.as_str()));
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let bare = names.iter().fold(text.to_string(), |t, n| t.replace(n, ""));
    bare.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c) && !"正一丅下止".contains(*c)).collect()
}

/// Item 5: Ctrl-C with a ballot half typed asks first, and every word the screen shows — its
/// questions, warnings and refusals included — is in the screen's language.
#[test]
fn ctrl_c_asks_first_and_every_word_is_in_the_screens_language() {
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::En);
    let e = t.j.election().clone();
    let mut seen = Vec::new();
    typed(&mut t, "1\n1 2\n");
    seen.push(screen_text(&t.s));
    typed(&mut t, "\n\n");
    seen.push(screen_text(&t.s));
    typed(&mut t, "y");
    ctrl(&mut t, 'z');
    seen.push(screen_text(&t.s));
    typed(&mut t, "y１２\n");
    seen.push(screen_text(&t.s));
    ctrl(&mut t, 'c');
    assert_eq!((t.quit, t.s.message.as_str()), (false, "This ballot is not saved yet: quit anyway? (y/n)"));
    seen.push(screen_text(&t.s));
    seen.push(screen_at(&t.s, 40, 10));
    for text in &seen {
        assert_eq!(han_outside_names(text, &e), Vec::<char>::new(), "{text}");
    }
    typed(&mut t, "y");
    assert!(t.quit);
    // The Chinese screen: no English word but the keys' names.
    let d = tempfile::tempdir().unwrap();
    let mut t = vc(d.path(), Lang::Zh);
    typed(&mut t, "1\n1 2\n\n\n");
    for text in [screen_text(&t.s), screen_at(&t.s, 40, 10)] {
        let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1).collect();
        assert!(words.iter().all(|w| ["Tab", "Esc"].contains(w)), "{words:?}: {text}");
    }
}

/// Item 6: more ballots counted than the box's voters is warned on the screen, as `station status`
/// warns, and the warning goes when a ballot is undone.
#[test]
fn more_ballots_than_voters_is_warned_on_the_screen() {
    let d = tempfile::tempdir().unwrap();
    let mut t = Table::new(journal(d.path(), "kengtou-vc/election.toml", "mobile", 1), Lang::Zh);
    typed(&mut t, "1\n\n\n\n");
    assert!(!screen_text(&t.s).contains('⚠'), "{}", screen_text(&t.s));
    typed(&mut t, "2\n\n\n\n");
    let warning = "⚠ 选票多于本箱投票人数：计入 2 张，投票 1 人，请核对";
    assert!(screen_text(&t.s).contains(warning), "{}", screen_text(&t.s));
    ctrl(&mut t, 'z');
    typed(&mut t, "y");
    assert!(!screen_text(&t.s).contains(warning), "{}", screen_text(&t.s));
}

/// Each word of a line (split at white space) with the display column it ends at.
fn word_ends(line: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let (mut word, mut col) = (String::new(), 0);
    for c in line.chars() {
        if c.is_whitespace() && !word.is_empty() {
            out.push((std::mem::take(&mut word), col));
        } else if !c.is_whitespace() {
            word.push(c);
        }
        col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    if !word.is_empty() {
        out.push((word, col));
    }
    out
}

/// Item 7: the running tally's columns are labelled — 赞成 and 不赞成 in approve posts — and the
/// hint says how to enter several numbers and several names.
#[test]
fn the_columns_are_labelled_and_the_hint_says_how_to_enter_several_names() {
    let d = tempfile::tempdir().unwrap();
    let mut t = party(d.path(), Lang::Zh);
    typed(&mut t, "1 -2\n");
    let text = screen_text(&t.s);
    let heading = row_with(&text, "候选人");
    assert!(heading.contains("赞成") && heading.contains("不赞成") && heading.contains("正字计票"), "{text}");
    // Each count stands right under its heading: 雷秀英 has 0 for and 1 against.
    let ends = |line: &str| word_ends(line).into_iter().collect::<std::collections::BTreeMap<_, _>>();
    let (heading, row) = (ends(&heading), word_ends(&row_with(&text, "雷秀英")));
    let counts: Vec<(String, usize)> = row.into_iter().skip_while(|(w, _)| w != "雷秀英").skip(1).take(2).collect();
    assert_eq!(counts, [("0".to_string(), heading["赞成"]), ("1".to_string(), heading["不赞成"])], "{text}");
    assert!(text.contains("应选 3 名：编号为赞成，-编号为不赞成（1 -3），另选的姓名用，或、隔开"), "{text}");
    let d = tempfile::tempdir().unwrap();
    let t = vc(d.path(), Lang::En);
    let text = screen_text(&t.s);
    assert!(row_with(&text, "candidate").contains("votes"), "{text}");
    assert!(text.contains("1 seat(s): numbers with spaces (1 3); names with \",\" or \"、\" between"), "{text}");
}

/// Item 8: a terminal too small for the layout says so, with the size it needs and the size it
/// has, instead of clipping; the villages' manifests fit 80×24 in both languages.
#[test]
fn a_terminal_too_small_says_so_with_the_size_needed() {
    for (fixture, station) in [
        ("kengtou-vc/election.toml", "mobile"),
        ("kengtou-party/election.toml", "meeting"),
        ("zhengkeng/kengtou/po.toml", "meeting"),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let d = tempfile::tempdir().unwrap();
            let t = Table::new(journal(d.path(), fixture, station, 5), lang);
            let (w, h) = t.s.needed();
            assert!(w <= 80 && h <= 24, "{fixture} {lang:?}: needs {w}×{h}");
            assert!(!screen_text(&t.s).contains("too small") && !screen_text(&t.s).contains("太小"));
            let small = screen_at(&t.s, w - 1, h);
            assert!(small.contains(&format!("{w}×{h}")) && small.contains(&format!("{}×{h}", w - 1)), "{small}");
            assert!(screen_at(&t.s, w, h - 1).contains(&format!("{w}×{}", h - 1)), "{fixture}");
            assert!(!screen_at(&t.s, w, h).contains(&format!("{w}×{h}")), "{fixture}: it fits");
        }
    }
    let d = tempfile::tempdir().unwrap();
    let t = vc(d.path(), Lang::Zh);
    let small = screen_at(&t.s, 40, 12);
    assert!(small.contains("终端窗口太小") && small.contains("40×12"), "{small}");
    assert!(!small.contains("蓝国平"), "nothing clipped is drawn: {small}");
}
