//! `zheng log`: the collector's signed log — its checkpoint, inclusion and consistency proofs, its
//! key as C2SP writes it (`log vkey`), and the check a station makes of its receipt, then and later.

use std::path::{Path, PathBuf};

use zheng::collect::log as tlog;
use zheng::collect::receipt::Receipt;
use zheng::collect::store::Store;
use zheng::collect::{parse_proof, proof_text};
use zheng::error::Refusal;
use zheng::files::read_limited;
use zheng::seal::cosignature::{KeyType, SignedCheckpoint, Vkey};
use zheng::seal::witness_policy::Policy;

use zheng::words::Lang;
use zheng::words::collect::{CollectSays, CollectWord};

use super::{LangArg, print, println};

/// The log's checkpoint, its proofs, and checking a receipt.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Prints the newest signed checkpoint (a C2SP checkpoint as a signed note).
    Checkpoint {
        /// The collector's store.
        #[arg(long, value_name = "DB")]
        store: PathBuf,
        /// Language of what is printed (not a checkpoint or a proof, which are data), errors too: zh
        /// or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Prints the inclusion proof of entry INDEX in the tree of SIZE entries (default: all).
    ProveInclusion {
        /// The collector's store.
        #[arg(long, value_name = "DB")]
        store: PathBuf,
        /// The entry (a receipt's log index).
        #[arg(long)]
        index: u64,
        /// The tree's size (a checkpoint's).
        #[arg(long)]
        size: Option<u64>,
        /// Language of what is printed (not a checkpoint or a proof, which are data), errors too: zh
        /// or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Prints the consistency proof from the tree of OLD entries to the tree of NEW (default: all).
    ProveConsistency {
        /// The collector's store.
        #[arg(long, value_name = "DB")]
        store: PathBuf,
        /// The older tree's size.
        #[arg(long)]
        old: u64,
        /// The newer tree's size.
        #[arg(long)]
        new: Option<u64>,
        /// Language of what is printed (not a checkpoint or a proof, which are data), errors too: zh
        /// or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Prints the log's vkey (a C2SP verifier key, signature type 0x01, named by the log's origin)
    /// from the collector's key file: what a witness is given with `--log`.
    Vkey {
        /// The collector's key file (`--key` of `zheng collect`, or `DB.key` beside its store).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Language of errors (a vkey is data): zh or en (default: $ZHENG_LANG, else the locale,
        /// else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
    /// Checks a receipt: the collector's signature, its checkpoint, the result's inclusion; and,
    /// given a later checkpoint and a consistency proof, that the log still holds it.
    Verify {
        /// The collector's public key in hex.
        #[arg(long, value_name = "HEX")]
        key: String,
        /// The receipt file.
        #[arg(long, value_name = "FILE")]
        receipt: PathBuf,
        /// The result file it acknowledges.
        #[arg(long, value_name = "FILE")]
        result: PathBuf,
        /// A later checkpoint of the same log.
        #[arg(long, value_name = "FILE", requires = "consistency")]
        checkpoint: Option<PathBuf>,
        /// The consistency proof from the receipt's checkpoint to the later one.
        #[arg(long, value_name = "FILE", requires = "checkpoint")]
        consistency: Option<PathBuf>,
        /// A witness whose cosignature counts (its vkey, type 0x04): the checkpoint checked (the
        /// later one if given, else the receipt's) must carry the quorum's. Give one for each.
        #[arg(long = "witness", value_name = "VKEY", requires = "quorum", conflicts_with = "policy")]
        witnesses: Vec<String>,
        /// How many of the witnesses must have cosigned it.
        #[arg(long, value_name = "K", requires = "witnesses")]
        quorum: Option<usize>,
        /// The witnesses and quorum as a policy file (`log`, `witness NAME VKEY`, `group NAME K
        /// MEMBER…`, `quorum NAME` lines).
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// Language of what is printed (not a checkpoint or a proof, which are data), errors too: zh
        /// or en (default: $ZHENG_LANG, else the locale, else zh).
        #[arg(long, value_enum, default_value_t = LangArg::from_env())]
        lang: LangArg,
    },
}

/// Runs it.
pub fn run(c: Command) -> anyhow::Result<u8> {
    match c {
        Command::Checkpoint { store, lang } => match Store::open_read_only(&store)?.checkpoint()? {
            Some((_, note)) => print(&note).map(|()| 0),
            None => {
                eprintln!("zheng: {}", Lang::from(lang).say(CollectWord::NothingLogged));
                Ok(1)
            }
        },
        Command::ProveInclusion { store, index, size, lang: _ } => {
            let s = Store::open_read_only(&store)?;
            let size = size.map_or_else(|| s.size(), Ok)?;
            let proof = tlog::prove_inclusion(&s.hashes(), size, index).map_err(zheng::Error::Refusal)?;
            print(&proof_text("inclusion", index, size, &proof)).map(|()| 0)
        }
        Command::ProveConsistency { store, old, new, lang: _ } => {
            let s = Store::open_read_only(&store)?;
            let new = new.map_or_else(|| s.size(), Ok)?;
            let proof = tlog::prove_consistency(&s.hashes(), new, old).map_err(zheng::Error::Refusal)?;
            print(&proof_text("consistency", old, new, &proof)).map(|()| 0)
        }
        Command::Vkey { key, lang: _ } => {
            let public = zheng::seal::keys::load(&key)?.verifying_key();
            let vkey = Vkey::new(&tlog::origin_for(&public), KeyType::Log, public).map_err(zheng::Error::Refusal)?;
            println(&vkey.to_string()).map(|()| 0)
        }
        Command::Verify { key, receipt, result, checkpoint, consistency, witnesses, quorum, policy, lang } => {
            let lang = Lang::from(lang);
            let policy = match policy_of(&witnesses, quorum, policy.as_deref()) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("zheng: {}", e.said_in(lang));
                    return Ok(e.exit_code());
                }
            };
            let later = checkpoint.as_deref().zip(consistency.as_deref());
            match verify(&key, &receipt, &result, later, policy.as_ref(), lang) {
                Ok(said) => println(&said).map(|()| 0),
                Err(r) => {
                    let e = zheng::Error::refused(&receipt, r);
                    eprintln!("zheng: {}", e.said_in(lang));
                    Ok(e.exit_code())
                }
            }
        }
    }
}

/// The witness policy given: `--witness … --quorum K`, or `--policy FILE`, or none.
fn policy_of(witnesses: &[String], quorum: Option<usize>, file: Option<&Path>) -> Result<Option<Policy>, zheng::Error> {
    if let Some(file) = file {
        let text = read_limited(file, 1 << 20)?;
        let text = String::from_utf8_lossy(&text);
        return Policy::parse(&text).map(Some).map_err(|r| zheng::Error::refused(file, r));
    }
    let Some(k) = quorum else { return Ok(None) };
    let vkeys = witnesses
        .iter()
        .map(|w| Vkey::parse(w, KeyType::Cosignature))
        .collect::<Result<Vec<_>, _>>()
        .map_err(zheng::Error::Refusal)?;
    if !(1..=vkeys.len()).contains(&k) {
        return Err(zheng::Error::Usage(zheng::error::Usage::QuorumOutOfRange { quorum: k, witnesses: vkeys.len() }));
    }
    Ok(Some(Policy::k_of(vkeys, k)))
}

fn read(p: &Path) -> Result<Vec<u8>, Refusal> {
    read_limited(p, 1 << 20).map_err(|e| Refusal::NotAReceipt { why: e.to_string() })
}

fn verify(
    key: &str,
    receipt: &Path,
    result: &Path,
    later: Option<(&Path, &Path)>,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<String, Refusal> {
    let collector =
        zheng::seal::keys::parse_public(key).map_err(|e| Refusal::NotAReceipt { why: format!("--key: {e}") })?;
    let r = Receipt::from_bytes(&read(receipt)?)?;
    let (size, root) = r.verify(&collector, &read(result)?)?;
    let b = r.body();
    let mut said = lang.format(CollectSays::ReceiptVerifies {
        station: &b.station,
        election: &b.election,
        result: &hex::encode(b.result_sha256),
        status: &b.status,
        index: &b.log_index,
        size: &size,
    });
    let mut witnessed = b.checkpoint.clone().into_bytes();
    if let Some((cp, proof)) = later {
        let origin = tlog::origin_for(&collector);
        witnessed = read(cp)?;
        let (new, new_root) = tlog::open_checkpoint(&witnessed, &origin, &collector)?;
        let text = String::from_utf8(read(proof)?).map_err(|_| Refusal::ProofFails { why: "not text".into() })?;
        let (old, n, hashes) = parse_proof(&text, "consistency")?;
        if (old, n) != (size, new) {
            return Err(Refusal::ProofFails {
                why: format!("the proof is from {old} to {n}, not from {size} to {new}"),
            });
        }
        tlog::check_consistency(&hashes, new, new_root, size, root)?;
        said.push_str(&lang.format(CollectSays::StillHolds { size: &new }));
    }
    if let Some(policy) = policy {
        let cp = SignedCheckpoint::parse(&witnessed)
            .map_err(|_| Refusal::BadCheckpoint { why: "its text is not a checkpoint".into() })?;
        let by = policy.check(&cp)?;
        let by =
            if by.is_empty() { lang.say(zheng::words::Word::Nothing).to_string() } else { by.join(lang.list_sep()) };
        said.push_str(&lang.format(CollectSays::Witnessed { size: &cp.size(), by: &by }));
    }
    Ok(said)
}
