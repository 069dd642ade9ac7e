//! The words of `zheng merge`'s own list: what became of each signed result, and each station with
//! no verified result.

phrases! {
    /// What became of a signed result in a merge.
    pub enum MergeWord {
        Accepted => "已采用", "accepted";
        Duplicate => "重复，只计一次", "duplicate, counted once";
        Conflict => "冲突", "CONFLICT";
        Refused => "拒收", "REFUSED";
        Recounted => "；选票已哈希并重新计数", "; ballots hashed and recounted";
    }
}

sentences! {
    /// The lines of a merge's list.
    pub enum MergeSays {
        Result { path, station, what, checked } => "{path}：票箱 {station} — {what}{checked}", "{path}: station {station} — {what}{checked}";
        Missing { station } => "票箱 {station}：没有通过核验的结果", "station {station}: no verified result";
    }
}
