//! The validator: raw inputs ([`super::raw`]) -> the typed model ([`super::model`]).
//!
//! One method per step (series, meeting number and dates, parties, previous meeting, next
//! meeting, body, document settings, signatures), each reporting into one list of diagnostics so
//! that every problem is found in one run, each with file:line:col from the TOML spans. The
//! list is sorted by position at the end, so the order of the steps decides only the order of
//! problems found at the same place. The previous meeting may be a draft folder; it is read
//! through [`Sources`], never from the file system here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::Sources;
use super::convert::{toml_error, toml_to_json};
use super::model::Alternat;
use super::model::TextPiece;
use super::model::{
    Alternatives, BodyContent, BodyItem, BodyPart, DocumentSettings, Draft, MeetingDates,
    MeetingNumber, NextMeeting, Party, PreviousMeeting, Series, Signatures,
};
use super::raw::{
    PartFields, RawBodyItem, RawDates, RawDocument, RawMeeting, RawMeetingFile, RawNext, RawParty,
    RawPrevious, RawPreviousFile, RawSeries, RawSignatures,
};
use super::raw::{RawAlternat, RawPiece, RawText};
use crate::document::{PaperSize, SimpleDate};
use crate::error::{Diagnostic, LineIndex, Position};
use crate::wording::{ListStyle, first_gap};

mod absorbed;
mod style;

impl Draft {
    /// Parse and validate `source` (the text of `file`). All problems are reported at once.
    pub fn parse(
        file: &Path,
        source: &str,
        sources: &dyn Sources,
    ) -> Result<Draft, Vec<Diagnostic>> {
        match Draft::parse_lenient(file, source, sources) {
            (Some(d), diags) if !diags.iter().any(Diagnostic::is_error) => Ok(d),
            (_, diags) => Err(diags),
        }
    }

    /// Like [`Draft::parse`], but returns the draft whenever its skeleton is readable, with the
    /// problems found (errors and warnings, in file order), so that later stages (clause look-up,
    /// template checks) can report their problems in the same run.
    pub fn parse_lenient(
        file: &Path,
        source: &str,
        sources: &dyn Sources,
    ) -> (Option<Draft>, Vec<Diagnostic>) {
        if source.trim().is_empty() {
            return (None, vec![
                Diagnostic::error(file, Some(Position { line: 1, col: 1 }), "the inputs file is empty")
                    .hint("a meeting needs at least [series], [meeting], two [[parties]] and [[body]] paragraphs; see README.md, \"Inputs\"")
                    .hint("`chancery next <previous-draft> --out <dir>` writes one from the previous meeting"),
            ]);
        }
        let raw: RawMeetingFile = match toml::from_str(source) {
            Ok(raw) => raw,
            Err(e) => return (None, vec![toml_error(file, source, &e)]),
        };
        let mut v = Validator {
            file,
            lines: LineIndex::new(source),
            diags: Vec::new(),
            keys: Vec::new(),
        };
        let draft = v.validate(raw, sources);
        let mut diags = v.diags;
        diags.sort_by_key(|d| d.position);
        let draft = draft.map(|mut d| {
            d.warnings = diags.iter().filter(|d| !d.is_error()).cloned().collect();
            d
        });
        (draft, diags)
    }
}

/// Validation state: where the inputs come from, the problems found so far, and the party keys
/// once the parties are read (every later reference to a party is checked against them).
pub(super) struct Validator<'a> {
    file: &'a Path,
    /// Positions of the source's spans, without a scan per position.
    lines: LineIndex<'a>,
    diags: Vec<Diagnostic>,
    /// The parties' keys; empty when the parties are invalid (then no reference is refused).
    keys: Vec<String>,
}

impl Validator<'_> {
    fn pos<T>(&self, s: &Spanned<T>) -> Position {
        self.lines.position(s.span().start)
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) -> &mut Diagnostic {
        let width = self.lines.width(at.span());
        let d = Diagnostic::error(self.file, Some(self.pos(at)), message).width(width);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    fn warning<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) -> &mut Diagnostic {
        let width = self.lines.width(at.span());
        let d = Diagnostic::warning(self.file, Some(self.pos(at)), message).width(width);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// Every step in turn; `None` when the skeleton (meeting number, two parties) is unusable.
    fn validate(&mut self, raw: RawMeetingFile, sources: &dyn Sources) -> Option<Draft> {
        let id = self
            .file
            .parent()
            .and_then(Path::file_name)
            .map_or_else(|| "draft".to_owned(), |n| n.to_string_lossy().into_owned());
        let translations = super::lang::read(&raw, &self.lines);
        let series = series(raw.series);
        let number = self.number(&raw.meeting.number, "the meeting number");
        let dates = self.meeting_dates(&raw.meeting);
        let parties = self.parties(&raw.parties);
        self.keys = parties
            .as_ref()
            .map(|p| p.iter().map(|p| p.key.clone()).collect())
            .unwrap_or_default();
        self.known_key(&raw.meeting.host);
        let host = raw.meeting.host.get_ref().clone();
        let country = raw.meeting.country.clone().or_else(|| {
            parties
                .as_ref()
                .and_then(|ps| ps.iter().find(|p| p.key == host))
                .map(|p| p.country.clone())
        });
        let previous = raw.previous.as_ref().and_then(|p| {
            let prev = self.previous(p, sources)?;
            self.previous_comes_first(p, &prev, number, dates.as_ref());
            Some(prev)
        });
        let next = raw.next.as_ref().and_then(|n| self.next(n, number, &host));
        let alternat = self.alternat(raw.meeting.alternat.as_ref());
        let body = self.body(&raw.body);
        let document = self.document(&raw.document);
        let signatures = raw.signatures.as_ref().map(|s| self.signatures(s));
        let style = self.house_style(raw.style.as_ref(), sources);
        let notes = self.notes(&raw.notes);
        let value_changes = self.value_changes(&raw.value_changes);
        Some(Draft {
            id,
            file: self.file.to_path_buf(),
            series,
            number: number?,
            dates,
            city: raw.meeting.city.unwrap_or_default(),
            country: country.unwrap_or_default(),
            host,
            parties: parties?,
            alternat,
            previous,
            next,
            body,
            notes,
            value_changes,
            document,
            signatures,
            style,
            warnings: Vec::new(),
            translations,
        })
    }

    /// Whether `key` names one of the parties; an error at it when not.
    fn known_key(&mut self, key: &Spanned<String>) -> bool {
        if self.keys.is_empty() || self.keys.iter().any(|k| k == key.get_ref()) {
            return true;
        }
        let parties = self
            .keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        self.error(key, format!("unknown party `{}`", key.get_ref()))
            .hints
            .push(format!("the parties are {parties}"));
        false
    }

    fn number(&mut self, n: &Spanned<i64>, what: &str) -> Option<MeetingNumber> {
        let parsed = MeetingNumber::new(*n.get_ref());
        if parsed.is_none() {
            let message = if *n.get_ref() > i64::from(u32::MAX) {
                format!("{what} {} is too large", n.get_ref())
            } else {
                format!("{what} must be 1 or more, found {}", n.get_ref())
            };
            let d = self.error(n, message);
            d.label = Some("expected a whole number of 1 or more".to_owned());
            d.hints
                .push("meetings are numbered from 1 (the first meeting of the series)".to_owned());
        }
        parsed
    }

    /// The meeting's days; a warning when the date is not set yet (it prints as `[date]`).
    fn meeting_dates(&mut self, meeting: &RawMeeting) -> Option<MeetingDates> {
        let dates = meeting.date.as_ref().and_then(|d| self.dates(d));
        if meeting.date.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    self.file,
                    None,
                    "the meeting date is not set yet; it prints as `[date]`",
                )
                .hint("add `date = \"YYYY-MM-DD\"` under [meeting] once it is fixed"),
            );
        }
        dates
    }

    /// One day, or consecutive days in order, each a real `YYYY-MM-DD` calendar day.
    fn dates(&mut self, d: &Spanned<RawDates>) -> Option<MeetingDates> {
        let texts = d.get_ref().texts();
        if texts.is_empty() {
            self.error(d, "a meeting date list cannot be empty")
                .hints
                .push("write `date = \"2014-05-09\"`, or `date = [\"2024-08-26\", \"2024-08-27\"]` for a meeting over several days".to_owned());
            return None;
        }
        let mut out = Vec::with_capacity(texts.len());
        for text in &texts {
            match SimpleDate::parse_iso(text) {
                Some(date) => out.push(date),
                None => {
                    let e = self.error(d, format!("`{text}` is not a date"));
                    e.label = Some("expected a date, YYYY-MM-DD".to_owned());
                    e.hints
                        .push("write dates as YYYY-MM-DD, e.g. `date = \"2014-05-09\"` (a real calendar day)".to_owned());
                    return None;
                }
            }
        }
        if let Some((before, after)) = first_gap(&out) {
            self.error(
                d,
                format!("the days of a meeting must be consecutive: `{before}` then `{after}`"),
            )
            .hints
            .push(
                "list each day of the meeting in order, e.g. [\"2024-08-26\", \"2024-08-27\"]"
                    .to_owned(),
            );
            return None;
        }
        Some(MeetingDates(out))
    }

    /// Two parties or more, with distinct keys of lowercase letters, digits and `-`.
    fn parties(&mut self, raw: &Spanned<Vec<RawParty>>) -> Option<Vec<Party>> {
        if raw.get_ref().len() < 2 {
            self.error(
                raw,
                format!(
                    "a joint statement has two parties or more, found {}",
                    raw.get_ref().len()
                ),
            )
            .hints
            .push("write one [[parties]] table for each of the sides".to_owned());
            return None;
        }
        let out: Vec<Party> = raw.get_ref().iter().map(|p| self.party(p)).collect();
        for (i, p) in out.iter().enumerate().skip(1) {
            if out[..i].iter().any(|q| q.key == p.key) {
                let dup = &raw.get_ref()[i].key;
                let message = if out.len() == 2 {
                    format!("both parties have the key `{}`", dup.get_ref())
                } else {
                    format!("two parties have the key `{}`", dup.get_ref())
                };
                self.error(dup, message);
            }
        }
        Some(out)
    }

    /// The order of the other parties in each copy (`[meeting] alternat`).
    fn alternat(&mut self, raw: Option<&Spanned<RawAlternat>>) -> Alternat {
        let Some(raw) = raw else {
            return Alternat::AsListed;
        };
        match raw.get_ref() {
            RawAlternat::Named(n) if n == "as-listed" => Alternat::AsListed,
            RawAlternat::Named(n) if n == "alphabetical" => Alternat::Alphabetical,
            RawAlternat::Named(n) => {
                self.error(raw, format!("unknown alternat `{n}`"))
                    .hints
                    .push("use \"as-listed\", \"alphabetical\", or the party keys in order: [\"jp\", \"au\", \"us\"]".to_owned());
                Alternat::AsListed
            }
            RawAlternat::Given(keys) => {
                let mut sorted = keys.clone();
                sorted.sort();
                let mut all = self.keys.clone();
                all.sort();
                if sorted != all {
                    let names: Vec<String> = self.keys.iter().map(|k| format!("`{k}`")).collect();
                    self.error(raw, "`alternat` must name every party once")
                        .hints
                        .push(format!("the parties are {}", names.join(", ")));
                }
                Alternat::Given(keys.clone())
            }
        }
    }

    fn party(&mut self, p: &RawParty) -> Party {
        let key = p.key.get_ref();
        if !is_id(key) {
            self.error(
                &p.key,
                format!("party key `{key}` must be lowercase letters, digits or `-`"),
            )
            .hints
            .push("use a short code such as `jp` or `us`".to_owned());
        }
        let list_style = match &p.list_style {
            None => ListStyle::Comma,
            Some(s) => ListStyle::parse(s.get_ref()).unwrap_or_else(|| {
                let e = self.error(s, format!("unknown list style `{}`", s.get_ref()));
                e.label = Some("not a list style".to_owned());
                e.hints
                    .push(format!("use one of: {}", ListStyle::NAMES.join(", ")));
                ListStyle::Comma
            }),
        };
        Party {
            key: key.clone(),
            short_name: p.short_name.clone().unwrap_or_else(|| p.name.clone()),
            name: p.name.clone(),
            adjective: p.adjective.clone(),
            government: p.government.clone(),
            country: p.country.clone().unwrap_or_default(),
            co_chairs: p.co_chairs.clone(),
            participants: p.participants.clone(),
            list_style,
            names: p.names.clone(),
        }
    }

    /// The previous meeting: read from its draft folder (`draft = "…"`), or given by its values.
    fn previous(
        &mut self,
        raw: &Spanned<RawPrevious>,
        sources: &dyn Sources,
    ) -> Option<PreviousMeeting> {
        let p = raw.get_ref();
        let Some(draft) = &p.draft else {
            return self.previous_from_values(raw);
        };
        if p.number.is_some() || p.date.is_some() || p.city.is_some() || p.country.is_some() {
            self.error(
                raw,
                "give the previous meeting either as `draft = \"…\"` or by its values, not both",
            )
            .hints
            .push(
                "with `draft`, number, date, city and country come from that draft's meeting.toml"
                    .to_owned(),
            );
            return None;
        }
        let base = self.file.parent().unwrap_or(Path::new("."));
        let dir = base.join(draft.get_ref());
        let facts = self.read_previous_draft(draft, &dir, sources)?;
        self.previous_from_facts(draft, dir, facts)
    }

    /// The previous draft's own facts (not its [previous], which would walk the whole series,
    /// and loop forever on drafts that point at each other).
    fn read_previous_draft(
        &mut self,
        draft: &Spanned<String>,
        dir: &Path,
        sources: &dyn Sources,
    ) -> Option<RawPreviousFile> {
        let path = dir.join("meeting.toml");
        let text = match sources.read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                self.error(draft, format!("cannot read the previous draft `{}`: {e}", path.display()))
                    .hints
                    .push("`draft` is a folder relative to this meeting.toml's folder, holding a meeting.toml".to_owned());
                return None;
            }
        };
        match toml::from_str::<RawPreviousFile>(&text) {
            Ok(f) => Some(f),
            Err(e) => {
                let inner = toml_error(&path, &text, &e);
                self.error(
                    draft,
                    format!("the previous draft `{}` is not valid", dir.display()),
                )
                .notes
                .push(inner.to_string());
                None
            }
        }
    }

    /// The previous meeting from its draft's facts: number and date must be valid there.
    fn previous_from_facts(
        &mut self,
        draft: &Spanned<String>,
        dir: PathBuf,
        facts: RawPreviousFile,
    ) -> Option<PreviousMeeting> {
        let number = MeetingNumber::new(*facts.meeting.number.get_ref());
        let dates = facts.meeting.date.as_ref().and_then(|d| {
            let days: Option<Vec<SimpleDate>> = d
                .get_ref()
                .texts()
                .iter()
                .map(|t| SimpleDate::parse_iso(t))
                .collect();
            days.filter(|d| !d.is_empty()).map(MeetingDates)
        });
        let (Some(number), Some(dates)) = (number, dates) else {
            let path = dir.join("meeting.toml");
            self.error(
                draft,
                format!(
                    "the previous draft `{}` has no valid meeting number and date",
                    dir.display()
                ),
            )
            .hints
            .push(format!(
                "check `number` and `date` under [meeting] in {}",
                path.display()
            ));
            return None;
        };
        let host = facts.meeting.host.get_ref();
        let country = facts.meeting.country.clone().or_else(|| {
            facts
                .parties
                .iter()
                .find(|p| p.key == *host)
                .and_then(|p| p.country.clone())
        });
        Some(PreviousMeeting {
            number,
            dates,
            city: facts.meeting.city.unwrap_or_default(),
            country: country.unwrap_or_default(),
            draft: Some(dir),
        })
    }

    /// The previous meeting given by `number`, `date`, `city` (and `country`).
    fn previous_from_values(&mut self, raw: &Spanned<RawPrevious>) -> Option<PreviousMeeting> {
        let p = raw.get_ref();
        let missing: Vec<&str> = [
            ("number", p.number.is_none()),
            ("date", p.date.is_none()),
            ("city", p.city.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        if !missing.is_empty() {
            self.error(raw, format!("the previous meeting lacks {}", missing.join(", ")))
                .hints
                .push("give `number`, `date`, `city` (and `country`), or `draft = \"../<previous-draft-folder>\"`".to_owned());
            return None;
        }
        let number = self.number(p.number.as_ref()?, "the previous meeting's number");
        let dates = self.dates(p.date.as_ref()?);
        Some(PreviousMeeting {
            number: number?,
            dates: dates?,
            city: p.city.clone()?,
            country: p.country.clone().unwrap_or_default(),
            draft: None,
        })
    }

    /// The previous meeting must have a lower number and an earlier date than this one.
    fn previous_comes_first(
        &mut self,
        at: &Spanned<RawPrevious>,
        prev: &PreviousMeeting,
        number: Option<MeetingNumber>,
        dates: Option<&MeetingDates>,
    ) {
        let Some(number) = number else {
            return;
        };
        if prev.number >= number {
            self.error(
                at,
                format!(
                    "the previous meeting is number {}, but this is meeting number {}",
                    prev.number.get(),
                    number.get()
                ),
            )
            .hints
            .push("the previous meeting must have a lower number than this one".to_owned());
        }
        if let Some(d) = dates
            && prev.dates.last() >= d.first()
        {
            let pos = match &at.get_ref().date {
                Some(date) => self.pos(date),
                None => self.pos(at),
            };
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    Some(pos),
                    format!(
                        "the previous meeting ({}) is dated on or after this one ({})",
                        prev.dates.last(),
                        d.first()
                    ),
                )
                .hint("check both dates: the previous meeting must come before this one"),
            );
        }
    }

    /// The next meeting: its host is given, or else the other party (hosts alternate).
    fn next(
        &mut self,
        n: &RawNext,
        number: Option<MeetingNumber>,
        host: &str,
    ) -> Option<NextMeeting> {
        let host_key = match &n.host {
            Some(h) => {
                self.known_key(h);
                h.get_ref().clone()
            }
            None => self
                .keys
                .iter()
                .find(|k| *k != host)
                .cloned()
                .unwrap_or_default(),
        };
        number.map(|num| NextMeeting {
            number: num.next(),
            host: host_key,
            city: n.city.clone(),
            timing: n.timing.clone(),
        })
    }

    /// The body paragraphs, with their ids unique; a warning when there are none.
    fn body(&mut self, raw: &[Spanned<RawBodyItem>]) -> Vec<BodyItem> {
        let mut seen_ids: BTreeMap<String, Position> = BTreeMap::new();
        let out = raw
            .iter()
            .filter_map(|item| self.body_item(item, &mut seen_ids))
            .collect();
        if raw.is_empty() {
            self.diags.push(
                Diagnostic::warning(self.file, None, "the statement has no body paragraphs")
                    .hint("add [[body]] tables with `clause = \"…\"` or `text = \"…\"`"),
            );
        }
        out
    }

    fn body_item(
        &mut self,
        item: &Spanned<RawBodyItem>,
        seen_ids: &mut BTreeMap<String, Position>,
    ) -> Option<BodyItem> {
        let position = self.pos(item);
        let b = item.get_ref();
        let parts = self.item_parts(item)?;
        if let Some(id) = &b.id
            && !is_id(id.get_ref())
        {
            self.error(
                id,
                format!(
                    "paragraph id `{}` must be lowercase letters, digits or `-`",
                    id.get_ref()
                ),
            )
            .hints
            .push("e.g. `id = \"space-sustainability\"`".to_owned());
        }
        let id = match &b.id {
            Some(id) => Some(id.get_ref().clone()),
            None => parts.iter().find_map(|p| match &p.content {
                BodyContent::Clause { id, .. } => Some(id.clone()),
                BodyContent::Text(_) | BodyContent::TextWithData(_) | BodyContent::Options(_) => {
                    None
                }
            }),
        };
        if let (Some(explicit), Some(idv)) = (&b.id, &id)
            && let Some(prev) = seen_ids.get(idv)
        {
            let line = prev.line;
            self.error(explicit, format!("paragraph id `{idv}` is used twice"))
                .notes
                .push(format!("first used at line {line}"));
        }
        if let Some(idv) = &id {
            seen_ids.entry(idv.clone()).or_insert(position);
        }
        let proposals = self.proposals(&b.proposals);
        Some(BodyItem {
            parts,
            proposals,
            id,
            position,
        })
    }

    /// A paragraph's parts: its `parts` list, or the paragraph itself as its one part.
    fn item_parts(&mut self, item: &Spanned<RawBodyItem>) -> Option<Vec<BodyPart>> {
        let b = item.get_ref();
        let Some(parts) = &b.parts else {
            return self.part(item, b.fields()).map(|part| vec![part]);
        };
        if b.clause.is_some() || b.text.is_some() || !b.values.is_empty() || b.options.is_some() {
            self.error(
                item,
                "a body paragraph with `parts` cannot also have `clause`, `text` or `values`",
            )
            .hints
            .push("move them into an entry of `parts`".to_owned());
            return None;
        }
        if parts.is_empty() {
            self.error(item, "`parts` is empty")
                .hints
                .push("list at least one `{ clause = \"…\" }` or `{ text = \"…\" }`".to_owned());
            return None;
        }
        Some(
            parts
                .iter()
                .filter_map(|p| self.part(p, p.get_ref().fields()))
                .collect(),
        )
    }

    /// One part: a clause with values, inline text, or an options table.
    fn part<T>(&mut self, at: &Spanned<T>, f: PartFields<'_>) -> Option<BodyPart> {
        let position = self.pos(at);
        if let Some(options) = f.options {
            if f.clause.is_some() || f.text.is_some() {
                self.error(
                    at,
                    "a body part has `options` together with `clause` or `text`",
                )
                .hints
                .push(
                    "a part is one of: `clause = …`, `text = …`, or `options = [ … ]`".to_owned(),
                );
                return None;
            }
            let content = self.options(at, options, f.chosen)?;
            return Some(BodyPart { content, position });
        }
        if f.chosen.is_some() {
            self.error(at, "`chosen` without `options`")
                .hints
                .push(Alternatives::HINT.to_owned());
            return None;
        }
        let content = self.clause_or_text(at, &f)?;
        Some(BodyPart { content, position })
    }

    /// An options table given as a body part.
    fn options<T>(
        &mut self,
        at: &Spanned<T>,
        options: &toml::Value,
        chosen: Option<&toml::Value>,
    ) -> Option<BodyContent> {
        let mut table = serde_json::Map::new();
        table.insert("options".to_owned(), toml_to_json(options));
        if let Some(c) = chosen {
            table.insert("chosen".to_owned(), toml_to_json(c));
        }
        match Alternatives::from_json(&serde_json::Value::Object(table)) {
            Ok(Some(alts)) => Some(BodyContent::Options(alts)),
            Ok(None) => None,
            Err(message) => {
                self.error(at, message)
                    .hints
                    .push(Alternatives::HINT.to_owned());
                None
            }
        }
    }

    /// Exactly one of `clause` (with its values) and `text`.
    fn clause_or_text<T>(&mut self, at: &Spanned<T>, f: &PartFields<'_>) -> Option<BodyContent> {
        match (f.clause, f.text) {
            (Some(_), Some(_)) => {
                self.error(at, "a body paragraph has both `clause` and `text`")
                    .hints
                    .push("use `clause = \"id\"` for a library clause, or `text = \"…\"` for one-off wording".to_owned());
                None
            }
            (None, None) => {
                self.error(at, "a body paragraph needs `clause`, `text` or `parts`")
                    .hints
                    .push(
                        "e.g. `clause = \"next-meeting\"` or `text = \"Both sides …\"`".to_owned(),
                    );
                None
            }
            (Some(id), None) => Some(BodyContent::Clause {
                id: id.get_ref().clone(),
                id_position: self.pos(id),
                values: f
                    .values
                    .iter()
                    .map(|(k, v)| (k.clone(), toml_to_json(v)))
                    .collect(),
            }),
            (None, Some(text)) => {
                if !f.values.is_empty() {
                    self.warning(at, "`values` are ignored on inline `text`")
                        .hints
                        .push("inline text is never a template; move it into a clause file to use values".to_owned());
                }
                Some(match text {
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
                })
            }
        }
    }

    /// Margins must be between 0 and what leaves at least 60 mm of text width and height.
    fn margins(&mut self, raw: &RawDocument, paper: PaperSize) -> [f32; 4] {
        let Some(m) = &raw.margins_mm else {
            return [25.0; 4];
        };
        let [top, right, bottom, left] = *m.get_ref();
        let (w, h) = paper.mm();
        let bad = m.get_ref().iter().any(|v| !v.is_finite() || *v < 0.0)
            || w - left - right < 60.0
            || h - top - bottom < 60.0;
        if bad {
            self.error(m, format!("margins {:?} mm do not leave room for text on this paper", m.get_ref()))
                .hints
                .push(format!("give top, right, bottom, left in mm, each 0 or more, leaving at least 60 mm of text area ({w} x {h} mm paper)"));
            return [25.0; 4];
        }
        *m.get_ref()
    }

    fn document(&mut self, raw: &RawDocument) -> DocumentSettings {
        let paper = match &raw.paper {
            None => PaperSize::A4,
            Some(p) => match p.get_ref().to_ascii_lowercase().as_str() {
                "a4" => PaperSize::A4,
                "letter" => PaperSize::Letter,
                other => {
                    self.error(p, format!("unknown paper size `{other}`"))
                        .hints
                        .push("use `A4` or `Letter`".to_owned());
                    PaperSize::A4
                }
            },
        };
        DocumentSettings {
            paper,
            margins_mm: self.margins(raw, paper),
            language: raw.language.clone().unwrap_or_else(|| "en".to_owned()),
            font: raw.font.clone(),
            east_asian_font: raw.east_asian_font.clone(),
        }
    }

    /// One signatory per party, each a known party.
    fn signatures(&mut self, s: &RawSignatures) -> Signatures {
        let mut seen: Vec<&str> = Vec::new();
        for sig in &s.signatories {
            let key = sig.party.get_ref().as_str();
            if seen.contains(&key) {
                self.error(&sig.party, format!("party `{key}` has two signatories"))
                    .hints
                    .push("each party signs once: keep one `{ party = …, name = …, title = … }` per party".to_owned());
            }
            seen.push(key);
        }
        Signatures {
            done_at: s.done_at,
            languages: s.languages.clone(),
            signatories: s
                .signatories
                .iter()
                .filter(|sig| self.known_key(&sig.party))
                .map(|sig| {
                    (
                        sig.party.get_ref().clone(),
                        sig.name.clone(),
                        sig.title.clone(),
                    )
                })
                .collect(),
        }
    }
}

/// The series, its shorter names defaulting to the full name and "Dialogue".
fn series(raw: RawSeries) -> Series {
    Series {
        short_name: raw.short_name.unwrap_or_else(|| raw.name.clone()),
        brief_name: raw.brief_name.unwrap_or_else(|| "Dialogue".to_owned()),
        name: raw.name,
    }
}

/// Keys and ids: lowercase ASCII letters, digits and `-`, not empty.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests;
