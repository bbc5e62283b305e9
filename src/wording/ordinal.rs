//! Ordinals as statements write them: "second", "Twenty-first", "3rd"; and back again, for
//! reading an adopted statement ("Second Meeting" -> 2).
//!
//! Words up to ninety-ninth, figures from 100 on (no statement series has reached a hundredth
//! meeting, and "one hundredth" would read oddly in a title).

use super::case::capitalize;

const ONES: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORD: [&str; 10] = [
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// How an ordinal is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrdinalForm {
    /// "second".
    Lower,
    /// "Second" (only the first letter raised: "Twenty-first").
    Capital,
    /// "2nd".
    Numeric,
}

/// `n` as an ordinal in `form`.
pub fn ordinal(n: u64, form: OrdinalForm) -> String {
    match form {
        OrdinalForm::Lower => ordinal_word(n),
        OrdinalForm::Capital => capitalize(&ordinal_word(n)),
        OrdinalForm::Numeric => ordinal_numeric(n),
    }
}

/// "second", "twenty-first"; numbers from 100 on are written "100th".
pub fn ordinal_word(n: u64) -> String {
    match n {
        0 => "zeroth".to_owned(),
        1..=19 => ONES[n as usize].to_owned(),
        20..=99 if n.is_multiple_of(10) => TENS_ORD[(n / 10) as usize].to_owned(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        _ => ordinal_numeric(n),
    }
}

/// "1st", "2nd", "3rd", "11th", "22nd".
pub fn ordinal_numeric(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The number an ordinal between 1 and 99 stands for, and how it is written ("Second" -> 2,
/// "twenty-first" -> 21, "3rd" -> 3). The inverse of [`ordinal`] on that range.
pub fn parse_ordinal(word: &str) -> Option<(u32, OrdinalForm)> {
    (1..=99u32).find_map(|n| {
        [
            OrdinalForm::Lower,
            OrdinalForm::Capital,
            OrdinalForm::Numeric,
        ]
        .into_iter()
        .find(|form| ordinal(u64::from(n), *form) == word)
        .map(|form| (n, form))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every ordinal word from 1 to 99 by the rules of English, then figures from 100.
    #[test]
    fn ordinals_up_to_a_hundred_and_beyond() {
        let units = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        ];
        let tens = [
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        for (t, ten) in tens.iter().enumerate() {
            let base = 20 + 10 * t as u64;
            let round = format!("{}ieth", ten.trim_end_matches('y'));
            assert_eq!(ordinal_word(base), round);
            for (u, unit) in units.iter().enumerate() {
                assert_eq!(ordinal_word(base + 1 + u as u64), format!("{ten}-{unit}"));
            }
        }
        assert_eq!(ordinal_word(2), "second");
        assert_eq!(ordinal_word(12), "twelfth");
        assert_eq!(ordinal_word(19), "nineteenth");
        assert_eq!(ordinal_word(40), "fortieth");
        assert_eq!(ordinal_word(0), "zeroth");
        assert_eq!(ordinal_word(100), "100th");
        assert_eq!(ordinal_word(101), "101st");
        assert_eq!(ordinal_word(111), "111th");
    }

    // Figures take st, nd, rd or th, with the teens always th.
    #[test]
    fn numeric_suffixes() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (23, "23rd"),
            (100, "100th"),
            (112, "112th"),
            (122, "122nd"),
        ];
        for (n, text) in cases {
            assert_eq!(ordinal_numeric(n), text);
        }
    }

    // The three forms, and reading each back to its number and form.
    #[test]
    fn forms_round_trip() {
        assert_eq!(ordinal(3, OrdinalForm::Capital), "Third");
        assert_eq!(ordinal(21, OrdinalForm::Capital), "Twenty-first");
        assert_eq!(ordinal(3, OrdinalForm::Numeric), "3rd");
        for n in 1..=99u32 {
            for form in [
                OrdinalForm::Lower,
                OrdinalForm::Capital,
                OrdinalForm::Numeric,
            ] {
                assert_eq!(parse_ordinal(&ordinal(u64::from(n), form)), Some((n, form)));
            }
        }
        assert_eq!(parse_ordinal("Meeting"), None);
        assert_eq!(parse_ordinal("100th"), None);
    }
}
