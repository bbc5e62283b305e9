//! A statement in several languages from one `meeting.toml`: `[document] languages = ["en",
//! "ja"]`, and `lang.<tag>` tables beside the fields whose wording differs by language (the
//! series' names, the meeting's and the next meeting's place and timing, each party's names,
//! government and lists, a paragraph's one-off text or its clause's values). The draft as
//! written is its first language; [`Draft::localized`] gives the draft in another one, every
//! such field replaced by its form in that language, and an error at the field's place for
//! each one that has none (only when that language is built). Dates, numbers, keys, the body's
//! order and clause ids are the same in every language: that is what keeps the versions
//! aligned.

use std::collections::BTreeMap;

use super::model::{BodyContent, Draft, TextPiece};
use super::raw::{RawMeetingFile, RawPartText, RawPiece, RawText};
use crate::error::{Diagnostic, LineIndex, Position};

/// A party's fields in one language (absent: not given).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct PartyText {
    name: Option<String>,
    short_name: Option<String>,
    adjective: Option<String>,
    government: Option<String>,
    country: Option<String>,
    co_chairs: Option<Vec<String>>,
    participants: Option<Vec<String>>,
}

/// One body part in one language.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct PartText {
    content: Option<BodyContent>,
    values: serde_json::Map<String, serde_json::Value>,
}

/// The other-language forms of a draft's wording, by language tag.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Translations {
    /// The statement's languages; the first is the one the draft is written in.
    pub languages: Vec<String>,
    series: BTreeMap<String, [Option<String>; 3]>,
    /// `[meeting]`'s city and country; `[previous]`'s; `[next]`'s city and timing.
    meeting: BTreeMap<String, [Option<String>; 2]>,
    previous: BTreeMap<String, [Option<String>; 2]>,
    next: BTreeMap<String, [Option<String>; 2]>,
    /// Party key → language → fields, with where the party is written.
    parties: BTreeMap<String, (Position, BTreeMap<String, PartyText>)>,
    /// Body item → part → language → text.
    body: Vec<Vec<BTreeMap<String, PartText>>>,
    /// `[signatures.lang.<tag>] languages`, with where the table is (its first signatory).
    signature_languages: BTreeMap<String, Vec<String>>,
    /// Signatory by party key → where it is written, and language → (name, title).
    signatories: BTreeMap<String, (Position, SignatoryTexts)>,
}

/// A signatory's name and title by language.
type SignatoryTexts = BTreeMap<String, (Option<String>, Option<String>)>;

/// Read the `lang` tables of a parsed file (shape only: what is missing is found when a
/// language is built).
pub(super) fn read(raw: &RawMeetingFile, lines: &LineIndex<'_>) -> Translations {
    let first = raw
        .document
        .language
        .clone()
        .unwrap_or_else(|| "en".to_owned());
    let languages = raw
        .document
        .languages
        .as_ref()
        .map_or_else(|| vec![first], |l| l.get_ref().clone());
    let mut t = Translations {
        languages,
        ..Translations::default()
    };
    for (lang, s) in &raw.series.lang {
        t.series.insert(
            lang.clone(),
            [s.name.clone(), s.short_name.clone(), s.brief_name.clone()],
        );
    }
    for (lang, p) in &raw.meeting.lang {
        t.meeting
            .insert(lang.clone(), [p.city.clone(), p.country.clone()]);
    }
    for (lang, p) in raw.previous.iter().flat_map(|p| &p.get_ref().lang) {
        t.previous
            .insert(lang.clone(), [p.city.clone(), p.country.clone()]);
    }
    for (lang, n) in raw.next.iter().flat_map(|n| &n.lang) {
        t.next
            .insert(lang.clone(), [n.city.clone(), n.timing.clone()]);
    }
    for p in raw.parties.get_ref() {
        let texts = p
            .lang
            .iter()
            .map(|(lang, x)| {
                (
                    lang.clone(),
                    PartyText {
                        name: x.name.clone(),
                        short_name: x.short_name.clone(),
                        adjective: x.adjective.clone(),
                        government: x.government.clone(),
                        country: x.country.clone(),
                        co_chairs: x.co_chairs.clone(),
                        participants: x.participants.clone(),
                    },
                )
            })
            .collect();
        let at = lines.position(p.key.span().start);
        t.parties.insert(p.key.get_ref().clone(), (at, texts));
    }
    if let Some(sigs) = &raw.signatures {
        for (lang, x) in &sigs.lang {
            if let Some(languages) = &x.languages {
                t.signature_languages
                    .insert(lang.clone(), languages.clone());
            }
        }
        for sig in &sigs.signatories {
            let texts = sig
                .lang
                .iter()
                .map(|(lang, x)| (lang.clone(), (x.name.clone(), x.title.clone())))
                .collect();
            let at = lines.position(sig.party.span().start);
            t.signatories
                .insert(sig.party.get_ref().clone(), (at, texts));
        }
    }
    for item in &raw.body {
        let b = item.get_ref();
        let parts = match &b.parts {
            Some(parts) => parts
                .iter()
                .map(|p| part_texts(&p.get_ref().lang))
                .collect(),
            None => vec![part_texts(&b.lang)],
        };
        t.body.push(parts);
    }
    t
}

fn part_texts(lang: &BTreeMap<String, RawPartText>) -> BTreeMap<String, PartText> {
    lang.iter()
        .map(|(tag, p)| {
            let content = p.text.as_ref().map(|text| match text {
                RawText::Plain(s) => BodyContent::Text(s.clone()),
                RawText::Pieces(pieces) => BodyContent::TextWithData(
                    pieces
                        .iter()
                        .map(|p| match p {
                            RawPiece::Words(w) => TextPiece::Words(w.clone()),
                            RawPiece::Data { data } => TextPiece::Data(data.clone()),
                        })
                        .collect(),
                ),
            });
            let values = p
                .values
                .iter()
                .map(|(k, v)| (k.clone(), super::toml_to_json(v)))
                .collect();
            (tag.clone(), PartText { content, values })
        })
        .collect()
}

/// Collects what a language lacks, each at its place.
struct Missing<'a> {
    draft: &'a Draft,
    lang: &'a str,
    diags: Vec<Diagnostic>,
}

impl Missing<'_> {
    /// `setting` is the line to add, as an example (`name = "…"`).
    fn field(&mut self, at: Position, what: &str, table: &str, setting: &str) {
        let lang = self.lang;
        self.diags.push(
            Diagnostic::error(
                &self.draft.file,
                Some(at),
                format!("{what} has no `{lang}` form"),
            )
            .label(format!("needs its `{lang}` form"))
            .hint(format!("add `{setting}` under `[{table}.lang.{lang}]`")),
        );
    }

    /// The field in this language, or the draft's own with an error.
    fn take(
        &mut self,
        given: Option<&String>,
        own: &str,
        at: Position,
        what: &str,
        table: &str,
        key: &str,
    ) -> String {
        match given {
            Some(v) => v.clone(),
            None if own.is_empty() => String::new(),
            None => {
                self.field(at, what, table, &format!("{key} = \"…\""));
                own.to_owned()
            }
        }
    }
}

impl Draft {
    /// The languages the statement is written in; the first is this draft's own.
    pub fn languages(&self) -> &[String] {
        &self.translations.languages
    }

    /// The draft in language `lang`: every wording field in that language, the rest (dates,
    /// numbers, keys, order, clause ids) shared. Every field without a form in `lang` is an
    /// error at its place. The draft's own language gives the draft itself.
    pub fn localized(&self, lang: &str) -> Result<Draft, Vec<Diagnostic>> {
        if self.languages().first().map(String::as_str) == Some(lang) {
            return Ok(self.clone());
        }
        let t = &self.translations;
        let top = Position { line: 1, col: 1 };
        let mut m = Missing {
            draft: self,
            lang,
            diags: Vec::new(),
        };
        if !t.languages.iter().any(|l| l == lang) {
            m.diags.push(
                Diagnostic::error(
                    &self.file,
                    None,
                    format!("the statement is not written in `{lang}`"),
                )
                .hint(format!(
                    "its languages are {}; add `{lang}` to `[document] languages`",
                    t.languages.join(", ")
                )),
            );
            return Err(m.diags);
        }
        let mut d = self.clone();
        d.document.language = lang.to_owned();
        let s = t.series.get(lang);
        d.series.name = m.take(
            s.and_then(|s| s[0].as_ref()),
            &self.series.name,
            top,
            "the series' `name`",
            "series",
            "name",
        );
        d.series.short_name = s
            .and_then(|s| s[1].clone())
            .unwrap_or_else(|| d.series.name.clone());
        d.series.brief_name = s
            .and_then(|s| s[2].clone())
            .unwrap_or_else(|| d.series.name.clone());
        let place = t.meeting.get(lang);
        d.city = m.take(
            place.and_then(|p| p[0].as_ref()),
            &self.city,
            top,
            "the meeting's `city`",
            "meeting",
            "city",
        );
        d.country = place.and_then(|p| p[1].clone()).unwrap_or_default();
        if let Some(prev) = &mut d.previous {
            let p = t.previous.get(lang);
            prev.city = m.take(
                p.and_then(|p| p[0].as_ref()),
                &prev.city.clone(),
                top,
                "the previous meeting's `city`",
                "previous",
                "city",
            );
            prev.country = p.and_then(|p| p[1].clone()).unwrap_or_default();
        }
        if let Some(next) = &mut d.next {
            let n = t.next.get(lang);
            next.city = m.take(
                n.and_then(|n| n[0].as_ref()),
                &next.city.clone(),
                top,
                "the next meeting's `city`",
                "next",
                "city",
            );
            next.timing = m.take(
                n.and_then(|n| n[1].as_ref()),
                &next.timing.clone(),
                top,
                "the next meeting's `timing`",
                "next",
                "timing",
            );
        }
        localize_parties(&mut d, &mut m);
        localize_signatures(&mut d, &mut m);
        localize_body(&mut d, &mut m);
        if m.diags.is_empty() {
            Ok(d)
        } else {
            Err(m.diags)
        }
    }
}

fn localize_parties(d: &mut Draft, m: &mut Missing<'_>) {
    let lang = m.lang.to_owned();
    let t = m.draft.translations.parties.clone();
    for p in &mut d.parties {
        let (at, texts) = t
            .get(&p.key)
            .cloned()
            .unwrap_or((Position { line: 1, col: 1 }, BTreeMap::new()));
        let x = texts.get(&lang).cloned().unwrap_or_default();
        let key = p.key.clone();
        let what = |f: &str| format!("party `{key}`'s `{f}`");
        // `names = { ja = "…" }` gives the name too.
        let name = x.name.clone().or_else(|| p.names.get(&lang).cloned());
        for (field, given, name_of) in [
            (&mut p.name, name, "name"),
            (&mut p.short_name, x.short_name.clone(), "short_name"),
            (&mut p.adjective, x.adjective.clone(), "adjective"),
            (&mut p.government, x.government.clone(), "government"),
        ] {
            let own = field.clone();
            *field = m.take(given.as_ref(), &own, at, &what(name_of), "parties", name_of);
        }
        p.country = x.country.clone().unwrap_or_default();
        for (list, given, key) in [
            (&mut p.co_chairs, x.co_chairs.clone(), "co_chairs"),
            (&mut p.participants, x.participants.clone(), "participants"),
        ] {
            match given {
                Some(v) => *list = v,
                None if list.is_empty() => {}
                None => m.field(at, &what(key), "parties", &format!("{key} = [\"…\"]")),
            }
        }
    }
}

/// The signature page in `m.lang`: the languages of the originals (`[signatures.lang.<tag>]`,
/// or for Japanese the names it knows: English → 英語), each signatory's name and title.
fn localize_signatures(d: &mut Draft, m: &mut Missing<'_>) {
    let lang = m.lang.to_owned();
    let t = &m.draft.translations;
    let (given, signatories) = (
        t.signature_languages.get(&lang).cloned(),
        t.signatories.clone(),
    );
    let Some(sigs) = &mut d.signatures else {
        return;
    };
    let top = Position { line: 1, col: 1 };
    let first_at = signatories.values().next().map_or(top, |(at, _)| *at);
    match given {
        Some(languages) => sigs.languages = languages,
        None => {
            let known: Option<Vec<String>> = sigs
                .languages
                .iter()
                .map(|l| known_language_name(l, &lang))
                .collect();
            match known {
                Some(names) => sigs.languages = names,
                None => m.field(
                    first_at,
                    "the signatures' `languages`",
                    "signatures",
                    "languages = [\"…\"]",
                ),
            }
        }
    }
    for (key, name, title) in &mut sigs.signatories {
        let (at, texts) = signatories
            .get(key.as_str())
            .cloned()
            .unwrap_or((top, BTreeMap::new()));
        let (n, ti) = texts.get(&lang).cloned().unwrap_or_default();
        let what = |f: &str| format!("the signatory of `{key}`'s `{f}`");
        for (field, given, f) in [(name, n, "name"), (title, ti, "title")] {
            match given {
                Some(v) => *field = v,
                None if field.is_empty() => {}
                None => {
                    let lang = m.lang;
                    m.diags.push(
                        Diagnostic::error(
                            &m.draft.file,
                            Some(at),
                            format!("{} has no `{lang}` form", what(f)),
                        )
                        .label(format!("needs its `{lang}` form"))
                        .hint(format!(
                            "add `lang = {{ {lang} = {{ {f} = \"…\" }} }}` to this signatory"
                        )),
                    );
                }
            }
        }
    }
}

/// A language of the originals named in `lang`, when the wording of `lang` knows it.
fn known_language_name(name: &str, lang: &str) -> Option<String> {
    match lang {
        "ja" => crate::wording::ja::language_name(name).map(str::to_owned),
        _ => None,
    }
}

fn localize_body(d: &mut Draft, m: &mut Missing<'_>) {
    let lang = m.lang.to_owned();
    let texts = m.draft.translations.body.clone();
    for (item, item_texts) in d.body.iter_mut().zip(&texts) {
        for (part, part_texts) in item.parts.iter_mut().zip(item_texts) {
            let x = part_texts.get(&lang).cloned().unwrap_or_default();
            match &mut part.content {
                BodyContent::Text(_) | BodyContent::TextWithData(_) => match x.content {
                    Some(c) => part.content = c,
                    None => m.diags.push(
                        Diagnostic::error(&m.draft.file, Some(part.position), format!("this text has no `{lang}` form"))
                            .label(format!("needs its `{lang}` form"))
                            .hint(format!("add `lang = {{ {lang} = {{ text = \"…\" }} }}` to it (or `[body.lang.{lang}]` after its `[[body]]`)")),
                    ),
                },
                BodyContent::Clause { values, .. } => {
                    // Wording given as values is the draft's language: only its numbers and
                    // flags carry over; the rest comes from `lang.<tag>.values` (a value the
                    // clause's body in this language needs and lacks is then reported).
                    values.retain(|_, v| !(v.is_string() || v.is_array() || v.is_object()));
                    values.extend(x.values);
                }
                BodyContent::Options(_) => {}
            }
        }
    }
}
