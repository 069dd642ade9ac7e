//! A register as a vote needs it: checked against the vote's manifest before counting — the
//! register is of the manifest's village, every `person` a candidate names is in it under the same
//! name, and every member of a box's counting team is in it.

use std::path::Path;

use super::model::Register;
use crate::error::{Error, Located, LocatedErrors, Problem};
use crate::vote::manifest::Election;

/// Checks a register against a manifest before counting: every `person` a candidate names is in
/// the register under the same name, every member of a box's counting team is in it, and the
/// register is of the manifest's village.
pub fn check_register(e: &Election, r: &Register, file: &Path) -> Result<(), Error> {
    let mut problems = Vec::new();
    if !e.village().is_empty() && !r.village().is_empty() && e.village() != r.village() {
        let problem = Problem::OtherVillage { register: r.village().to_string(), election: e.village().to_string() };
        problems.push(("village".to_string(), problem));
    }
    for c in e.contests() {
        for k in &c.candidates {
            let Some(rid) = &k.register_id else { continue };
            let at = format!("contest {:?} candidate {:?}.person", c.id, k.id);
            match r.person(rid) {
                None => problems.push((at, Problem::NotInRegister { id: rid.clone() })),
                Some(p) if p.name != k.name => problems.push((
                    at,
                    Problem::OtherName { id: rid.clone(), register: p.name.clone(), candidate: k.name.clone() },
                )),
                Some(_) => {}
            }
        }
    }
    for s in e.stations() {
        for (i, m) in s.staff.iter().enumerate() {
            if r.index(&m.person).is_none() {
                let at = format!("station {:?} staff[{i}].person", s.id);
                problems.push((at, Problem::NotInRegister { id: m.person.clone() }));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let problems = problems.into_iter().map(|(field, problem)| Located { line: None, field, problem }).collect();
    let errs = LocatedErrors { file: file.display().to_string(), problems };
    Err(Error::Register(errs))
}
