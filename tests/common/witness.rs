//! A witness for the end-to-end tests (`tests/witness.rs`, and any test of a collector with
//! witnesses): `zheng witness` run on loopback with a key from a fixed seed, started again on its
//! store after a kill; one HTTP request on its own connection; and a verifier of cosignatures
//! written from the C2SP texts alone — `sha2` and `ed25519-dalek`, nothing of Zheng's.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::SigningKey;
use sha2::{Digest as _, Sha256};

/// A `zheng witness` process on a loopback port.
pub struct Witness {
    child: Option<Child>,
    /// Where it listens (`127.0.0.1:PORT`): its submission prefix is `http://` and this.
    pub addr: String,
    /// Its vkey, as `zheng witness vkey` prints it.
    pub vkey: String,
    args: Vec<String>,
}

impl Witness {
    /// Starts a witness named `name` with the key of seed 32 bytes `seed`, its key file
    /// (`<name>.key`, made if missing) and its store (`<name>.db`) in `dir` (`/` in the name is
    /// `_` in the files'), witnessing the logs of `logs` (vkeys, as `zheng log vkey` prints them).
    pub fn start(dir: &Path, name: &str, seed: u8, logs: &[String]) -> Witness {
        let stem = name.replace('/', "_");
        let key = dir.join(format!("{stem}.key"));
        if !key.exists() {
            zheng::seal::keys::write_new(&key, &SigningKey::from_bytes(&[seed; 32])).unwrap();
        }
        let key = key.display().to_string();
        let o = super::zheng(&["witness", "vkey", "--key", &key, "--name", name]);
        assert!(o.status.success(), "{}", super::err(&o));
        let store = dir.join(format!("{stem}.db")).display().to_string();
        let mut args: Vec<String> =
            ["witness", "--listen", "127.0.0.1:0", "--name", name, "--key", &key, "--store", &store]
                .map(String::from)
                .into();
        for l in logs {
            args.extend(["--log".to_string(), l.clone()]);
        }
        let mut w = Witness { child: None, addr: String::new(), vkey: super::out(&o).trim().to_string(), args };
        w.restart();
        w
    }

    /// Starts it (again, on its store, after [`Witness::kill`]); waits until it listens.
    pub fn restart(&mut self) {
        self.kill();
        let mut child = super::zheng_command()
            .args(&self.args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("zheng witness starts");
        let (addr, line) = super::listening(&mut child);
        assert!(line.contains(&self.vkey), "it names its vkey: {line}");
        (self.addr, self.child) = (addr, Some(child));
    }

    /// `POST /add-checkpoint` with `body`.
    pub fn add(&self, body: &[u8]) -> Answer {
        http(&self.addr, "POST", "/add-checkpoint", body).expect("the witness answers")
    }

    /// Kills it with SIGKILL.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Witness {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The vkey of a collector's key, as `zheng log vkey` prints it (its key file written in `dir`).
pub fn log_vkey(dir: &Path, key: &SigningKey) -> String {
    let file: PathBuf = dir.join(format!("log-{}.key", hex::encode(&key.verifying_key().as_bytes()[..8])));
    if !file.exists() {
        zheng::seal::keys::write_new(&file, key).unwrap();
    }
    let o = super::zheng(&["log", "vkey", "--key", &file.display().to_string()]);
    assert!(o.status.success(), "{}", super::err(&o));
    super::out(&o).trim().to_string()
}

/// An answer: status, content type, body.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Its `Content-Type`, in lower case.
    pub content_type: String,
    /// Its body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on its own connection.
pub fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> std::io::Result<Answer> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(&[head.as_bytes(), body].concat())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or(std::io::ErrorKind::InvalidData)?;
    let content_type = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_string))
        .unwrap_or_default();
    Ok(Answer { status, content_type, body: raw[split + 4..].to_vec() })
}

/// The checkpoint's text of a signed note: the note up to its blank line, with its final newline.
pub fn text_of(note: &str) -> String {
    format!("{}\n", note.split_once("\n\n").expect("a signed note").0)
}

/// The independent verifier, from c2sp.org/signed-note and c2sp.org/tlog-cosignature alone: the
/// vkey `name+hex(key id)+base64(0x04 ‖ key)`, the key id `SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]`,
/// the line `— name base64(key id ‖ u64 BE timestamp ‖ Ed25519 signature)`, the message
/// `cosignature/v1\ntime T\n` ‖ the checkpoint's text. Panics unless the line is the witness's
/// valid cosignature; gives its timestamp.
pub fn independent_check(vkey: &str, checkpoint_text: &str, line: &str) -> u64 {
    let mut parts = vkey.splitn(3, '+');
    let (name, id_hex, key_b64) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    let typed = BASE64.decode(key_b64).unwrap();
    assert_eq!((typed.len(), typed[0]), (33, 0x04), "a timestamped Ed25519 cosignature key");
    let key: [u8; 32] = typed[1..].try_into().unwrap();
    let id = Sha256::new().chain_update(name.as_bytes()).chain_update([0x0A, 0x04]).chain_update(key).finalize();
    assert_eq!(hex::encode(&id[..4]), id_hex, "the vkey's key id");
    let sig_b64 =
        line.strip_prefix(&format!("— {name} ")).expect("a line of the witness's name").trim_end_matches('\n');
    let sig = BASE64.decode(sig_b64).unwrap();
    assert_eq!(sig.len(), 4 + 8 + 64, "key id, timestamp, signature");
    assert_eq!(sig[..4], id[..4], "the line's key id");
    let time = u64::from_be_bytes(sig[4..12].try_into().unwrap());
    assert!(time > 0 && time < 1 << 63, "a timestamp, never 0");
    let message = format!("cosignature/v1\ntime {time}\n{checkpoint_text}");
    let public = ed25519_dalek::VerifyingKey::from_bytes(&key).unwrap();
    let signature = ed25519_dalek::Signature::from_bytes(&sig[12..].try_into().unwrap());
    public.verify_strict(message.as_bytes(), &signature).expect("the cosignature verifies");
    time
}
