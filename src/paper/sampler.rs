//! Placeholder until the sampler task lands: the consistent sampler, naive.
#![allow(missing_docs)]
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub station: usize,
    pub position: u64,
    pub ticket: String,
}

impl Drawn {
    pub fn id(&self, population: &[(&str, u64)]) -> String {
        format!("{}:{}", population[self.station].0, self.position)
    }
    pub fn display_ticket(&self, digits: usize) -> String {
        let x0 = format!("{}0", self.ticket);
        let first = (2..x0.len()).find(|&i| x0.as_bytes()[i] < b'9').unwrap_or(2);
        self.ticket.chars().take(first + digits).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedError {
    TooShort { digits: usize },
    NotDigits,
}

pub fn check_seed(seed: &str) -> Result<(), SeedError> {
    if !seed.bytes().all(|b| b.is_ascii_digit()) || seed.is_empty() {
        return Err(SeedError::NotDigits);
    }
    if seed.len() < 20 {
        return Err(SeedError::TooShort { digits: seed.len() });
    }
    Ok(())
}

pub fn seed_hash(seed: &str) -> String {
    hex::encode(Sha256::digest(seed.as_bytes()))
}

pub fn ticket(seed_hash: &str, id: &str) -> String {
    let h = Sha256::digest(format!("{seed_hash}{id}").as_bytes());
    let h2 = h;
    let mut limbs = [0u32; 8];
    for (i, c) in h2.chunks(4).enumerate() {
        limbs[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
    }
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut rem = 0u64;
        for l in limbs.iter_mut() {
            let cur = (rem << 32) | u64::from(*l);
            *l = (cur / 10) as u32;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    while digits.len() < 64 {
        digits.push(b'0');
    }
    format!("0.{}", String::from_utf8(digits).unwrap_or_default())
}

pub fn draw(seed: &str, population: &[(&str, u64)], n: u64) -> Vec<Drawn> {
    let h = seed_hash(seed);
    let mut all: Vec<(String, String, Drawn)> = Vec::new();
    for (si, (s, b)) in population.iter().enumerate() {
        for p in 1..=*b {
            let id = format!("{s}:{p}");
            let t = ticket(&h, &id);
            all.push((t.clone(), id, Drawn { station: si, position: p, ticket: t }));
        }
    }
    all.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    all.into_iter().take(n as usize).map(|x| x.2).collect()
}
