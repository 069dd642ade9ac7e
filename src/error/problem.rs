//! What is wrong at a place in a file — a manifest, a village register, a box file, a ballot line —
//! as a value: the line and the field are [`super::Located`]'s, the words are
//! `crate::words::refusal`'s. A value of the file that the problem names (an id, a name, a number)
//! is carried as written; a parser's own message (TOML's, JSON's) is carried as the parser said it.

/// What is wrong with a written name (contract §1, RULES.md "Names").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing left once spaces are removed.
    Empty,
    /// Longer than `crate::vote::name::MAX_NAME_CHARS` characters.
    TooLong,
    /// A control character (a line break, a tab, …).
    Control,
    /// A character that cannot be seen or that reorders text (its code point).
    Invisible(u32),
}

/// What is wrong with a public key written in hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFault {
    /// Not 64 hex characters.
    Syntax,
    /// Not a point of the curve.
    NotAPoint,
    /// A weak (small-order) key.
    Weak,
    /// Not written in lower case (or with spaces around it).
    NotLowerCase,
}

/// What is wrong with a box file's header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderFault {
    /// Not a JSON object: the JSON reader's message.
    NotAnObject {
        /// What the reader said.
        detail: String,
    },
    /// A key the header does not have.
    UnknownField,
    /// A key given twice.
    GivenTwice,
    /// `station` is not a string.
    NotAString,
    /// A key is missing.
    Missing,
    /// `voters` is a number but not a whole number of people (as written).
    NotWholeNumberOfPeople {
        /// The number as written.
        number: String,
    },
    /// `voters` is not a number.
    NotANumber,
}

/// Every problem Zheng finds at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // — any file —
    /// The parser could not read the file: its own message (TOML, JSON), as it said it.
    Syntax {
        /// The parser's message.
        detail: String,
    },
    /// The file is not UTF-8 text.
    NotUtf8,
    /// A value that must be at least 1 is 0.
    AtLeastOne,
    /// More entries of a list than Zheng reads.
    TooMany {
        /// What is listed.
        what: Listed,
        /// How many are given.
        given: usize,
        /// The most read.
        max: usize,
    },
    /// A name refused.
    Name(NameError),
    /// A year of birth outside 1900–2100.
    Born {
        /// The year as written.
        year: u16,
    },
    /// An id of a post's candidate, a station or a register's person is not 1–64 characters of
    /// `A–Z a–z 0–9 _ . -`.
    ItemId,
    /// A register id (a candidate's `person`, a counting team's member) is not 1–64 such characters.
    RegisterId,

    // — a manifest —
    /// A manifest format this Zheng does not read.
    UnknownFormat {
        /// The format given.
        format: u32,
    },
    /// An election id is not 1–64 characters of `a–z 0–9 -`.
    ElectionId {
        /// As written.
        id: String,
    },
    /// A date not of the form YYYY-MM-DD.
    Date {
        /// As written.
        date: String,
    },
    /// A rules profile of another body.
    ProfileNotForBody {
        /// The profile named.
        profile: String,
        /// The election's body (its code).
        body: String,
        /// The profile of that body.
        expected: String,
    },
    /// A rules profile Zheng does not have.
    UnknownProfile {
        /// The profile named.
        profile: String,
        /// The profiles Zheng has.
        known: Vec<String>,
    },
    /// The quorum's base is not the registered voters.
    QuorumBase,
    /// No `[[contest]]`.
    NoContest,
    /// A post's id is not an item id, or is `spoiled`.
    PostId,
    /// A post id given before.
    DuplicatePost {
        /// The index of the post with that id.
        also: usize,
    },
    /// An approve-style post lists no candidates.
    ApproveNeedsCandidates,
    /// A post with no listed candidates does not allow write-ins.
    NeedsWriteIn,
    /// A candidate listed twice in one post.
    ListedTwiceInPost,
    /// A women-only post lists someone who is not a woman.
    WomenOnly,
    /// No `[[station]]`.
    NoStation,
    /// Registered voters given for some stations, not all.
    RegisteredForSome,
    /// The stations' registered voters do not add up to the election's.
    RegisteredSum {
        /// The election's registered voters.
        registered: u64,
        /// The stations' sum (`u64::MAX` for a sum beyond it).
        sum: u64,
    },
    /// A station id given before.
    DuplicateStation {
        /// The index of the station with that id.
        also: usize,
    },
    /// A public key that cannot be used.
    Key(KeyFault),
    /// A station's key is another station's.
    SameKey {
        /// The index of the other station.
        also: usize,
    },
    /// A monitor listed twice, or the station's own key listed as a monitor.
    MonitorTwice,
    /// More countersignatures required than monitors listed.
    MonitorsRequired {
        /// Required.
        required: u32,
        /// Listed.
        listed: usize,
    },
    /// One person twice in a counting team.
    StaffTwice,
    /// One candidate id with two names.
    IdTwoNames {
        /// The id.
        id: String,
        /// The name it has elsewhere.
        name: String,
    },
    /// Two listed people with one name.
    NameShared {
        /// The name.
        name: String,
        /// The other candidate's id.
        other: String,
    },
    /// A candidate given another register person elsewhere.
    OtherRegisterPerson {
        /// The register person given before.
        before: String,
    },
    /// A register person given to two candidates.
    RegisterPersonTaken {
        /// The register person.
        person: String,
        /// The other candidate's id.
        other: String,
    },

    // — a village register —
    /// The village's name is empty.
    VillageEmpty,
    /// One register id listed twice.
    PersonTwice,
    /// Someone related to themselves.
    RelatedToThemselves {
        /// The id.
        id: String,
    },
    /// A pair related twice.
    AlreadyRelated {
        /// One.
        a: String,
        /// The other.
        b: String,
        /// The relation declared first, as the register writes it.
        kind: String,
    },
    /// A third parent.
    TwoParents {
        /// The child.
        id: String,
    },
    /// Someone their own ancestor.
    OwnAncestor {
        /// The id.
        id: String,
    },
    /// An id that is no person of the register.
    NotInRegister {
        /// The id.
        id: String,
    },
    /// The register is of another village than the election.
    OtherVillage {
        /// The register's village.
        register: String,
        /// The election's village.
        election: String,
    },
    /// A register person named otherwise in the manifest.
    OtherName {
        /// The register id.
        id: String,
        /// The register's name.
        register: String,
        /// The manifest's name.
        candidate: String,
    },

    // — a box file —
    /// A line longer than Zheng reads.
    LineTooLong {
        /// The most bytes read.
        max: usize,
    },
    /// No header line.
    EmptyFile,
    /// An empty line after the header.
    EmptyLine,
    /// The header line.
    Header(HeaderFault),
    /// More voters at one box than the whole election registers.
    VotersAboveRegistered {
        /// The box's voters.
        voters: u64,
        /// The election's registered voters.
        registered: u64,
    },
    /// The header names a station the manifest does not list.
    UnknownStation {
        /// As named.
        station: String,
    },

    // — a ballot line —
    /// The JSON reader could not read the line: its message and the column.
    Json {
        /// What the reader said.
        detail: String,
        /// The column, when known.
        column: Option<usize>,
    },
    /// A field given twice in one ballot.
    GivenTwice,
    /// `spoiled` is not `true` or `false`.
    NotABool,
    /// A post's entry is not a string.
    NotAString,
    /// An approve post's list is not a list of strings.
    NotAListOfStrings,
    /// A choose post's value is not a list.
    NotAList,
    /// An approve post's value is not an object of lists.
    NotAnApproveObject,
    /// The line is JSON but not an object: not a ballot.
    NotABallotObject,
    /// A post the manifest does not have.
    UnknownPost,
    /// An approve post's key other than `for`, `against`, `write_in`.
    UnknownApproveKey,
    /// A spoiled ballot with posts.
    SpoiledWithPosts,
    /// A written-in name in a post that allows none.
    NoWriteIns {
        /// The post.
        post: String,
    },
    /// A written-in name that is refused.
    WrittenIn(NameError),
    /// A written-in name that is not UTF-8.
    WrittenInNotUtf8,
    /// A candidate id the post does not list.
    UnknownCandidate {
        /// As written.
        candidate: String,
        /// The post.
        post: String,
    },
}

/// What a list holds, when it holds more than Zheng reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// A manifest's posts.
    Posts,
    /// A post's seats.
    Seats,
    /// A post's listed candidates.
    Candidates,
    /// A manifest's stations.
    Stations,
    /// A box's counting team.
    Staff,
    /// A register's people.
    People,
}

impl std::error::Error for KeyFault {}
impl std::error::Error for NameError {}
impl std::error::Error for Problem {}
