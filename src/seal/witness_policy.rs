//! Which witnesses a client trusts, and how many of them must cosign a checkpoint: given as
//! `--witness VKEY… --quorum K`, or as a policy file in the transparency-log ecosystem's text
//! format (Sigsum's policy file, as C2SP's witness ecosystem writes it, keys as vkeys). The
//! subset read, one statement a line, `#` starting a comment:
//!
//! - `log VKEY [URL]` — a log's key (type 0x01);
//! - `witness NAME VKEY [URL]` — a witness (type 0x04), named for the lines below;
//! - `group NAME all|any|K MEMBER…` — satisfied when all, any one, or K of its members are (a
//!   member is a witness or a group defined above it);
//! - `quorum NAME` (or `quorum none`) — the witness or group that must be satisfied.
//!
//! Pure: the text in, a [`Policy`] out; [`Policy::check`] a checkpoint's cosignatures against it.

use crate::error::{PolicyFault, Refusal};
use crate::seal::cosignature::{KeyType, SignedCheckpoint, Vkey};

/// A member of a group, or the quorum: a witness or a group, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Witness(usize),
    Group(usize),
    None,
}

#[derive(Debug, Clone)]
struct Group {
    threshold: usize,
    members: Vec<Node>,
}

/// A witness policy: the witnesses, their groups, and the quorum.
#[derive(Debug, Clone)]
pub struct Policy {
    logs: Vec<Vkey>,
    names: Vec<(String, Node)>,
    witnesses: Vec<Vkey>,
    groups: Vec<Group>,
    quorum: Node,
    said: String,
}

impl Policy {
    /// `k` of `witnesses` (`--witness VKEY… --quorum K`); `k` from 1 to their number.
    pub fn k_of(witnesses: Vec<Vkey>, k: usize) -> Policy {
        let members: Vec<Node> = (0..witnesses.len()).map(Node::Witness).collect();
        let names: Vec<&str> = witnesses.iter().map(Vkey::name).collect();
        let said = format!("{k} of {}", names.join(", "));
        let groups = vec![Group { threshold: k, members }];
        Policy { logs: Vec::new(), names: Vec::new(), witnesses, groups, quorum: Node::Group(0), said }
    }

    /// Reads a policy file's text.
    pub fn parse(text: &str) -> Result<Policy, Refusal> {
        let mut p = Policy {
            logs: Vec::new(),
            names: Vec::new(),
            witnesses: Vec::new(),
            groups: Vec::new(),
            quorum: Node::None,
            said: String::new(),
        };
        let mut quorums = 0;
        for (i, line) in text.lines().enumerate() {
            let bad = |fault| Refusal::BadPolicy { line: i + 1, fault };
            let words: Vec<&str> = line.split('#').next().unwrap_or("").split_whitespace().collect();
            match words.as_slice() {
                [] => {}
                ["log", vkey] | ["log", vkey, _] => p.logs.push(Vkey::parse(vkey, KeyType::Log)?),
                ["witness", name, vkey] | ["witness", name, vkey, _] => {
                    let node = Node::Witness(p.witnesses.len());
                    p.witnesses.push(Vkey::parse(vkey, KeyType::Cosignature)?);
                    p.define(name, node).map_err(bad)?;
                }
                ["group", name, threshold, members @ ..] if !members.is_empty() => {
                    let members = members.iter().map(|m| p.node(m)).collect::<Result<Vec<_>, _>>().map_err(bad)?;
                    let threshold = match *threshold {
                        "all" => members.len(),
                        "any" => 1,
                        k => k
                            .parse()
                            .ok()
                            .filter(|k| (1..=members.len()).contains(k))
                            .ok_or(bad(PolicyFault::Threshold))?,
                    };
                    let node = Node::Group(p.groups.len());
                    p.groups.push(Group { threshold, members });
                    p.define(name, node).map_err(bad)?;
                }
                ["quorum", name] => {
                    quorums += 1;
                    p.quorum = if *name == "none" { Node::None } else { p.node(name).map_err(bad)? };
                    p.said = (*name).to_string();
                }
                ["log" | "witness" | "group" | "quorum", ..] => return Err(bad(PolicyFault::Arguments)),
                _ => return Err(bad(PolicyFault::Keyword)),
            }
        }
        if quorums != 1 {
            return Err(Refusal::BadPolicy { line: 0, fault: PolicyFault::NoQuorum });
        }
        Ok(p)
    }

    fn define(&mut self, name: &str, node: Node) -> Result<(), PolicyFault> {
        if name == "none" || self.names.iter().any(|(n, _)| n == name) {
            return Err(PolicyFault::DuplicateName { name: name.to_string() });
        }
        self.names.push((name.to_string(), node));
        Ok(())
    }

    fn node(&self, name: &str) -> Result<Node, PolicyFault> {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, node)| *node)
            .ok_or_else(|| PolicyFault::UnknownName { name: name.to_string() })
    }

    /// The logs' keys the policy names (a client may check the log's key against them).
    pub fn logs(&self) -> &[Vkey] {
        &self.logs
    }

    /// The quorum as said in a refusal: `K of A, B, C`, or the policy's quorum name.
    pub fn quorum(&self) -> &str {
        &self.said
    }

    /// The witnesses it names.
    pub fn witnesses(&self) -> &[Vkey] {
        &self.witnesses
    }

    fn satisfied(&self, node: Node, cosigned: &[usize]) -> bool {
        match node {
            Node::None => true,
            Node::Witness(i) => cosigned.contains(&i),
            Node::Group(g) => {
                let group = &self.groups[g];
                group.members.iter().filter(|&&m| self.satisfied(m, cosigned)).count() >= group.threshold
            }
        }
    }

    /// Checks a checkpoint's cosignatures: every line of a known witness must verify (one that
    /// does not is [`Refusal::BadCosignature`]: forged), and the quorum must be met —
    /// [`Refusal::NotYetWitnessed`] when no witness of the policy cosigned it,
    /// [`Refusal::QuorumNotReached`] when too few did. Gives the names of those that cosigned.
    pub fn check(&self, cp: &SignedCheckpoint) -> Result<Vec<String>, Refusal> {
        let cosigned: Vec<usize> = cp.cosigned_by(&self.witnesses)?.into_iter().map(|(i, _)| i).collect();
        let names: Vec<String> = cosigned.iter().map(|&i| self.witnesses[i].name().to_string()).collect();
        if self.satisfied(self.quorum, &cosigned) {
            return Ok(names);
        }
        if cosigned.is_empty() {
            return Err(Refusal::NotYetWitnessed { size: cp.size() });
        }
        Err(Refusal::QuorumNotReached { size: cp.size(), cosigned: names.join(", "), quorum: self.said.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::cosignature::Cosigner;
    use ed25519_dalek::SigningKey;

    fn witness(n: u8) -> Cosigner {
        Cosigner::new(&format!("w{n}.example"), SigningKey::from_bytes(&[n; 32])).unwrap()
    }

    const CP: &str = "example.com/log\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

    fn cosigned(by: &[&Cosigner]) -> SignedCheckpoint {
        let mut note = format!("{CP}\n— example.com/log AAAAAAA=\n");
        for w in by {
            note.push_str(&w.cosign(CP.as_bytes(), 1_700_000_000).unwrap());
        }
        SignedCheckpoint::parse(note.as_bytes()).unwrap()
    }

    #[test]
    fn a_policy_file_reads_and_its_groups_make_the_quorum() {
        let (a, b, c) = (witness(1), witness(2), witness(3));
        let text = format!(
            "# three witnesses, two of them\nwitness A {} http://a\nwitness B {}\nwitness C {}\ngroup G 2 A B C\nquorum G\n",
            a.vkey(),
            b.vkey(),
            c.vkey()
        );
        let p = Policy::parse(&text).unwrap();
        assert_eq!(p.check(&cosigned(&[&a, &c])).unwrap(), ["w1.example", "w3.example"]);
        assert_eq!(p.check(&cosigned(&[])), Err(Refusal::NotYetWitnessed { size: 2 }));
        assert!(matches!(p.check(&cosigned(&[&b])), Err(Refusal::QuorumNotReached { .. })));
        let any = text.replace("group G 2", "group G any");
        assert!(Policy::parse(&any).unwrap().check(&cosigned(&[&b])).is_ok());
        let k = Policy::k_of(vec![a.vkey().clone(), b.vkey().clone(), c.vkey().clone()], 2);
        assert!(k.check(&cosigned(&[&a, &b])).is_ok() && k.check(&cosigned(&[&a])).is_err());
    }

    #[test]
    fn a_bad_policy_is_refused_with_its_line() {
        let a = witness(1);
        let fault = |t: &str| match Policy::parse(t) {
            Err(Refusal::BadPolicy { line, fault }) => (line, fault),
            other => panic!("{t}: {other:?}"),
        };
        let w = format!("witness A {}\n", a.vkey());
        assert_eq!(fault(&format!("{w}nope\nquorum A\n")), (2, PolicyFault::Keyword));
        assert_eq!(fault(&format!("{w}group G 2 A\nquorum G\n")), (2, PolicyFault::Threshold));
        assert_eq!(fault(&format!("{w}quorum B\n")), (2, PolicyFault::UnknownName { name: "B".into() }));
        assert_eq!(fault(&format!("{w}{w}quorum A\n")), (2, PolicyFault::DuplicateName { name: "A".into() }));
        assert_eq!(fault(&w), (0, PolicyFault::NoQuorum));
        assert_eq!(fault(&format!("{w}quorum\n")), (2, PolicyFault::Arguments));
        assert!(Policy::parse("quorum none\n").unwrap().check(&cosigned(&[])).is_ok());
    }
}
