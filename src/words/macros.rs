//! The two ways a domain declares its words: fixed phrases ([`phrases!`]) and sentences with values
//! in them ([`sentences!`]). Each key's Chinese and English stand side by side, and every key is
//! reachable by the catalogue's test, so that none can be left out of a language.

/// Declares a domain's fixed phrases: a key enum (each key documented with its zh and en), every key
/// in [`crate::words::Phrase::ALL`], and its two languages.
///
/// ```ignore
/// phrases! {
///     /// The sheet's phrases.
///     pub enum SheetWord {
///         Title => "公开计票单", "Public counting sheet";
///     }
/// }
/// lang.say(SheetWord::Title)
/// ```
macro_rules! phrases {
    ($(#[$m:meta])* pub enum $name:ident { $($key:ident => $zh:literal, $en:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = concat!($zh, " — ", $en)] $key,)*
        }

        impl $crate::words::Phrase for $name {
            const ALL: &'static [$name] = &[$($name::$key),*];

            fn zh(self) -> &'static str {
                match self {
                    $($name::$key => $zh,)*
                }
            }

            fn en(self) -> &'static str {
                match self {
                    $($name::$key => $en,)*
                }
            }
        }
    };
}

/// Declares a domain's sentences with values in them: an enum with a variant per sentence, whose
/// fields are the values the templates name (`{n}`); both templates are checked by `format!`
/// itself. Under test, `samples()` gives every variant with each value shown as its own name
/// (`{n}`), so that the catalogue's test can see what each language adds around the values.
///
/// ```ignore
/// sentences! {
///     /// The entry screen's sentences.
///     pub enum EntrySays {
///         Saved { n } => "第 {n} 张选票已保存。", "ok {n}: ballot saved.";
///     }
/// }
/// lang.format(EntrySays::Saved { n: &7 })
/// ```
macro_rules! sentences {
    ($(#[$m:meta])* pub enum $name:ident { $($key:ident { $($arg:ident),* $(,)? } => $zh:literal, $en:literal;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy)]
        pub enum $name<'a> {
            $(
                #[doc = concat!($zh, " — ", $en)]
                $key {
                    $(#[doc = concat!("`{", stringify!($arg), "}`")] $arg: &'a dyn std::fmt::Display,)*
                },
            )*
        }

        impl $crate::words::Sentence for $name<'_> {
            fn zh(&self) -> String {
                match *self {
                    $($name::$key { $($arg),* } => format!($zh),)*
                }
            }

            fn en(&self) -> String {
                match *self {
                    $($name::$key { $($arg),* } => format!($en),)*
                }
            }
        }

        #[cfg(test)]
        impl $name<'static> {
            /// Every sentence, each value shown as its name in braces.
            pub(crate) fn samples() -> Vec<($name<'static>, &'static [&'static str])> {
                vec![$((
                    $name::$key { $($arg: &concat!("{", stringify!($arg), "}"),)* },
                    &[$(concat!("{", stringify!($arg), "}")),*],
                )),*]
            }
        }
    };
}

/// Every value of an enum of another stage, from one list that a `match` checks to be whole: a new
/// variant fails to compile here until it is listed, and listed it is rendered. Unit variants give
/// an array (usable in a `const`); a variant holding one value is listed with the values to take,
/// `Size in BODIES`, and gives a `Vec`.
macro_rules! every {
    ($t:ident :: { $($v:ident),* $(,)? }) => {{
        #[allow(dead_code)]
        fn whole(x: $t) {
            match x {
                $($t::$v)|* => {}
            }
        }
        [$($t::$v),*]
    }};
    ($t:ident :: { $($v:ident),* $(,)? } $(; $tv:ident in $xs:expr)+) => {{
        #[allow(dead_code)]
        fn whole(x: $t) {
            match x {
                $($t::$v => {})*
                $($t::$tv(_) => {})+
            }
        }
        let mut all = vec![$($t::$v),*];
        $(all.extend($xs.into_iter().map($t::$tv));)+
        all
    }};
}
