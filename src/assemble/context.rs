//! The typed context every template sees: the meeting, the parties in copy order (and in the
//! two orders a series may keep whatever the copy: host first, or as the inputs list them), the
//! previous and next meetings, the signature settings, and whether this is a final copy.
//!
//! Optional parts serialize as `null`, never absent, so the static check can tell an unknown
//! name from an optional value that is not given. Built once per assembly; clause values and
//! the body are added to (and taken from) its JSON by the assembler.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::draft::{Draft, Party, Series};
use crate::wording::ordinal_word;

#[derive(Serialize)]
struct MeetingCtx<'a> {
    number: u32,
    dates: Option<Vec<String>>,
    /// `null` for a statement that names no place.
    city: Option<&'a str>,
    country: &'a str,
    host: &'a Party,
}

#[derive(Serialize)]
struct PreviousCtx<'a> {
    number: u32,
    dates: Vec<String>,
    city: &'a str,
    country: &'a str,
}

#[derive(Serialize)]
struct NextCtx<'a> {
    number: u32,
    host: Option<&'a Party>,
    city: &'a str,
    timing: &'a str,
}

#[derive(Serialize)]
struct SignaturesCtx<'a> {
    done_at: bool,
    languages: &'a [String],
    /// How many originals "Done at …" announces beyond two: "triplicate", "quadruplicate",
    /// "quintuplicate", then "six originals", …; `null` for two (the template's "duplicate").
    /// In a Japanese text, always the count: 二通, 三通.
    originals: Option<String>,
}

/// The word for `n` originals of a signed text, after "in": `None` for two (written in the
/// template), then the Latin forms drafters use, then "six originals", …
pub(super) fn originals(n: usize) -> Option<String> {
    match n {
        0..=2 => None,
        3 => Some("triplicate".to_owned()),
        4 => Some("quadruplicate".to_owned()),
        5 => Some("quintuplicate".to_owned()),
        _ => {
            const WORDS: [&str; 7] = ["six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
            let count = WORDS
                .get(n - 6)
                .map_or_else(|| n.to_string(), |w| (*w).to_owned());
            Some(format!("{count} originals"))
        }
    }
}

/// What every template sees.
#[derive(Serialize)]
struct Context<'a> {
    series: &'a Series,
    meeting: MeetingCtx<'a>,
    parties: BTreeMap<&'a str, &'a Party>,
    /// The party named first in this copy.
    first: &'a Party,
    /// The party named second in this copy.
    second: &'a Party,
    /// `third`, `fourth`, …: the parties after the second, in copy order.
    #[serde(flatten)]
    more: BTreeMap<String, &'a Party>,
    /// Every party in copy order (`{{#each all_parties}}`).
    all_parties: &'a [&'a Party],
    /// Every party, the host first, then the others in copy order: for the lists a series
    /// keeps in the host's order whatever the copy (e.g. "co-chaired by the host's … and by …").
    host_first: Vec<&'a Party>,
    /// Every party in the order of the inputs, the same in every copy.
    as_listed: Vec<&'a Party>,
    /// "Japan-U.S.", "Japan-Australia-U.S.": the short names in copy order.
    pair: String,
    previous: Option<PreviousCtx<'a>>,
    next: Option<NextCtx<'a>>,
    signatures: Option<SignaturesCtx<'a>>,
    #[serde(rename = "final")]
    final_copy: bool,
}

/// A body paragraph as the statement template receives it (`{{#each body}}`).
#[derive(Debug, Serialize)]
pub(super) struct BodyCtx {
    pub(super) id: Option<String>,
    pub(super) markdown: String,
}

/// The context of `draft` for the copy in `order` (two parties or more), as a JSON object.
pub(super) fn template_context(
    draft: &Draft,
    order: &[&Party],
    final_copy: bool,
) -> serde_json::Value {
    let (first, second) = (order[0], order[1]);
    let more = order
        .iter()
        .enumerate()
        .skip(2)
        .map(|(i, p)| (ordinal_word(i as u64 + 1), *p))
        .collect();
    let pair: Vec<&str> = order.iter().map(|p| p.short_name.as_str()).collect();
    let host = draft.party(&draft.host).unwrap_or(first);
    let host_first: Vec<&Party> = std::iter::once(host)
        .chain(order.iter().copied().filter(|p| p.key != host.key))
        .collect();
    let context = Context {
        series: &draft.series,
        meeting: MeetingCtx {
            number: draft.number.get(),
            dates: draft.dates.as_ref().map(|d| d.iso()),
            city: (!draft.city.is_empty()).then_some(draft.city.as_str()),
            country: &draft.country,
            host,
        },
        parties: draft.parties.iter().map(|p| (p.key.as_str(), p)).collect(),
        first,
        second,
        more,
        all_parties: order,
        host_first,
        as_listed: draft.parties.iter().collect(),
        // "Japan-U.S." in this copy's order; in Japanese the short forms run together in the
        // inputs' order, the same in every copy: 日米.
        pair: if draft.document.language == "ja" {
            let shorts: Vec<String> = draft.parties.iter().map(|p| p.short_name.clone()).collect();
            crate::wording::ja::compound(&shorts)
        } else {
            pair.join("-")
        },
        previous: draft.previous.as_ref().map(|p| PreviousCtx {
            number: p.number.get(),
            dates: p.dates.iso(),
            city: &p.city,
            country: &p.country,
        }),
        next: draft.next.as_ref().map(|n| NextCtx {
            number: n.number.get(),
            host: draft.party(&n.host),
            city: &n.city,
            timing: &n.timing,
        }),
        signatures: draft.signatures.as_ref().map(|s| SignaturesCtx {
            done_at: s.done_at,
            languages: &s.languages,
            // In Japanese the count is always written: 本書二通.
            originals: if draft.document.language == "ja" {
                Some(crate::wording::ja::originals(draft.parties.len()))
            } else {
                originals(draft.parties.len())
            },
        }),
        final_copy,
    };
    match serde_json::to_value(&context) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(_) | Err(_) => serde_json::Value::Object(serde_json::Map::new()),
    }
}
