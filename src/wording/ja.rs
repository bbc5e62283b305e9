//! The Japanese genre's wording, as the Ministry of Foreign Affairs' published texts write it:
//! meeting ordinals (第2回), dates (2014年5月9日, or in the era calendar, 令和6年5月9日, with
//! 元年 for an era's first year), a meeting's days (2024年8月26日及び27日, or a range,
//! 2024年5月31日から6月1日まで), list joining (A、B及びC; 並びに to join groups that themselves
//! use 及び; 又は for alternatives), the compound of the parties (日米, 日米豪) and paragraph
//! numbers (1, （1）, ①).
//!
//! Plain functions over plain values, like the English ones beside it: no templates, no I/O.

use super::date::SimpleDate;

/// 第N回: the meeting's ordinal in horizontal text (Arabic numerals).
pub fn ordinal(n: u64) -> String {
    format!("第{n}回")
}

/// How a Japanese date gives its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Calendar {
    /// 2014年5月9日.
    #[default]
    Gregorian,
    /// 平成26年5月9日; 令和元年5月1日.
    Era,
}

impl Calendar {
    /// Every calendar by the name a `[style]` table (`calendar = "era"`) or a helper's
    /// `calendar="…"` option gives.
    pub const NAMES: &'static [(&'static str, Calendar)] =
        &[("gregorian", Calendar::Gregorian), ("era", Calendar::Era)];
}

/// The modern eras, from their first day.
const ERAS: [(&str, SimpleDate); 4] = [
    (
        "令和",
        SimpleDate {
            year: 2019,
            month: 5,
            day: 1,
        },
    ),
    (
        "平成",
        SimpleDate {
            year: 1989,
            month: 1,
            day: 8,
        },
    ),
    (
        "昭和",
        SimpleDate {
            year: 1926,
            month: 12,
            day: 25,
        },
    ),
    (
        "大正",
        SimpleDate {
            year: 1912,
            month: 7,
            day: 30,
        },
    ),
];

/// The year of `d` as written: `2014年`, or `平成26年` / `令和元年` in the era calendar (a date
/// before 大正 stays Gregorian).
pub fn year(d: SimpleDate, calendar: Calendar) -> String {
    if calendar == Calendar::Era
        && let Some((name, start)) = ERAS.iter().find(|(_, start)| d >= *start)
    {
        let n = d.year - start.year + 1;
        return if n == 1 {
            format!("{name}元年")
        } else {
            format!("{name}{n}年")
        };
    }
    format!("{}年", d.year)
}

/// One day: 2014年5月9日.
pub fn date(d: SimpleDate, calendar: Calendar) -> String {
    format!("{}{}月{}日", year(d, calendar), d.month, d.day)
}

/// How a meeting of several days is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Days {
    /// Two days: 2024年8月26日及び27日 (more than two: a range).
    #[default]
    And,
    /// 2024年8月26日から28日まで.
    Range,
}

/// A meeting's days, first to last (consecutive): one day, two days joined by 及び, or a
/// range from … to …, naming the month and year again only where they change.
pub fn days(days: &[SimpleDate], form: Days, calendar: Calendar) -> String {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return String::new();
    };
    if days.len() == 1 {
        return date(*first, calendar);
    }
    let tail = if year(*first, calendar) != year(*last, calendar) {
        date(*last, calendar)
    } else if first.month != last.month {
        format!("{}月{}日", last.month, last.day)
    } else {
        format!("{}日", last.day)
    };
    match (form, days.len()) {
        (Days::And, 2) => format!("{}及び{tail}", date(*first, calendar)),
        _ => format!("{}から{tail}まで", date(*first, calendar)),
    }
}

/// The conjunction that joins the last item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conjunction {
    /// 及び: "A、B及びC".
    #[default]
    And,
    /// 並びに: joins groups that themselves use 及び ("A及びB並びにC").
    AndAbove,
    /// 又は: alternatives.
    Or,
}

impl Conjunction {
    fn word(self) -> &'static str {
        match self {
            Conjunction::And => "及び",
            Conjunction::AndAbove => "並びに",
            Conjunction::Or => "又は",
        }
    }
}

/// A list the way Japanese drafting joins it: 、 between items and the conjunction before the
/// last, with no space (外務省、文部科学省及び経済産業省).
pub fn join(items: &[String], conjunction: Conjunction) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{}{last}", rest.join("、"), conjunction.word()),
    }
}

/// The parties' compound, from each one's short form in this copy's order (日 + 米 → 日米).
pub fn compound(shorts: &[String]) -> String {
    shorts.concat()
}

/// `n` in kanji numerals, as a treaty's closing formula counts its originals (二, 十一, 二十,
/// 百五); from 10,000 on, Arabic digits.
pub fn kanji_number(n: u64) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 10_000 {
        return if n == 0 {
            DIGITS[0].to_owned()
        } else {
            n.to_string()
        };
    }
    let mut out = String::new();
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = (n / unit % 10) as usize;
        match d {
            0 => {}
            1 => out.push_str(name),
            _ => {
                out.push_str(DIGITS[d]);
                out.push_str(name);
            }
        }
    }
    let ones = (n % 10) as usize;
    if ones > 0 {
        out.push_str(DIGITS[ones]);
    }
    out
}

/// The originals of a signed text: 本書二通 for two parties ("in duplicate"), 三通, …
pub fn originals(parties: usize) -> String {
    format!("{}通", kanji_number(parties.max(2) as u64))
}

/// The Japanese name of a language of the originals, given as the English name the English
/// formula uses ("Japanese") or as a language tag ("ja"): 日本語, 英語, フランス語, …; `None`
/// for one this table does not know (the inputs then give it).
pub fn language_name(name: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str, &str); 12] = [
        ("en", "English", "英語"),
        ("ja", "Japanese", "日本語"),
        ("fr", "French", "フランス語"),
        ("es", "Spanish", "スペイン語"),
        ("de", "German", "ドイツ語"),
        ("zh", "Chinese", "中国語"),
        ("ko", "Korean", "韓国語"),
        ("ru", "Russian", "ロシア語"),
        ("ar", "Arabic", "アラビア語"),
        ("pt", "Portuguese", "ポルトガル語"),
        ("it", "Italian", "イタリア語"),
        ("hi", "Hindi", "ヒンディー語"),
    ];
    let name = name.trim();
    NAMES
        .iter()
        .find(|(tag, en, _)| tag.eq_ignore_ascii_case(name) || en.eq_ignore_ascii_case(name))
        .map(|(_, _, ja)| *ja)
}

/// How paragraphs are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// 1, 2, 3 (full-width digits are not used in horizontal statements).
    #[default]
    Plain,
    /// （1）, （2）.
    Parenthesised,
    /// ①, ②, … up to ⑳, then （21）.
    Circled,
}

/// Paragraph number `n` (from 1) in the given style.
pub fn number(n: u32, style: Numbering) -> String {
    match style {
        Numbering::Plain => n.to_string(),
        Numbering::Parenthesised => format!("（{n}）"),
        Numbering::Circled => match n {
            1..=20 => {
                char::from_u32(0x2460 + n - 1).map_or_else(|| format!("（{n}）"), String::from)
            }
            _ => format!("（{n}）"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> SimpleDate {
        SimpleDate::new(y, m, day).unwrap()
    }

    // The forms of the series' published texts.
    #[test]
    fn ordinals_and_dates() {
        assert_eq!(ordinal(2), "第2回");
        assert_eq!(date(d(2014, 5, 9), Calendar::Gregorian), "2014年5月9日");
        assert_eq!(date(d(2014, 5, 9), Calendar::Era), "平成26年5月9日");
        assert_eq!(date(d(2024, 8, 26), Calendar::Era), "令和6年8月26日");
        // An era's first year is 元年, and the change of era is to the day.
        assert_eq!(date(d(2019, 5, 1), Calendar::Era), "令和元年5月1日");
        assert_eq!(date(d(2019, 4, 30), Calendar::Era), "平成31年4月30日");
        assert_eq!(date(d(1989, 1, 7), Calendar::Era), "昭和64年1月7日");
    }

    // Two days, ranges, across months and years.
    #[test]
    fn meeting_days() {
        let g = Calendar::Gregorian;
        assert_eq!(
            days(&[d(2024, 8, 26), d(2024, 8, 27)], Days::And, g),
            "2024年8月26日及び27日"
        );
        assert_eq!(
            days(&[d(2024, 8, 26), d(2024, 8, 27)], Days::Range, g),
            "2024年8月26日から27日まで"
        );
        assert_eq!(
            days(&[d(2024, 5, 31), d(2024, 6, 1)], Days::Range, g),
            "2024年5月31日から6月1日まで"
        );
        assert_eq!(
            days(&[d(2024, 12, 31), d(2025, 1, 1)], Days::And, g),
            "2024年12月31日及び2025年1月1日"
        );
        assert_eq!(
            days(&[d(2024, 3, 1), d(2024, 3, 2), d(2024, 3, 3)], Days::And, g),
            "2024年3月1日から3日まで"
        );
        assert_eq!(
            days(&[d(2019, 4, 30), d(2019, 5, 1)], Days::And, Calendar::Era),
            "平成31年4月30日及び令和元年5月1日"
        );
    }

    // The 2014 participants, joined as the issue gives them; nesting and alternatives.
    #[test]
    fn lists() {
        let items: Vec<String> = [
            "外務省",
            "文部科学省",
            "経済産業省",
            "環境省",
            "防衛省",
            "宇宙航空研究開発機構(JAXA)",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            join(&items, Conjunction::And),
            "外務省、文部科学省、経済産業省、環境省、防衛省及び宇宙航空研究開発機構(JAXA)"
        );
        let groups = vec![join(&items[..2], Conjunction::And), "環境省".to_owned()];
        assert_eq!(
            join(&groups, Conjunction::AndAbove),
            "外務省及び文部科学省並びに環境省"
        );
        assert_eq!(join(&items[..2], Conjunction::Or), "外務省又は文部科学省");
        assert_eq!(join(&items[..1], Conjunction::And), "外務省");
        assert_eq!(compound(&["日".to_owned(), "米".to_owned()]), "日米");
    }

    // The closing formula's counts and language names.
    #[test]
    fn originals_and_languages() {
        assert_eq!(originals(2), "二通");
        assert_eq!(originals(3), "三通");
        assert_eq!(kanji_number(10), "十");
        assert_eq!(kanji_number(11), "十一");
        assert_eq!(kanji_number(20), "二十");
        assert_eq!(kanji_number(105), "百五");
        assert_eq!(kanji_number(2014), "二千十四");
        assert_eq!(kanji_number(12_345), "12345");
        assert_eq!(language_name("English"), Some("英語"));
        assert_eq!(language_name("ja"), Some("日本語"));
        assert_eq!(language_name("french"), Some("フランス語"));
        assert_eq!(language_name("Klingon"), None);
    }

    #[test]
    fn paragraph_numbers() {
        assert_eq!(number(3, Numbering::Plain), "3");
        assert_eq!(number(3, Numbering::Parenthesised), "（3）");
        assert_eq!(number(1, Numbering::Circled), "①");
        assert_eq!(number(20, Numbering::Circled), "⑳");
        assert_eq!(number(21, Numbering::Circled), "（21）");
    }
}
