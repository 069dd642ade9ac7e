//! The counting sheet (FORMAT.md, "The counting sheet"), in Chinese, byte for byte.

use unicode_width::UnicodeWidthStr;

use super::manifest::{Manifest, Threshold};
use super::outcome::{Outcome, PostOutcome};

const REASONS_ZH: [&str; 6] = ["无法辨认", "多选", "同一职位重复", "既赞成又反对", "另选多于不赞成", "一人多职"];

fn strokes(n: u64) -> String {
    let rest = ["", "一", "丅", "下", "止"][(n % 5) as usize];
    match (n <= 50, rest.is_empty()) {
        (true, _) => format!("{}{rest}", "正".repeat((n / 5) as usize)),
        (false, true) => format!("正×{}", n / 5),
        (false, false) => format!("正×{} {rest}", n / 5),
    }
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

fn bar(rule: &Threshold, of: u64, least: u64, unit: &str) -> String {
    let base = match rule.base {
        "registered" => "登记（应到）人数",
        "voters" => "参加投票人数",
        _ => "收回选票数",
    };
    if rule.p == 0 {
        return format!("得票最多者当选，至少 {least} {unit}");
    }
    let how = if rule.op == ">" { "超过" } else { "不少于" };
    format!("{how}{base} {of} 的 {}/{}，至少 {least} {unit}", rule.p, rule.q)
}

/// Adds a line of text.
fn line(s: &mut String, l: String) {
    s.push_str(&l);
    s.push('\n');
}

/// `sheet.txt`'s text.
pub fn render(m: &Manifest, o: &Outcome) -> String {
    let thick = "═".repeat(64);
    let thin = "─".repeat(64);
    let mut s = String::new();
    line(&mut s, thick.clone());
    heading(&mut s, m);
    line(&mut s, thick.clone());
    totals(&mut s, m, o);
    line(&mut s, thin.clone());
    boxes(&mut s, m, o);
    for (p, x) in m.posts.iter().zip(&o.posts) {
        line(&mut s, thin.clone());
        post(&mut s, p, x, &o.posts, &m.posts);
    }
    for n in &o.notes {
        line(&mut s, thin.clone());
        line(
            &mut s,
            if *n == "fewer-than-min-members" {
                "注意：当选人数不足三人，不足名额应当另行选举，不得暂缺。".into()
            } else {
                "注意：当选人数已达三人以上，不足名额可以暂缺。".into()
            },
        );
    }
    line(&mut s, thick);
    line(&mut s, "正 = 5 票；一 丅 下 止 = 1–4 票。".into());
    s
}

/// The sheet's heading: the place and the vote's title, its body, round, date and rules.
fn heading(s: &mut String, m: &Manifest) {
    let place: Vec<&str> = [m.township.as_str(), m.village.as_str()].into_iter().filter(|x| !x.is_empty()).collect();
    line(s, format!("{}  {}", place.join(" "), if m.title.is_empty() { &m.id } else { &m.title }));
    let body = match m.body.as_str() {
        "villagers-committee" => "村民委员会",
        "party-committee" => "村党组织委员会",
        "party-officers" => "村党组织书记、副书记",
        "supervision-committee" => "村务监督委员会",
        "coop-management" => "经济合作社社管会",
        _ => "经济合作社社监会",
    };
    let round = match m.round.as_str() {
        "first" => "正式选举",
        "runoff" => "另行选举",
        _ => "再次投票",
    };
    let date = if m.date.is_empty() { "-" } else { &m.date };
    line(s, format!("公开计票单 · {body} · {round} · {date} · 规则 {}", m.rules.profile));
}

/// The vote's totals, the invalid ballots by reason, the quorum, and whether the vote stands.
fn totals(s: &mut String, m: &Manifest, o: &Outcome) {
    let invalid: u64 = o.invalid.iter().sum();
    line(
        s,
        format!(
            "登记选民 {}   参加投票 {}   收回选票 {}   有效票 {}   无效票 {invalid}",
            m.registered, o.voters, o.ballots, o.valid
        ),
    );
    if invalid > 0 {
        line(s, format!("  无效票: {}", reasons(&o.invalid)));
    }
    let q = bar(&m.rules.quorum, m.registered, o.quorum_least, "人");
    line(s, format!("参加投票人数要求: {q} {}", if o.quorum_met { "✓" } else { "✗" }));
    if o.void_reasons.is_empty() {
        line(s, "本次选举有效。".into());
    } else {
        let why: Vec<&str> = o
            .void_reasons
            .iter()
            .map(|r| match *r {
                "quorum-not-met" => "参加投票人数不足",
                "ballots-exceed-voters" => "收回选票多于投票人数",
                _ => "各票箱投票人数之和多于登记选民人数",
            })
            .collect();
        line(s, format!("本次选举无效，应重新选举： {}", why.join("；")));
    }
}

/// Each box: its numbers, and its flags.
fn boxes(s: &mut String, m: &Manifest, o: &Outcome) {
    line(s, "票箱".into());
    let w = m.stations.iter().map(|x| x.name.width()).max().unwrap_or(0);
    for (st, x) in m.stations.iter().zip(&o.stations) {
        let mut l = format!(
            "  {} {:>6} 人投票 {:>6} 张选票 {:>6} 有效 {:>5} 无效",
            pad(&st.name, w),
            x.voters,
            x.ballots,
            x.valid,
            x.invalid.iter().sum::<u64>()
        );
        for f in &x.flags {
            l.push_str("  ⚠ ");
            l.push_str(if *f == "ballots-exceed-voters" {
                "选票多于本箱投票人数"
            } else {
                "投票人数多于本箱登记人数"
            });
        }
        line(s, l);
    }
}

fn reasons(invalid: &[u64; 6]) -> String {
    let parts: Vec<String> =
        REASONS_ZH.iter().zip(invalid).filter(|(_, n)| **n > 0).map(|(r, n)| format!("{r} {n}")).collect();
    parts.join("，")
}

fn post(
    s: &mut String,
    p: &super::manifest::Post,
    x: &PostOutcome,
    all: &[PostOutcome],
    posts: &[super::manifest::Post],
) {
    let women = if p.women_only { "（妇女专职）" } else { "" };
    s.push_str(&format!("{}{women}  应选 {} 名   当选: {}\n", p.office, p.seats, bar(&x.rule, x.of, x.bar, "票")));
    let names: Vec<String> =
        x.tally.iter().map(|l| if l.write_in { format!("{}（另选）", l.name) } else { l.name.clone() }).collect();
    let nw = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let sw = x.tally.iter().map(|l| strokes(l.votes).width()).max().unwrap_or(0);
    for (l, n) in x.tally.iter().zip(&names) {
        s.push_str(&format!("  {} {} {:>6}", pad(n, nw), pad(&strokes(l.votes), sw), l.votes));
        if let Some((against, abstain)) = l.approve {
            s.push_str(&format!("  (赞成 {} 不赞成 {against} 弃权 {abstain})", l.votes));
        }
        if l.elected {
            s.push_str("  当选");
        } else if let Some(h) = &l.holds {
            // The office of the post held (FORMAT.md: `已当选 OFFICE`).
            let office = posts.iter().find(|q| &q.id == h).map_or(h.as_str(), |q| q.office.as_str());
            s.push_str(&format!("  已当选 {office}"));
        } else if x.outcome == "filled" && l.votes >= x.bar.max(1) && !x.avoided.iter().any(|a| a.0 == l.key()) {
            // FORMAT.md: over the bar in a filled post, not elected: `过票数线，名额已满`.
            s.push_str("  过票数线，名额已满");
        }
        s.push('\n');
    }
    s.push_str(&format!("  空白 {}", x.blank));
    if x.voided > 0 {
        s.push_str(&format!("   本职位作废 {}", x.voided));
    }
    s.push('\n');
    let names_of = |keys: &[String]| {
        keys.iter()
            .map(|k| x.tally.iter().find(|l| l.key() == k).map_or(k.clone(), |l| l.name.clone()))
            .collect::<Vec<_>>()
            .join("、")
    };
    let done = if x.elected.is_empty() { String::new() } else { format!("当选 {}；", names_of(&x.elected)) };
    let (seats, who) = x.next.as_ref().map_or((0, String::new()), |(n, c)| (*n, names_of(c)));
    let result = match x.outcome {
        "filled" => format!("结果：当选 {}", names_of(&x.elected)),
        "void" => "结果：选举无效，不产生当选人".to_string(),
        "unfilled" => {
            let who = if x.elected.is_empty() { "无".to_string() } else { names_of(&x.elected) };
            format!("结果：当选 {who}；仍有名额空缺")
        }
        "revote" => format!("结果：{done}票数相等，须就 {seats} 名对 {who} 再次投票"),
        _ => format!("结果：{done}不足名额 {seats} 名另行选举，建议候选人：{who}"),
    };
    s.push_str(&format!("  {result}\n"));
    // FORMAT.md: the kinship lines, names looked up in every post.
    let name =
        |k: &String| all.iter().flat_map(|x| &x.tally).find(|l| l.key() == k).map_or(k.clone(), |l| l.name.clone());
    let rel = |r: &str| match r {
        "spouse" => "配偶",
        "parent" => "父母",
        "child" => "子女",
        "sibling" => "兄弟姐妹",
        "grandparent" => "祖父母、外祖父母",
        _ => "孙子女、外孙子女",
    };
    for (id, because, r) in &x.avoided {
        let (a, b) = (name(id), name(because));
        s.push_str(&format!(
            "  任职回避：{a} 系 {b} 的{}，{a} 不任此职，名额由下一位得票过线者递补（ZJE31）\n",
            rel(r)
        ));
    }
    for (ids, r) in &x.kinship {
        let who = ids.iter().map(name).collect::<Vec<_>>().join("、");
        s.push_str(&format!("  任职回避：{who} 有{}关系且得票相等，须再次投票决定（ZJE31）\n", rel(r)));
    }
    for u in &x.unmatched {
        s.push_str(&format!("  ⚠ 当选人 {u} 在村民名册中无法确认（无此人或同名者多人），未作亲属回避审查\n"));
    }
}
