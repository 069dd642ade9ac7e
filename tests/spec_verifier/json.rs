//! JSON as FORMAT.md writes it: compact for the manifest's canonical form and the records, pretty
//! for `outcome.json`. Objects keep the order they are built in.

/// A JSON value; objects keep their members in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum J {
    Null,
    Bool(bool),
    Num(u64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

impl J {
    pub fn s(s: &str) -> J {
        J::Str(s.to_string())
    }

    pub fn opt_s(s: &Option<String>) -> J {
        s.as_deref().map_or(J::Null, J::s)
    }

    pub fn strs<S: AsRef<str>>(v: &[S]) -> J {
        J::Arr(v.iter().map(|x| J::s(x.as_ref())).collect())
    }
}

/// A string: only `"`, `\` and control characters escaped (`\b \f \n \r \t`, others `\u00xx`).
pub fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Compact: no spaces at all.
pub fn compact(j: &J) -> String {
    let mut out = String::new();
    write(j, None, 0, &mut out);
    out
}

/// Pretty: two spaces a level, `"key": value`, `[]` and `{}` when empty.
pub fn pretty(j: &J) -> String {
    let mut out = String::new();
    write(j, Some(2), 0, &mut out);
    out
}

fn write(j: &J, indent: Option<usize>, level: usize, out: &mut String) {
    let newline = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    };
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) => out.push_str(&n.to_string()),
        J::Str(s) => string(s, out),
        J::Arr(v) if v.is_empty() => out.push_str("[]"),
        J::Obj(v) if v.is_empty() => out.push_str("{}"),
        J::Arr(v) => {
            out.push('[');
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write(x, indent, level + 1, out);
            }
            newline(out, level);
            out.push(']');
        }
        J::Obj(v) => {
            out.push('{');
            for (i, (k, x)) in v.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                string(k, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(x, indent, level + 1, out);
            }
            newline(out, level);
            out.push('}');
        }
    }
}
