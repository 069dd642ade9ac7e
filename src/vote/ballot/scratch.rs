//! A decoder's working space for one line: the ballot's words as marked so far, the marks per post,
//! the defects found, everyone the ballot names, and — when a record is asked for — every mark as
//! written. Reused from line to line.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::de;

use super::decoder::LineError;
use super::invalid::InvalidReason;
use super::schema::Schema;
use super::values::Values;
use super::windows::Windows;
use crate::error::Problem;

/// The person a mark names: a listed person (an index into the manifest's persons), or a
/// written-in name no listed person has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NamedPerson {
    Listed(usize),
    Unlisted(Arc<str>),
}

/// A written-in name as checked (trimmed, NFC), with the listed person who has that name, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    pub(super) name: Arc<str>,
    pub(super) person: Option<usize>,
}

/// A decoder's working space for one line (see the module's doc).
#[derive(Debug)]
pub(super) struct Scratch {
    pub(super) words: Vec<u64>,
    /// What the line did to each post so far, by its place in the manifest.
    pub(super) posts: Vec<Post>,
    /// (who, post) for each written-in name that is not a listed candidate of its own post (those
    /// are marked by their bit, like any listed mark: the bits and `named` together are everyone
    /// the ballot names). The name recorded is the listed person's, or the unlisted name.
    pub(super) named: Vec<(NamedPerson, u16)>,
    /// Written-in names as written (their bytes) → as checked, for names seen before.
    pub(super) checked_names: FxHashMap<Box<[u8]>, Written>,
    pub(super) approve_write_in: Vec<Written>,
    pub(super) spoiled: bool,
    pub(super) spoiled_seen: bool,
    pub(super) error: Option<LineError>,
    /// When a record is asked for: every mark as written, for [`super::Decoder::decode_record`].
    pub(super) recording: bool,
    pub(super) written: Vec<WrittenMark>,
    /// The posts' values the fast path met before ([`super::values`]): kept from line to line.
    pub(super) values: Values,
    /// The posts' values a compact run met before ([`super::windows`]): kept from line to line,
    /// and for the thread's next decoder of the same schema.
    pub(super) windows: Windows,
    /// The schema's id ([`Schema::id`]), which the windows are kept under.
    schema: u64,
}

impl Drop for Scratch {
    /// Keeps the windows met for the thread's next decoder of the same schema.
    fn drop(&mut self) {
        std::mem::take(&mut self.windows).keep(self.schema);
    }
}

/// What a line did to one post so far — its marks, its defects, whether its key was read — in
/// eight bytes: a post read in a compact run ([`super::compact`]) is written in one store, and the
/// scratch space's posts reset at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(8))]
pub(super) struct Post {
    /// Choose entries; an approve post's for-marks plus its written-in names.
    pub(super) marks: u32,
    /// The defects found in the post ([`InvalidReason::bit`]).
    pub(super) defects: u8,
    /// Whether the post's key was read (a second time is an error).
    pub(super) seen: bool,
    /// Unused: the eight bytes are all fields, so that a post is read as one word ([`Post::word`]).
    spare: [u8; 2],
}

impl Post {
    /// The post's eight bytes as one word: its defects are bits 32 to 39.
    #[inline(always)]
    fn word(&self) -> u64 {
        let Post { marks, defects, seen, spare } = *self;
        let [m0, m1, m2, m3] = marks.to_le_bytes();
        u64::from_le_bytes([m0, m1, m2, m3, defects, u8::from(seen), spare[0], spare[1]])
    }

    /// This post with its key read.
    pub(super) fn read(self) -> Post {
        Post { seen: true, ..self }
    }

    /// Whether any of `posts` has a defect (the posts read as words, with no branch between).
    #[inline(always)]
    pub(super) fn any_defect(posts: &[Post]) -> bool {
        posts.iter().fold(0, |all, p| all | p.word()) & (0xFF << 32) != 0
    }
}

/// One mark as the ballot line wrote it (before a written-in name is resolved to a listed person):
/// the post, the list it is in (choose and for: 0, against: 1, an approve post's write_in: 2),
/// and who — a listed candidate by index, or a written-in name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct WrittenMark {
    pub(super) post: u16,
    pub(super) list: u8,
    pub(super) who: MarkedAs,
}

/// Listed candidates sort before written-in names; listed by their place in the list, names by
/// their bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MarkedAs {
    Listed(u8),
    Written(String),
}

impl Scratch {
    pub(super) fn new(schema: &Schema<'_>) -> Self {
        let n = schema.election().contests().len();
        Scratch {
            words: vec![0; schema.layout().stride()],
            posts: vec![Post::default(); n],
            named: Vec::new(),
            checked_names: FxHashMap::default(),
            approve_write_in: Vec::new(),
            spoiled: false,
            spoiled_seen: false,
            error: None,
            recording: false,
            written: Vec::new(),
            values: Values::default(),
            windows: Windows::of_schema(schema.id()),
            schema: schema.id(),
        }
    }

    /// Clears the space for the next line (inline: called once a line, where a call cost it a
    /// frame of its own).
    #[inline(always)]
    pub(super) fn reset(&mut self) {
        self.words.fill(0);
        self.posts.fill(Post::default());
        self.named.clear();
        self.spoiled = false;
        self.spoiled_seen = false;
        self.error = None;
        self.written.clear();
    }

    /// Keeps a written-in name as written, when a record is asked for (copied only then).
    pub(super) fn keep_name(&mut self, post: usize, list: u8, name: &str) {
        if self.recording {
            self.keep(post, list, MarkedAs::Written(name.to_string()));
        }
    }

    /// Keeps a mark as written, when a record is asked for.
    #[inline(always)]
    pub(super) fn keep(&mut self, post: usize, list: u8, who: MarkedAs) {
        if self.recording {
            self.written.push(WrittenMark { post: post as u16, list, who });
        }
    }

    /// Whether the ballot just judged valid is plain ([`super::RecordCounts`]): nothing voided
    /// (no defect found in any post) and every mark a listed candidate's — so that its record
    /// follows from its row. Asked only when recording.
    pub(super) fn plain(&self) -> bool {
        self.posts.iter().all(|p| p.defects == 0) && self.written.iter().all(|m| matches!(m.who, MarkedAs::Listed(_)))
    }

    pub(super) fn fail<E: de::Error>(&mut self, field: impl Into<String>, problem: Problem) -> E {
        let e = LineError { field: field.into(), problem };
        let m = e.to_string();
        if self.error.is_none() {
            self.error = Some(e);
        }
        E::custom(m)
    }

    /// Records that post `c` names `who`; flags the same person twice in one post. (`who` is never
    /// one of post `c`'s own candidates — those are marked by their bit.)
    pub(super) fn name(&mut self, c: usize, who: NamedPerson) {
        if self.named.iter().any(|(w, pc)| *pc as usize == c && *w == who) {
            self.posts[c].defects |= InvalidReason::Duplicate.bit();
        }
        self.named.push((who, c as u16));
    }
}
