//! A register as a vote needs it: checked against the vote's manifest before counting — the
//! register is of the manifest's village, every `person` a candidate names is in it under the same
//! name, and every member of a box's counting team is in it.

use std::path::Path;

use super::model::Register;
use crate::error::{Error, Located, LocatedErrors};
use crate::vote::manifest::Election;

/// Checks a register against a manifest before counting: every `person` a candidate names is in
/// the register under the same name, every member of a box's counting team is in it, and the
/// register is of the manifest's village.
pub fn check_register(e: &Election, r: &Register, file: &Path) -> Result<(), Error> {
    let mut problems = Vec::new();
    if !e.village().is_empty() && !r.village().is_empty() && e.village() != r.village() {
        problems.push((
            "village".to_string(),
            format!("the register is of {:?}, the election of {:?}", r.village(), e.village()),
        ));
    }
    for c in e.contests() {
        for k in &c.candidates {
            let Some(rid) = &k.register_id else { continue };
            let at = format!("contest {:?} candidate {:?}.person", c.id, k.id);
            match r.person(rid) {
                None => problems.push((at, format!("{rid:?} is not in the register"))),
                Some(p) if p.name != k.name => problems.push((
                    at,
                    format!(
                        "{rid:?} is {:?} in the register but the candidate is {:?}: one person, one name",
                        p.name, k.name
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    for s in e.stations() {
        for (i, m) in s.staff.iter().enumerate() {
            if r.index(&m.person).is_none() {
                let at = format!("station {:?} staff[{i}].person", s.id);
                problems.push((at, format!("{:?} is not in the register", m.person)));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut errs = LocatedErrors::one(file, None, "", String::new());
    errs.problems = problems.into_iter().map(|(field, message)| Located { line: None, field, message }).collect();
    Err(Error::Register(errs))
}
