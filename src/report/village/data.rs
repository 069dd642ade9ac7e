//! The structure report as data: CSV, and the JSON of a village's targets, a township's roll-up and
//! the conflicts between seats. Both name what is measured in Chinese (the JSON in English too),
//! cite each source as they always have ([`crate::words::village::citation`]), and give each
//! recommendation in both languages: one form for every reader, whatever `--lang` says.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::village::{Conflict, Rollup, Target, TargetCode, Township};
use crate::words::Lang;
use crate::words::village::citation;

/// The structure report as CSV: one row a village and target, then the township's roll-up rows
/// (village `*`).
pub fn csv(t: &Township) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["township", "village", "code", "measure", "value", "target", "verdict", "source"])?;
    for v in &t.villages {
        for x in &v.structure.targets {
            let (code, measure, goal) = (x.code.to_string(), Lang::Zh.measure(x.code), Lang::Zh.goal(x.goal));
            let row = [&t.township, &v.village, &code, &measure, &x.value, &goal, x.verdict.mark(), citation(x.source)];
            w.write_record(row)?;
        }
    }
    for r in &t.rollup {
        let (code, measure, value) = (r.code.to_string(), Lang::Zh.measure(r.code), format!("{}/{}", r.met, r.judged));
        let row = [t.township.as_str(), "*", &code, &measure, &value, "all", r.verdict().mark(), citation(r.source)];
        w.write_record(row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_struct("Target", 7)?;
        t.serialize_field("code", &self.code)?;
        t.serialize_field("zh", &Lang::Zh.measure(self.code))?;
        t.serialize_field("en", &Lang::En.measure(self.code))?;
        t.serialize_field("value", &self.value)?;
        t.serialize_field("target", &Lang::Zh.goal(self.goal))?;
        t.serialize_field("verdict", &self.verdict)?;
        t.serialize_field("source", citation(self.source))?;
        t.end()
    }
}

impl Serialize for Rollup {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut r = s.serialize_struct("Rollup", 8)?;
        r.serialize_field("code", &self.code)?;
        r.serialize_field("zh", &Lang::Zh.measure(self.code))?;
        r.serialize_field("en", &Lang::En.measure(self.code))?;
        r.serialize_field("met", &self.met)?;
        r.serialize_field("judged", &self.judged)?;
        r.serialize_field("missed", &self.missed)?;
        if self.code == TargetCode::AverageAge {
            r.serialize_field("ages", &self.ages)?;
        }
        r.serialize_field("source", citation(self.source))?;
        r.end()
    }
}

impl Serialize for Conflict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut c = s.serialize_struct("Conflict", 7)?;
        c.serialize_field("rule", &self.rule())?;
        c.serialize_field("a", &self.a)?;
        c.serialize_field("b", &self.b)?;
        c.serialize_field("office", &self.office)?;
        c.serialize_field("relation", &self.relation.map(|k| k.as_str()))?;
        c.serialize_field("recommendation_en", Lang::En.recommendation(self.ground))?;
        c.serialize_field("recommendation_zh", Lang::Zh.recommendation(self.ground))?;
        c.end()
    }
}
