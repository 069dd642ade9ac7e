//! What can be wrong with a signed result carried as QR codes (`zheng qr encode` and `decode`): an
//! image with no code in it, a code that is not Zheng's, codes of two results mixed, a part missing
//! or read twice differently, a result too large for the codes. Values only: the words are
//! `crate::words::refusal`'s; each is an [`super::Error::Qr`] (input that cannot be used: exit 2).

/// Why QR codes cannot carry a result, or cannot give one back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrProblem {
    /// The file is neither a PNG nor a JPEG image.
    NeitherPngNorJpeg,
    /// A PNG or JPEG image that cannot be read: the decoder's words.
    NotAnImage {
        /// What the decoder says.
        why: String,
    },
    /// An image larger than Zheng searches.
    ImageTooLarge {
        /// Its width in pixels.
        width: u64,
        /// Its height in pixels.
        height: u64,
    },
    /// No QR code could be read in the image.
    NoCode,
    /// A QR code that is not one of Zheng's (no `ZHENGQ01` header).
    NotZheng,
    /// A Zheng code whose header does not hold: its number is 0 or past the count, or it ends
    /// inside its header.
    BadHeader,
    /// A code of another election among the codes of one result.
    OtherElection {
        /// The election this code names.
        found: String,
        /// The election of the codes read before it.
        expected: String,
    },
    /// A code of another result (another station, or another version of the same station's
    /// result) among the codes of one result.
    OtherResult {
        /// The station this code names.
        found: String,
        /// The station of the codes read before it.
        expected: String,
    },
    /// Two codes of one result that disagree on how many codes it has.
    CountDiffers {
        /// The count this code says.
        found: u32,
        /// The count the codes before it said.
        expected: u32,
    },
    /// Codes of the result that were not read.
    PartsMissing {
        /// Their numbers, from 1.
        missing: Vec<u32>,
        /// How many codes the result has.
        count: u32,
    },
    /// One code read twice with different contents.
    PartDiffers {
        /// Its number, from 1.
        index: u32,
    },
    /// The codes put together are not the result their headers name (its SHA-256 differs, or it
    /// is of another election or station than they say).
    NotTheResultNamed,
    /// A result too large for the most codes one result may take.
    TooLarge {
        /// The result file's size in bytes.
        bytes: u64,
        /// The most codes one result may take.
        codes: u32,
    },
    /// `--max-bytes` leaves no room in a code for the result after the code's header.
    NoRoom {
        /// The bytes asked for.
        max_bytes: u64,
        /// The header's size, the least a code must hold past it being one byte.
        header: u64,
    },
}

impl std::error::Error for QrProblem {}
