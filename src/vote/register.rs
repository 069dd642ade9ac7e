//! The village register (`people.toml`, contract §5): the people who stand in a village's votes,
//! one id each across all of them, and their kinship — what kinship avoidance (任职回避) is judged on
//! [ZJE31; ZJI30; plan].
//!
//! Takes in the register's TOML text. Gives out a validated [`Register`] — every problem found,
//! each with its line and field, in one pass, as a manifest's are — and, for any two people, how
//! they are related ([`Register::kinship`]): declared, or derived from what is declared (two
//! children of one parent are siblings; a parent's parent is a grandparent). Which kinships bar
//! two people from serving together is the law's ([`Kinship::is_close`], [`Kinship::is_wider`]).
//!
//! A pair of people is given one relation at most; names are put in the form the law compares
//! ([`crate::vote::name`]) but need not be unique — two villagers may share a name, and a written-in
//! winner whose name is shared is then reported as ambiguous, never guessed ([`Register::named`]).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, LocatedErrors};
use crate::vote::model::Gender;
use crate::vote::name;
use crate::vote::problems::{Problems, parse_toml};

/// The largest register read, in bytes.
pub const MAX_REGISTER_BYTES: u64 = 4 << 20;
/// The most people one register may list.
pub const MAX_PEOPLE: usize = 100_000;

/// One person of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The register's id (a manifest's candidate names it as `person`).
    pub id: String,
    /// Name, in the form the law compares.
    pub name: String,
    /// Gender, if given.
    pub gender: Option<Gender>,
    /// Year of birth, if given.
    pub born: Option<u16>,
    /// Education, if given (as in manifests, e.g. `college`).
    pub education: Option<String>,
    /// Ethnicity, if given (e.g. 畲族).
    pub ethnicity: Option<String>,
    /// The village office the person holds, if any: the clerk or the bookkeeper, who may not sit
    /// on the supervision committee [ZJI30].
    pub office: Option<VillageOffice>,
}

/// A village office whose holder may not sit on the supervision committee [ZJI30].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VillageOffice {
    /// The village clerk (村文书).
    Clerk,
    /// The village bookkeeper or accountant (村报账员、村会计).
    Bookkeeper,
}

/// A relation as the register writes it, from `a` to `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// `a` and `b` are married.
    Spouse,
    /// `a` is `b`'s parent.
    Parent,
    /// `a` and `b` are brothers or sisters.
    Sibling,
    /// `a` is `b`'s grandparent.
    Grandparent,
}

impl RelationKind {
    /// The word the register writes.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Spouse => "spouse",
            RelationKind::Parent => "parent",
            RelationKind::Sibling => "sibling",
            RelationKind::Grandparent => "grandparent",
        }
    }
}

/// How one person is related to another, from the first one's side: `Parent` means the first is
/// the second's parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kinship {
    /// Married to each other (夫妻).
    Spouse,
    /// The first is the second's parent (父母).
    Parent,
    /// The first is the second's child (子女).
    Child,
    /// Brothers or sisters (兄弟姐妹).
    Sibling,
    /// The first is the second's grandparent (祖父母、外祖父母).
    Grandparent,
    /// The first is the second's grandchild (孙子女、外孙子女).
    Grandchild,
}

impl Kinship {
    /// The word the outcome and the reports use (`"spouse"`, `"parent"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Kinship::Spouse => "spouse",
            Kinship::Parent => "parent",
            Kinship::Child => "child",
            Kinship::Sibling => "sibling",
            Kinship::Grandparent => "grandparent",
            Kinship::Grandchild => "grandchild",
        }
    }

    /// The same kinship from the other person's side.
    pub fn reverse(self) -> Kinship {
        match self {
            Kinship::Parent => Kinship::Child,
            Kinship::Child => Kinship::Parent,
            Kinship::Grandparent => Kinship::Grandchild,
            Kinship::Grandchild => Kinship::Grandparent,
            k => k,
        }
    }

    /// Within the circle that may not serve together on the Party committee, the villagers'
    /// committee and the cooperative boards: spouses, parent and child, siblings [ZJE31].
    pub fn is_close(self) -> bool {
        matches!(self, Kinship::Spouse | Kinship::Parent | Kinship::Child | Kinship::Sibling)
    }

    /// Within the wider circle — the close one and grandparents and grandchildren, on the
    /// father's and on the mother's side — that may not serve with the person holding all three
    /// top posts (一肩挑) [plan], and that a supervision committee member may not be of a villagers'
    /// committee member [ZJI30]. Every kinship the register knows is in it.
    pub fn is_wider(self) -> bool {
        true
    }
}

/// A validated village register. Fields are private: ids are unique, every relation names two
/// different people of the register, and a pair has one relation at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    village: String,
    minority: bool,
    large: bool,
    people: Vec<Person>,
    by_id: BTreeMap<String, usize>,
    /// Declared relations by unordered pair (smaller index first), with the kind as written from
    /// the first of the pair's side: `(i, j) → (kind, a_is_i)`.
    declared: BTreeMap<(usize, usize), (RelationKind, bool)>,
    /// Each person's parents, declared.
    parents: Vec<BTreeSet<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    village: Spanned<String>,
    /// A minority village (少数民族村): its committees should have minority members [plan].
    #[serde(default)]
    minority: bool,
    /// A large or merged village: the two committees may have 1–2 more members [plan].
    #[serde(default)]
    large: bool,
    #[serde(default)]
    person: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    relation: Vec<Spanned<RawRelation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: String,
    name: String,
    gender: Option<Gender>,
    born: Option<u16>,
    education: Option<String>,
    ethnicity: Option<String>,
    office: Option<VillageOffice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    a: String,
    b: String,
    kind: RelationKind,
}

impl Register {
    /// Parses and validates a register; `file` names it in errors. Every problem is reported.
    pub fn from_toml(text: &str, file: &Path) -> Result<Register, Error> {
        let raw: RawRegister = parse_toml(text, file, Error::Register)?;
        let mut p = Problems::new(text);
        let register = validate(raw, &mut p);
        p.into_result(file, Error::Register)?;
        Ok(register)
    }

    /// Reads and validates a register file.
    pub fn load(path: &Path) -> Result<Register, Error> {
        let bytes = crate::files::read_limited(path, MAX_REGISTER_BYTES)?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::Register(LocatedErrors::one(path, None, "", format!("not UTF-8: {e}"))))?;
        Register::from_toml(&text, path)
    }

    /// The village the register is of.
    pub fn village(&self) -> &str {
        &self.village
    }

    /// Whether the village is a minority village (`minority = true`).
    pub fn minority(&self) -> bool {
        self.minority
    }

    /// Whether the village is large or merged (`large = true`): 1–2 more committee members allowed.
    pub fn large(&self) -> bool {
        self.large
    }

    /// Everyone listed, in the register's order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The person with this id, by index.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.index(id).map(|i| &self.people[i])
    }

    /// Everyone with this name (put in the form the law compares first): none, one, or — two
    /// villagers sharing a name — several, which a caller must report rather than choose among.
    pub fn named(&self, name: &str) -> Vec<usize> {
        let n = name::normalize(name);
        self.people.iter().enumerate().filter(|(_, p)| p.name == n).map(|(i, _)| i).collect()
    }

    /// How person `x` is related to person `y` (indices), from `x`'s side; `None` for the same
    /// person or people the register does not relate. A declared relation comes first; else two
    /// people with a declared parent in common are siblings, and a parent's declared parent is a
    /// grandparent.
    pub fn kinship(&self, x: usize, y: usize) -> Option<Kinship> {
        if x == y || x >= self.people.len() || y >= self.people.len() {
            return None;
        }
        let key = (x.min(y), x.max(y));
        if let Some(&(kind, a_is_first)) = self.declared.get(&key) {
            let a_is_x = a_is_first == (x == key.0);
            let from_a = match kind {
                RelationKind::Spouse => Kinship::Spouse,
                RelationKind::Sibling => Kinship::Sibling,
                RelationKind::Parent => Kinship::Parent,
                RelationKind::Grandparent => Kinship::Grandparent,
            };
            return Some(if a_is_x { from_a } else { from_a.reverse() });
        }
        if !self.parents[x].is_disjoint(&self.parents[y]) {
            return Some(Kinship::Sibling);
        }
        if self.parents[y].iter().any(|&p| self.parents[p].contains(&x)) {
            return Some(Kinship::Grandparent);
        }
        if self.parents[x].iter().any(|&p| self.parents[p].contains(&y)) {
            return Some(Kinship::Grandchild);
        }
        None
    }
}

fn validate(raw: RawRegister, p: &mut Problems<'_>) -> Register {
    let vspan = raw.village.span();
    let village = raw.village.into_inner().trim().to_string();
    if village.is_empty() {
        p.add(&vspan, "village", "the village's name is empty");
    }
    if raw.person.len() > MAX_PEOPLE {
        p.add(&vspan, "person", format!("{} people: a register lists at most {MAX_PEOPLE}", raw.person.len()));
    }
    let (people, by_id) = people(raw.person, p);
    let (declared, parents) = relations(raw.relation, people.len(), &by_id, p);
    Register { village, minority: raw.minority, large: raw.large, people, by_id, declared, parents }
}

/// Every `[[person]]`: ids, names, years of birth.
fn people(raw: Vec<Spanned<RawPerson>>, p: &mut Problems<'_>) -> (Vec<Person>, BTreeMap<String, usize>) {
    let mut people = Vec::with_capacity(raw.len());
    let mut by_id = BTreeMap::new();
    for (i, sp) in raw.into_iter().enumerate() {
        let span = sp.span();
        let r = sp.into_inner();
        let at = format!("person[{i}] {:?}", r.id);
        p.item_id(&span, &at, &r.id);
        if by_id.insert(r.id.clone(), people.len()).is_some() {
            p.add(&span, format!("{at}.id"), "listed twice: one id is one person");
        }
        let name = p.name(&span, &at, &r.name);
        p.born(&span, &at, r.born);
        let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        people.push(Person {
            id: r.id,
            name,
            gender: r.gender,
            born: r.born,
            education: text(r.education),
            ethnicity: text(r.ethnicity),
            office: r.office,
        });
    }
    (people, by_id)
}

/// Declared relations by unordered pair, and each person's declared parents.
type Relations = (BTreeMap<(usize, usize), (RelationKind, bool)>, Vec<BTreeSet<usize>>);

/// Every `[[relation]]`: two different people of the register, one relation a pair, at most two
/// parents each, nobody their own ancestor.
fn relations(
    raw: Vec<Spanned<RawRelation>>,
    n: usize,
    by_id: &BTreeMap<String, usize>,
    p: &mut Problems<'_>,
) -> Relations {
    let mut declared = BTreeMap::new();
    let mut parents = vec![BTreeSet::new(); n];
    for (i, sr) in raw.into_iter().enumerate() {
        let span = sr.span();
        let r = sr.into_inner();
        let at = format!("relation[{i}]");
        let (Some(a), Some(b)) = (known(by_id, &r.a, &span, &at, "a", p), known(by_id, &r.b, &span, &at, "b", p))
        else {
            continue;
        };
        if a == b {
            p.add(&span, format!("{at}.b"), format!("{:?} is related to themselves", r.a));
            continue;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&(kind, _)) = declared.get(&key) {
            let kind: RelationKind = kind;
            let already = kind.as_str();
            p.add(
                &span,
                at,
                format!("{:?} and {:?} are related already ({already}): a pair has one relation", r.a, r.b),
            );
            continue;
        }
        if r.kind == RelationKind::Parent {
            if parents[b].len() == 2 {
                p.add(&span, at, format!("{:?} has two parents in the register already", r.b));
                continue;
            }
            if is_ancestor(&parents, b, a) {
                p.add(&span, at, format!("{:?} would be their own ancestor", r.a));
                continue;
            }
            parents[b].insert(a);
        }
        declared.insert(key, (r.kind, a == key.0));
    }
    (declared, parents)
}

/// Whether `x` is an ancestor of `y` (or `y` itself) through declared parents.
fn is_ancestor(parents: &[BTreeSet<usize>], x: usize, y: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![y];
    while let Some(q) = todo.pop() {
        if q == x {
            return true;
        }
        if seen.insert(q) {
            todo.extend(parents[q].iter().copied());
        }
    }
    false
}

/// The index of a relation's person, or a problem.
fn known(
    by_id: &BTreeMap<String, usize>,
    id: &str,
    span: &Range<usize>,
    at: &str,
    field: &str,
    p: &mut Problems<'_>,
) -> Option<usize> {
    let i = by_id.get(id).copied();
    if i.is_none() {
        p.add(span, format!("{at}.{field}"), format!("{id:?} is not a person of the register"));
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family over three generations, and one unrelated villager:
    /// 蓝老 (g1) and 雷婆 (g2) are married; their children 蓝国平 (p01) and 蓝国英 (p02); p01's wife 钟秀 (p03);
    /// their son 蓝小平 (p04, both his parents declared); 钟秀's mother 钟婆 (m1); p02's daughter 李芳 (p05); 吴明 (x) is nobody's kin.
    const FAMILY: &str = r#"
village = "坑头村"
[[person]]
id = "g1"
name = "蓝老"
gender = "M"
born = 1940
[[person]]
id = "g2"
name = "雷婆"
gender = "F"
[[person]]
id = "p01"
name = "蓝国平"
gender = "M"
born = 1975
education = "college"
ethnicity = "畲族"
[[person]]
id = "p02"
name = "蓝国英"
[[person]]
id = "p03"
name = "钟秀"
[[person]]
id = "p04"
name = "蓝小平"
[[person]]
id = "m1"
name = "钟婆"
[[person]]
id = "p05"
name = "李芳"
[[person]]
id = "x"
name = "吴明"
[[relation]]
a = "g1"
b = "g2"
kind = "spouse"
[[relation]]
a = "g1"
b = "p01"
kind = "parent"
[[relation]]
a = "g2"
b = "p02"
kind = "parent"
[[relation]]
a = "p01"
b = "p03"
kind = "spouse"
[[relation]]
a = "p01"
b = "p04"
kind = "parent"
[[relation]]
a = "m1"
b = "p03"
kind = "parent"
[[relation]]
a = "p02"
b = "p05"
kind = "parent"
[[relation]]
a = "p03"
b = "p04"
kind = "parent"
"#;

    fn family() -> Register {
        Register::from_toml(FAMILY, Path::new("people.toml")).unwrap()
    }

    fn kin(r: &Register, x: &str, y: &str) -> Option<Kinship> {
        r.kinship(r.index(x).unwrap(), r.index(y).unwrap())
    }

    fn problems(text: &str) -> Vec<(Option<usize>, String, String)> {
        match Register::from_toml(text, Path::new("people.toml")) {
            Err(Error::Register(e)) => e.problems.into_iter().map(|p| (p.line, p.field, p.message)).collect(),
            other => panic!("{other:?}"),
        }
    }

    /// Contract §5: the register's example reads, with every field kept.
    #[test]
    fn contract_5_example_reads() {
        let text = "village = \"坑头村\"\n[[person]]\nid = \"p01\"\nname = \"蓝国平\"\ngender = \"M\"\nborn = 1975\neducation = \"college\"\nethnicity = \"畲族\"\n[[person]]\nid = \"p07\"\nname = \"雷秀\"\n[[relation]]\na = \"p01\"\nb = \"p07\"\nkind = \"spouse\"\n";
        let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
        assert_eq!(r.village(), "坑头村");
        let p = r.person("p01").unwrap();
        assert_eq!(
            (p.gender, p.born, p.education.as_deref(), p.ethnicity.as_deref()),
            (Some(Gender::M), Some(1975), Some("college"), Some("畲族"))
        );
        assert_eq!(kin(&r, "p01", "p07"), Some(Kinship::Spouse));
        assert_eq!(kin(&r, "p07", "p01"), Some(Kinship::Spouse));
    }

    /// ZJE31: spouses, parent and child, and siblings are close relatives — declared, from either
    /// side, and siblings also through a parent they share.
    #[test]
    fn zje31_close_relatives_declared_and_through_a_shared_parent() {
        let r = family();
        assert_eq!(kin(&r, "p01", "p03"), Some(Kinship::Spouse));
        assert_eq!(kin(&r, "p01", "p04"), Some(Kinship::Parent));
        assert_eq!(kin(&r, "p04", "p01"), Some(Kinship::Child));
        // p01's declared parent is g1, p02's is g2: no parent in common, so not siblings by the
        // register alone — the register must say so (see the next test).
        assert_eq!(kin(&r, "p01", "p02"), None);
        let both = FAMILY.replace("a = \"g2\"\nb = \"p02\"", "a = \"g1\"\nb = \"p02\"");
        let r2 = Register::from_toml(&both, Path::new("people.toml")).unwrap();
        assert_eq!(kin(&r2, "p01", "p02"), Some(Kinship::Sibling), "children of one parent");
        for k in [Kinship::Spouse, Kinship::Parent, Kinship::Child, Kinship::Sibling] {
            assert!(k.is_close(), "{k:?}");
        }
        assert!(!Kinship::Grandparent.is_close() && !Kinship::Grandchild.is_close());
    }

    /// The 一肩挑 holder's wider circle [plan] and ZJI30's close relatives take in grandparents and
    /// grandchildren, on the father's and the mother's side.
    #[test]
    fn zji30_and_yijiantiao_grandparents_on_either_side() {
        let r = family();
        assert_eq!(kin(&r, "g1", "p04"), Some(Kinship::Grandparent), "father's father");
        assert_eq!(kin(&r, "p04", "g1"), Some(Kinship::Grandchild));
        assert_eq!(kin(&r, "g2", "p05"), Some(Kinship::Grandparent), "mother's mother");
        assert!(Kinship::Grandparent.is_wider() && Kinship::Grandchild.is_wider() && Kinship::Spouse.is_wider());
    }

    /// Kinship is what rules.md lists and nothing more: in-laws, cousins, aunts and uncles and
    /// people the register does not relate are not kin; nor is anyone their own relative.
    #[test]
    fn rules_no_kinship_beyond_the_listed_circle() {
        let r = family();
        assert_eq!(kin(&r, "m1", "p01"), None, "a wife's mother");
        assert_eq!(kin(&r, "m1", "p04"), Some(Kinship::Grandparent), "but the son's mother's mother");
        assert_eq!(kin(&r, "p04", "p05"), None, "cousins");
        assert_eq!(kin(&r, "p02", "p04"), None, "aunt and nephew");
        assert_eq!(kin(&r, "x", "p01"), None);
        assert_eq!(kin(&r, "p01", "p01"), None);
    }

    /// ZJI30 names the village's clerk and bookkeeper: the register marks them with `office`; any
    /// other word is refused with its line.
    #[test]
    fn zji30_the_clerk_and_bookkeeper_are_marked() {
        let text = "village = \"坑头村\"\n[[person]]\nid = \"a\"\nname = \"张伟\"\noffice = \"clerk\"\n[[person]]\nid = \"b\"\nname = \"李四\"\noffice = \"bookkeeper\"\n[[person]]\nid = \"c\"\nname = \"王五\"\n";
        let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
        let offices: Vec<_> = r.people().iter().map(|p| p.office).collect();
        assert_eq!(offices, [Some(VillageOffice::Clerk), Some(VillageOffice::Bookkeeper), None]);
        let bad = text.replace("\"bookkeeper\"", "\"treasurer\"");
        let e = Register::from_toml(&bad, Path::new("people.toml")).unwrap_err().to_string();
        assert!(e.contains("people.toml:9:") && e.contains("treasurer"), "{e}");
    }

    /// Names are compared in the law's form, and a shared name gives every person who bears it.
    #[test]
    fn names_in_the_laws_form_and_shared_names_all_found() {
        let text = "village = \"坑头村\"\n[[person]]\nid = \"a\"\nname = \"张伟\"\n[[person]]\nid = \"b\"\nname = \" 张 伟 \"\n[[person]]\nid = \"c\"\nname = \"ＡＢ\"\n";
        let r = Register::from_toml(text, Path::new("people.toml")).unwrap();
        assert_eq!(r.named("张伟"), vec![0, 1]);
        assert_eq!(r.named("AB"), vec![2]);
        assert_eq!(r.named("李四"), Vec::<usize>::new());
    }

    /// Every problem is found in one pass, each at its line and field.
    #[test]
    fn every_problem_located() {
        let text = "village = \" \"
[[person]]
id = \"p 1\"
name = \"甲\"
[[person]]
id = \"p2\"
name = \"乙\"
born = 1800
[[person]]
id = \"p2\"
name = \"\"
[[person]]
id = \"p3\"
name = \"丙\"
[[person]]
id = \"p4\"
name = \"丁\"
[[person]]
id = \"p5\"
name = \"戊\"
[[relation]]
a = \"p2\"
b = \"nobody\"
kind = \"spouse\"
[[relation]]
a = \"p3\"
b = \"p3\"
kind = \"sibling\"
[[relation]]
a = \"p3\"
b = \"p4\"
kind = \"parent\"
[[relation]]
a = \"p4\"
b = \"p3\"
kind = \"spouse\"
[[relation]]
a = \"p4\"
b = \"p5\"
kind = \"parent\"
[[relation]]
a = \"p5\"
b = \"p3\"
kind = \"parent\"
";
        let ps = problems(text);
        let has = |line: usize, field: &str, words: &str| {
            assert!(
                ps.iter().any(|(l, f, m)| *l == Some(line) && f == field && m.contains(words)),
                "no problem at line {line}, {field}, with {words:?}: {ps:#?}"
            )
        };
        has(1, "village", "empty");
        has(2, "person[0] \"p 1\".id", "1–64 characters");
        has(5, "person[1] \"p2\".born", "1800");
        has(9, "person[2] \"p2\".id", "listed twice");
        has(9, "person[2] \"p2\".name", "empty");
        has(21, "relation[0].b", "not a person of the register");
        has(25, "relation[1].b", "related to themselves");
        has(33, "relation[3]", "related already (parent)");
        has(41, "relation[5]", "their own ancestor");
        assert_eq!(ps.len(), 9, "{ps:#?}");
    }

    /// A third parent, an unknown kind of relation and an unknown field are refused.
    #[test]
    fn impossible_or_unknown_relations_refused() {
        let three = "village = \"v\"\n[[person]]\nid = \"a\"\nname = \"甲\"\n[[person]]\nid = \"b\"\nname = \"乙\"\n[[person]]\nid = \"c\"\nname = \"丙\"\n[[person]]\nid = \"d\"\nname = \"丁\"\n[[relation]]\na = \"a\"\nb = \"d\"\nkind = \"parent\"\n[[relation]]\na = \"b\"\nb = \"d\"\nkind = \"parent\"\n[[relation]]\na = \"c\"\nb = \"d\"\nkind = \"parent\"\n";
        let ps = problems(three);
        assert_eq!(ps.len(), 1, "{ps:#?}");
        assert!(ps[0].2.contains("two parents in the register already"), "{ps:#?}");
        let cousin = three.replacen("kind = \"parent\"", "kind = \"cousin\"", 1);
        assert!(problems(&cousin)[0].2.contains("unknown variant"), "{:?}", problems(&cousin));
        let extra = three.replacen("name = \"甲\"", "name = \"甲\"\nphone = \"1\"", 1);
        assert!(problems(&extra)[0].2.contains("unknown field"), "{:?}", problems(&extra));
    }
}
