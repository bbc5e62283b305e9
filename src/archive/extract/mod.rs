//! `clauses extract`: propose clause files and a `meeting.toml` from an adopted statement, so
//! that a team with only earlier statements can start drafting from them.
//!
//! Each body paragraph becomes one clause. What varies between meetings becomes a value: the
//! meeting's ordinal, date and place; the previous and next meetings (ordinal, date, place,
//! timing); the parties (governments, "the Japanese side", the pair "Japan-U.S."); the co-chair
//! and participant lists with their list style; the series' names; other dates, as the
//! paragraph's own values. The heading block maps onto the default statement skeleton when it
//! has the usual shape, and onto a `statement.hbs` of its own otherwise.
//!
//! Reading wording is heuristic, so the result is checked the way it will be used: the
//! proposed `meeting.toml`, clauses and skeleton are assembled here, and the text must come out
//! exactly as adopted. A paragraph that does not is kept as written (a clause without values),
//! and the notes say so; if the inputs do not even validate, the previous and next meetings are
//! left out, and as a last resort every paragraph is kept as written. So whatever the statement,
//! `chancery build` on the result gives it back byte for byte.
//!
//! Pure: a [`Document`] in, texts out; the CLI writes the files.

mod scan;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::assemble::{AssembleOptions, TemplateSet, assemble};
use crate::clauses::{
    ClauseLibrary, ClauseOrigin, ClauseSource, embedded_sources, embedded_statement,
};
use crate::document::{Block, BlockKind, Document, SimpleDate};
use crate::draft::{Draft, ListStyle, Sources};
use crate::render::text::{TextOptions, block_text};
use crate::templates::format_dates;
use scan::{DateText, OrdinalForm};

/// Options of [`extract`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractOptions {
    /// How the statement is named in comments and clause descriptions (its path). Default
    /// "the adopted statement".
    pub label: String,
    /// Put before every clause id (e.g. `space-`), to keep extracted clauses apart from a
    /// library's own. Default none.
    pub prefix: String,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            label: "the adopted statement".to_owned(),
            prefix: String::new(),
        }
    }
}

/// One proposed clause file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedClause {
    pub id: String,
    /// The whole file: front matter and body.
    pub text: String,
}

/// What [`extract`] proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extraction {
    /// The meeting's inputs.
    pub meeting_toml: String,
    /// One clause per body paragraph, in order (`templates/clauses/<id>.md`).
    pub clauses: Vec<ExtractedClause>,
    /// A statement skeleton (`templates/statement.hbs`), when the heading block does not fit
    /// the default one.
    pub statement: Option<String>,
    /// What could not be turned into values, for the user to review.
    pub notes: Vec<String>,
}

/// Why nothing could be proposed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Only a heading block, or nothing at all.
    #[error("the statement has no body paragraph to make clauses of")]
    NoBody,
    /// Even clauses holding the text as written do not rebuild it (a block kind the templates
    /// cannot express, for instance).
    #[error("the proposed clauses do not rebuild the statement exactly: {detail}")]
    NoRoundTrip { detail: String },
}

/// Propose clauses and inputs that rebuild `doc` exactly.
pub fn extract(doc: &Document, opts: &ExtractOptions) -> Result<Extraction, ExtractError> {
    let blocks: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| b.is_textual() && !b.plain_text().trim().is_empty())
        .collect();
    let heading_len = blocks
        .iter()
        .take_while(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
            )
        })
        .count();
    let (heading, body) = blocks.split_at(heading_len);
    if body.is_empty() {
        return Err(ExtractError::NoBody);
    }
    let expected: Vec<String> = blocks
        .iter()
        .map(|b| block_text(b, &TextOptions::default()))
        .collect();
    let mut last_detail = String::new();
    for level in [Level::Full, Level::NoLinks, Level::Literal] {
        let mut plan = Plan::new(heading, body, level, opts);
        for _ in 0..3 {
            let ex = plan.render(opts);
            match check(&ex, &expected, heading_len) {
                Check::Exact => {
                    let mut ex = ex;
                    ex.notes = plan.notes(level);
                    return Ok(ex);
                }
                Check::Differs {
                    heading,
                    paragraphs,
                } => {
                    last_detail = format!(
                        "paragraph(s) {} differ",
                        paragraphs
                            .iter()
                            .map(|p| (p + heading_len + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    let already =
                        plan.heading_literal && paragraphs.iter().all(|&p| plan.paras[p].literal);
                    if already {
                        break;
                    }
                    plan.heading_literal |= heading;
                    for p in paragraphs {
                        plan.paras[p].literal = true;
                    }
                }
                Check::Invalid(detail) => {
                    last_detail = detail;
                    break;
                }
            }
        }
    }
    Err(ExtractError::NoRoundTrip {
        detail: last_detail,
    })
}

/// How much the extractor dares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Everything it recognises.
    Full,
    /// Without the previous and next meetings (when they do not validate).
    NoLinks,
    /// Every paragraph as written.
    Literal,
}

/// One party as read from the statement.
#[derive(Debug, Clone)]
struct Party {
    key: String,
    name: String,
    short_name: String,
    adjective: String,
    government: String,
    country: Option<String>,
    co_chairs: Vec<String>,
    participants: Vec<String>,
    list_style: Option<ListStyle>,
}

#[derive(Debug, Clone)]
struct Previous {
    number: u32,
    days: Vec<SimpleDate>,
    city: String,
    country: Option<String>,
}

#[derive(Debug, Clone)]
struct Next {
    city: String,
    timing: String,
}

/// A stretch of a paragraph that becomes a template expression.
#[derive(Debug, Clone)]
struct Span {
    range: Range<usize>,
    expr: String,
    /// A value of the paragraph's own (name, text), set in `meeting.toml`.
    value: Option<(String, String)>,
    /// Found by reading the sentence's structure (a place, a list), not by matching a string:
    /// wins over matches that overlap it.
    structural: bool,
}

#[derive(Debug, Clone)]
struct Para {
    /// 1-based over the statement's text blocks, for notes.
    number: usize,
    kind: BlockKind,
    text: String,
    spans: Vec<Span>,
    literal: bool,
    id: String,
}

/// Everything read from the statement, and what to do with each paragraph.
#[derive(Debug, Clone)]
struct Plan {
    title: Option<String>,
    subtitle: Option<String>,
    date_line: Option<String>,
    /// The subtitle reads "The <Ordinal> Meeting of the <pair> <series>".
    subtitle_fits: bool,
    heading_literal: bool,
    number: u32,
    series: String,
    short_name: Option<String>,
    brief_name: Option<String>,
    /// Parties were found in the subtitle's pair (else two placeholders).
    parties_found: bool,
    parties: [Party; 2],
    host: usize,
    dates: Option<(Vec<SimpleDate>, bool)>,
    city: String,
    country: Option<String>,
    previous: Option<Previous>,
    next: Option<Next>,
    paras: Vec<Para>,
}

impl Plan {
    fn new(heading: &[&Block], body: &[&Block], level: Level, opts: &ExtractOptions) -> Plan {
        let find = |kind: BlockKind| {
            heading
                .iter()
                .find(|b| b.kind == kind)
                .map(|b| b.plain_text())
        };
        let title = find(BlockKind::Title);
        let subtitle = find(BlockKind::Subtitle);
        let date_line = find(BlockKind::DateLine);
        let texts: Vec<String> = body.iter().map(|b| b.plain_text()).collect();
        let all = texts.join("\n\n");

        let parsed = subtitle.as_deref().and_then(|s| parse_subtitle(s, &all));
        let (number, pair, series) = match &parsed {
            Some((n, a, b, series)) => (*n, Some((a.clone(), b.clone())), series.clone()),
            None => (
                first_meeting_ordinal(&all).unwrap_or(1),
                None,
                "Dialogue".to_owned(),
            ),
        };
        let parties = match &pair {
            Some((a, b)) => read_parties([a.as_str(), b.as_str()], &all),
            None => [
                placeholder_party("a", "Party A"),
                placeholder_party("b", "Party B"),
            ],
        };
        let mut plan = Plan {
            title,
            subtitle,
            date_line: date_line.clone(),
            subtitle_fits: parsed.is_some(),
            heading_literal: level == Level::Literal,
            number,
            series,
            short_name: None,
            brief_name: None,
            parties_found: pair.is_some(),
            parties,
            host: 0,
            dates: date_line.as_deref().and_then(whole_date),
            city: String::new(),
            country: None,
            previous: None,
            next: None,
            paras: Vec::new(),
        };
        plan.read_series_names(&all);
        let n_heading = heading.len();
        plan.paras = body
            .iter()
            .zip(&texts)
            .enumerate()
            .map(|(i, (b, t))| Para {
                number: n_heading + i + 1,
                kind: b.kind.clone(),
                text: t.clone(),
                spans: Vec::new(),
                literal: level == Level::Literal,
                id: String::new(),
            })
            .collect();
        if level != Level::Literal {
            plan.read_structure(level);
            plan.read_spans();
        }
        plan.name_clauses(opts);
        plan
    }

    /// The series' short name ("Comprehensive Dialogue": what follows an ordinal and is a
    /// shorter start of the series name) and brief name (its last word, "Dialogue").
    fn read_series_names(&mut self, all: &str) {
        let words: Vec<&str> = self.series.split(' ').collect();
        for k in (1..words.len()).rev() {
            let candidate = words[..k].join(" ");
            let used = scan::find_words(all, &candidate).iter().any(|r| {
                let before = all[..r.start].trim_end();
                let prev = before.rsplit(' ').next().unwrap_or("");
                let after = &all[r.end..];
                scan::ordinal_number(prev).is_some()
                    && !after.starts_with(&format!(" {}", words[k]))
            });
            if used {
                self.short_name = Some(candidate);
                break;
            }
        }
        let last = self
            .short_name
            .as_deref()
            .unwrap_or(&self.series)
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .to_owned();
        let standalone = scan::find_words(all, &last).iter().any(|r| {
            let before = &all[..r.start];
            (before.ends_with("the ") || before.ends_with("this ") || before.ends_with("This "))
                && !all[r.end..].starts_with(&format!(
                    " {}",
                    words.get(words.len().saturating_sub(1)).unwrap_or(&"")
                ))
                && !self
                    .series
                    .split(' ')
                    .rev()
                    .nth(1)
                    .is_some_and(|w| before.trim_end().ends_with(w))
        });
        if standalone && last.chars().next().is_some_and(char::is_uppercase) {
            self.brief_name = Some(last);
        }
    }

    /// Places, the previous and next meetings, the host, the party lists: what is read from a
    /// sentence's structure.
    fn read_structure(&mut self, level: Level) {
        let meeting_date = self
            .dates
            .as_ref()
            .and_then(|(d, dmy)| format_dates(d, if *dmy { "dmy" } else { "long" }));
        let heads = self.ordinal_heads();
        let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        for p in 0..self.paras.len() {
            let text = self.paras[p].text.clone();
            for sentence in crate::archive::sentences::split(&text) {
                let s = &text[sentence.clone()];
                let at = sentence.start;
                // The meeting's place, next to its date.
                if self.city.is_empty()
                    && let Some(date) = &meeting_date
                    && let Some(d) = s.find(date.as_str())
                    && let Some(place) = place_near(s, d, d + date.len())
                {
                    self.set_meeting_place(p, at, s, place);
                }
                if level == Level::Full {
                    for (r, n, _) in scan::meeting_ordinals(s, &heads) {
                        if n + 1 == self.number && self.previous.is_none() && n >= 1 {
                            self.read_previous(p, at, s, r.end, n, meeting_date.as_deref());
                        } else if n == self.number + 1 && self.next.is_none() {
                            self.read_next(p, at, s, r.end);
                        }
                    }
                }
                if s.contains("co-chair") || s.contains("participant") {
                    self.read_lists(p, at, s);
                }
            }
        }
        self.host = self.find_host();
        if self.city.is_empty() {
            // No place found: the host's country stands in, so the inputs stay valid.
            self.city = self.parties[self.host]
                .country
                .clone()
                .unwrap_or_else(|| self.parties[self.host].name.clone());
        }
    }

    fn set_meeting_place(&mut self, p: usize, at: usize, s: &str, place: Range<usize>) {
        let (city, country) = self.split_country(&s[place.clone()]);
        let expr = if country.is_some() {
            "{{meeting.city}}, {{meeting.country}}"
        } else {
            "{{meeting.city}}"
        };
        self.city = city;
        self.country = country;
        self.paras[p]
            .spans
            .push(structural(at + place.start..at + place.end, expr));
    }

    /// "This follows the First Comprehensive Dialogue, held on March 11, 2013 in Tokyo, Japan."
    fn read_previous(
        &mut self,
        p: usize,
        at: usize,
        s: &str,
        from: usize,
        n: u32,
        meeting_date: Option<&str>,
    ) {
        let Some((date_range, days)) = scan::dates(s).into_iter().find_map(|(r, d)| match d {
            DateText::Days { days, dmy: false } if Some(&s[r.clone()]) != meeting_date => {
                Some((r, days))
            }
            DateText::Days { .. } | DateText::MonthYear => None,
        }) else {
            return;
        };
        let Some(place) =
            place_near(s, date_range.start, date_range.end).filter(|r| r.start >= from)
        else {
            return;
        };
        let (city, country) = self.split_country(&s[place.clone()]);
        let expr = if country.is_some() {
            "{{previous.city}}, {{previous.country}}"
        } else {
            "{{previous.city}}"
        };
        self.paras[p]
            .spans
            .push(structural(at + place.start..at + place.end, expr));
        self.previous = Some(Previous {
            number: n,
            days,
            city,
            country,
        });
    }

    /// "… holding the third meeting of the Dialogue in Tokyo in the first half of 2015."
    fn read_next(&mut self, p: usize, at: usize, s: &str, from: usize) {
        let Some(i) = s[from..].find(" in ").map(|i| from + i + 4) else {
            return;
        };
        let Some(place) = scan::place_at(s, i) else {
            return;
        };
        let Some(t) = s[place.end..].strip_prefix(" in ") else {
            return;
        };
        let t_start = s.len() - t.len();
        let t_end = s.trim_end().trim_end_matches('.').len();
        if t_end <= t_start {
            return;
        }
        self.paras[p].spans.push(structural(
            at + place.start..at + place.end,
            "{{next.city}}",
        ));
        self.paras[p]
            .spans
            .push(structural(at + t_start..at + t_end, "{{next.timing}}"));
        self.next = Some(Next {
            city: s[place].to_owned(),
            timing: s[t_start..t_end].to_owned(),
        });
    }

    /// "Tokyo, Japan" -> ("Tokyo", Some("Japan")) when Japan is a party's country.
    fn split_country(&self, place: &str) -> (String, Option<String>) {
        if let Some((city, country)) = place.rsplit_once(", ")
            && self
                .parties
                .iter()
                .any(|p| p.country.as_deref() == Some(country))
        {
            return (city.to_owned(), Some(country.to_owned()));
        }
        (place.to_owned(), None)
    }

    /// The host: the party whose country the meeting was in, else the other one than the
    /// previous meeting's host (hosts alternate), else the first.
    fn find_host(&self) -> usize {
        let by_country = |c: &str| {
            self.parties
                .iter()
                .position(|p| p.country.as_deref() == Some(c))
        };
        if let Some(i) = self.country.as_deref().and_then(by_country) {
            return i;
        }
        if let Some(i) = self
            .previous
            .as_ref()
            .and_then(|p| p.country.as_deref())
            .and_then(by_country)
        {
            return 1 - i;
        }
        0
    }

    /// Co-chair and participant lists: each list ends at a side marker ("from the Japanese
    /// side", "for the United States") and starts after an introducer ("representatives from",
    /// "were") or after the previous marker's "and".
    fn read_lists(&mut self, p: usize, at: usize, s: &str) {
        let kind_is_chairs = s.contains("co-chair");
        let mut markers: Vec<(Range<usize>, usize, Range<usize>, &'static str)> = Vec::new();
        for (k, party) in self.parties.iter().enumerate() {
            for prefix in ["from the ", "for the ", "on the "] {
                let phrase = format!("{prefix}{} side", party.adjective);
                for r in scan::find_words(s, &phrase) {
                    let adj =
                        r.start + prefix.len()..r.start + prefix.len() + party.adjective.len();
                    markers.push((r, k, adj, "adjective"));
                }
            }
            let phrase = format!("for {}", party.name);
            for r in scan::find_words(s, &phrase) {
                let after = &s[r.end..];
                if after.is_empty()
                    || after.starts_with(['.', ',', ';'])
                    || after.starts_with(" and ")
                {
                    let name = r.start + 4..r.end;
                    markers.push((r, k, name, "name"));
                }
            }
        }
        markers.sort_by_key(|m| m.0.start);
        markers.dedup_by_key(|m| m.0.start);
        let mut prev_end = 0;
        for (range, k, word, field) in markers {
            let segment = &s[prev_end..range.start];
            let start = list_start(segment, prev_end == 0).map(|o| prev_end + o);
            prev_end = range.end;
            let Some(start) = start else { continue };
            let list = s[start..range.start].trim_end();
            if list.is_empty() {
                continue;
            }
            let end = start + list.len();
            let side = ["first", "second"][k];
            let party = &mut self.parties[k];
            let (items, style) = scan::split_list(list);
            let (field_name, taken) = if kind_is_chairs {
                ("co_chairs", !party.co_chairs.is_empty())
            } else {
                ("participants", !party.participants.is_empty())
            };
            if taken {
                continue;
            }
            let many = items.len() > 2;
            let style_expr = match (party.list_style, many) {
                (_, false) => format!("style={side}.list_style"),
                (None, true) => {
                    party.list_style = Some(style);
                    format!("style={side}.list_style")
                }
                (Some(s0), true) if s0 == style => format!("style={side}.list_style"),
                (Some(_), true) => format!("style=\"{}\"", style_name(style)),
            };
            if kind_is_chairs {
                party.co_chairs = items;
            } else {
                party.participants = items;
            }
            self.paras[p].spans.push(structural(
                at + start..at + end,
                &format!("{{{{join {side}.{field_name} {style_expr}}}}}"),
            ));
            self.paras[p].spans.push(structural(
                at + word.start..at + word.end,
                &format!("{{{{{side}.{field}}}}}"),
            ));
        }
    }

    /// Words after which an ordinal names a meeting.
    fn ordinal_heads(&self) -> Vec<String> {
        let mut heads: Vec<String> = ["Meeting", "meeting", "Session", "session", "Round", "round"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        heads.extend(self.series.split(' ').next().map(str::to_owned));
        heads.extend(self.brief_name.clone());
        heads
    }

    /// Matches of known strings in every paragraph: ordinals, dates, the pair, governments,
    /// sides, series names.
    fn read_spans(&mut self) {
        let heads = self.ordinal_heads();
        let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        let meeting_days = self.dates.clone();
        let previous_days = self.previous.as_ref().map(|p| p.days.clone());
        for para in &mut self.paras {
            let text = para.text.clone();
            let mut found: Vec<Span> = Vec::new();
            for (r, n, form) in scan::meeting_ordinals(&text, &heads) {
                let what = if n == self.number {
                    Some("meeting")
                } else if n + 1 == self.number && self.previous.is_some() {
                    Some("previous")
                } else if n == self.number + 1 && self.next.is_some() {
                    Some("next")
                } else {
                    None
                };
                if let Some(what) = what {
                    found.push(matched(
                        r,
                        &format!("{{{{{} {what}.number}}}}", form.helper()),
                    ));
                }
            }
            let mut k = 0;
            for (r, d) in scan::dates(&text) {
                match d {
                    DateText::Days { days, dmy }
                        if meeting_days
                            .as_ref()
                            .is_some_and(|(m, mdmy)| *m == days && *mdmy == dmy) =>
                    {
                        let style = if dmy { " style=\"dmy\"" } else { "" };
                        found.push(matched(r, &format!("{{{{date meeting.dates{style}}}}}")));
                    }
                    DateText::Days { days, dmy: false }
                        if previous_days.as_ref() == Some(&days) =>
                    {
                        found.push(matched(r, "{{date previous.dates}}"));
                    }
                    DateText::Days { .. } | DateText::MonthYear => {
                        k += 1;
                        let name = format!("date_{k}");
                        found.push(Span {
                            expr: format!("{{{{{name}}}}}"),
                            value: Some((name, text[r.clone()].to_owned())),
                            range: r,
                            structural: false,
                        });
                    }
                }
            }
            if self.parties_found {
                let pair = format!(
                    "{}-{}",
                    self.parties[0].short_name, self.parties[1].short_name
                );
                for r in scan::find_words(&text, &pair) {
                    found.push(matched(r, "{{pair}}"));
                }
                for sentence in crate::archive::sentences::split(&text) {
                    let s = &text[sentence.clone()];
                    let capital = |g: &str| crate::templates::capitalize(g);
                    let both = self
                        .parties
                        .iter()
                        .all(|p| s.contains(&p.government) || s.contains(&capital(&p.government)));
                    for (k, party) in self.parties.iter().enumerate() {
                        let who = if both {
                            ["first", "second"][k].to_owned()
                        } else {
                            format!("parties.{}", party.key)
                        };
                        for r in scan::find_words(s, &party.government) {
                            found.push(matched(
                                shift(r, sentence.start),
                                &format!("{{{{{who}.government}}}}"),
                            ));
                        }
                        // "The Government of …" opening a sentence.
                        for r in scan::find_words(s, &capital(&party.government)) {
                            found.push(matched(
                                shift(r, sentence.start),
                                &format!("{{{{capitalize {who}.government}}}}"),
                            ));
                        }
                        let side = format!("the {} side", party.adjective);
                        for r in scan::find_words(s, &side) {
                            let adj = r.start + 4..r.start + 4 + party.adjective.len();
                            found.push(matched(
                                shift(adj, sentence.start),
                                &format!("{{{{parties.{}.adjective}}}}", party.key),
                            ));
                        }
                    }
                }
            }
            for r in scan::find_words(&text, &self.series) {
                found.push(matched(r, "{{series.name}}"));
            }
            if let Some(short) = &self.short_name {
                for r in scan::find_words(&text, short) {
                    found.push(matched(r, "{{series.short_name}}"));
                }
            }
            if let Some(brief) = &self.brief_name {
                for r in scan::find_words(&text, brief) {
                    found.push(matched(r, "{{series.brief_name}}"));
                }
            }
            para.spans.extend(found);
            para.spans = choose(std::mem::take(&mut para.spans));
        }
    }

    /// Clause ids: the usual names for the opening, co-chairs and closing paragraphs, else the
    /// paragraph's first acronym in brackets, else its first content words.
    fn name_clauses(&mut self, opts: &ExtractOptions) {
        let mut used: Vec<String> = Vec::new();
        for para in &mut self.paras {
            let has = |e: &str| para.spans.iter().any(|s| s.expr.contains(e));
            let base = if has("meeting.dates") && has("meeting.city") {
                "opening".to_owned()
            } else if has(".co_chairs") || has(".participants") {
                "co-chairs".to_owned()
            } else if has("next.city") {
                "next-meeting".to_owned()
            } else {
                slug(&para.text, &self.series)
            };
            let base = format!("{}{base}", opts.prefix);
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.push(id.clone());
            para.id = id;
        }
    }

    /// The files this plan proposes.
    fn render(&self, opts: &ExtractOptions) -> Extraction {
        let clauses = self
            .paras
            .iter()
            .map(|p| ExtractedClause {
                id: p.id.clone(),
                text: clause_file(p, opts),
            })
            .collect();
        let heading = self.heading_lines();
        let embedded = embedded_statement();
        let statement = if embedded.contains(&heading) && !heading.is_empty() {
            None
        } else {
            Some(skeleton(&heading, embedded, &opts.label))
        };
        Extraction {
            meeting_toml: self.meeting_toml(opts),
            clauses,
            statement,
            notes: Vec::new(),
        }
    }

    /// The heading block as skeleton lines (`# … {.title}` …).
    fn heading_lines(&self) -> String {
        let mut out = String::new();
        if let Some(t) = &self.title {
            out.push_str(&format!("# {} {{.title}}\n\n", literal(t)));
        }
        if let Some(s) = &self.subtitle {
            let line = if self.subtitle_fits && !self.heading_literal {
                "The {{Ordinal meeting.number}} Meeting of the {{pair}} {{series.name}}".to_owned()
            } else {
                literal(s)
            };
            out.push_str(&format!("## {line} {{.subtitle}}\n\n"));
        }
        if let Some(d) = &self.date_line {
            let line = match (&self.dates, self.heading_literal) {
                (Some((_, false)), false) => "{{date meeting.dates}}".to_owned(),
                (Some((_, true)), false) => "{{date meeting.dates style=\"dmy\"}}".to_owned(),
                (Some(_) | None, true) | (None, false) => literal(d),
            };
            out.push_str(&format!("### {line} {{.date}}\n\n"));
        }
        out
    }

    fn meeting_toml(&self, opts: &ExtractOptions) -> String {
        let mut t = String::new();
        t.push_str(&format!(
            "# Extracted from {} by `chancery clauses extract`.\n# Review the parties, lists and values; `chancery build` on this folder rebuilds the statement.\n\n",
            opts.label
        ));
        t.push_str(&format!("[series]\nname = {}\n", q(&self.series)));
        if let Some(s) = &self.short_name {
            t.push_str(&format!("short_name = {}\n", q(s)));
        }
        if let Some(b) = &self.brief_name {
            t.push_str(&format!("brief_name = {}\n", q(b)));
        }
        t.push_str(&format!("\n[meeting]\nnumber = {}\n", self.number));
        if let Some((days, _)) = &self.dates {
            t.push_str(&format!("date = {}\n", dates_toml(days)));
        }
        t.push_str(&format!("city = {}\n", q(&self.city)));
        let host = &self.parties[self.host];
        if let Some(c) = &self.country
            && host.country.as_deref() != Some(c)
        {
            t.push_str(&format!("country = {}\n", q(c)));
        }
        t.push_str(&format!("host = {}\n", q(&host.key)));
        for p in &self.parties {
            t.push_str(&format!(
                "\n[[parties]]\nkey = {}\nname = {}\nshort_name = {}\nadjective = {}\ngovernment = {}\n",
                q(&p.key),
                q(&p.name),
                q(&p.short_name),
                q(&p.adjective),
                q(&p.government)
            ));
            if let Some(c) = &p.country {
                t.push_str(&format!("country = {}\n", q(c)));
            }
            for (field, items) in [
                ("co_chairs", &p.co_chairs),
                ("participants", &p.participants),
            ] {
                if !items.is_empty() {
                    t.push_str(&format!("{field} = [\n"));
                    for i in items {
                        t.push_str(&format!("  {},\n", q(i)));
                    }
                    t.push_str("]\n");
                }
            }
            if let Some(s) = p.list_style {
                t.push_str(&format!("list_style = {}\n", q(style_name(s))));
            }
        }
        if let Some(prev) = &self.previous {
            t.push_str(&format!(
                "\n[previous]\nnumber = {}\ndate = {}\ncity = {}\n",
                prev.number,
                dates_toml(&prev.days),
                q(&prev.city)
            ));
            if let Some(c) = &prev.country {
                t.push_str(&format!("country = {}\n", q(c)));
            }
        }
        if let Some(next) = &self.next {
            t.push_str(&format!(
                "\n[next]\ncity = {}\ntiming = {}\n",
                q(&next.city),
                q(&next.timing)
            ));
        }
        for p in &self.paras {
            t.push_str(&format!("\n[[body]]\nclause = {}\n", q(&p.id)));
            let values: Vec<String> = p
                .spans
                .iter()
                .filter(|_| !p.literal)
                .filter_map(|s| s.value.as_ref())
                .map(|(k, v)| format!("{k} = {}", q(v)))
                .collect();
            if !values.is_empty() {
                t.push_str(&format!("values = {{ {} }}\n", values.join(", ")));
            }
        }
        t
    }

    /// What the user should review.
    fn notes(&self, level: Level) -> Vec<String> {
        let mut notes = Vec::new();
        match level {
            Level::Full => {}
            Level::NoLinks => notes.push(
                "the previous and next meetings could not be read as valid inputs; they stay wording".to_owned(),
            ),
            Level::Literal => notes.push(
                "no values rebuilt the statement exactly; every paragraph is kept as written".to_owned(),
            ),
        }
        if !self.parties_found {
            notes.push("no party pair (\"Japan-U.S.\") in the subtitle: the parties are placeholders; edit them".to_owned());
        }
        if self.heading_literal && level != Level::Literal {
            notes
                .push("the heading block is kept as written in templates/statement.hbs".to_owned());
        }
        if self.dates.is_none() {
            notes.push("no date line: set [meeting] date".to_owned());
        }
        if level != Level::Literal {
            for p in self.paras.iter().filter(|p| p.literal) {
                notes.push(format!(
                    "paragraph {} (clause `{}`) is kept as written: its values did not rebuild it exactly",
                    p.number, p.id
                ));
            }
        }
        notes
    }
}

fn structural(range: Range<usize>, expr: &str) -> Span {
    Span {
        range,
        expr: expr.to_owned(),
        value: None,
        structural: true,
    }
}

fn matched(range: Range<usize>, expr: &str) -> Span {
    Span {
        range,
        expr: expr.to_owned(),
        value: None,
        structural: false,
    }
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// Non-overlapping spans: structural ones first, then longer matches; in text order.
fn choose(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| {
        (
            !a.structural,
            std::cmp::Reverse(a.range.len()),
            a.range.start,
        )
            .cmp(&(
                !b.structural,
                std::cmp::Reverse(b.range.len()),
                b.range.start,
            ))
    });
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        if s.range.is_empty()
            || out
                .iter()
                .any(|o| o.range.start < s.range.end && s.range.start < o.range.end)
        {
            continue;
        }
        out.push(s);
    }
    out.sort_by_key(|s| s.range.start);
    // Paragraph-own values are numbered in text order.
    let mut k = 0;
    for s in &mut out {
        if let Some((name, _)) = &mut s.value {
            k += 1;
            *name = format!("date_{k}");
            s.expr = format!("{{{{{name}}}}}");
        }
    }
    out
}

/// Where a list begins in `segment` (the text between the previous marker and this one):
/// after an introducer, else after a leading "and".
fn list_start(segment: &str, first: bool) -> Option<usize> {
    for intro in [
        "representatives from ",
        "representatives of ",
        "participants were ",
        "participants included ",
        " were ",
        " included ",
        " by ",
        " from ",
    ] {
        if let Some(i) = segment.find(intro) {
            return Some(i + intro.len());
        }
    }
    if first {
        return None;
    }
    for lead in [", and ", " and ", ", "] {
        if let Some(rest) = segment.strip_prefix(lead) {
            return Some(segment.len() - rest.len());
        }
    }
    None
}

/// The place named next to a date: "in <Place> on <date>" or "on <date> in <Place>".
fn place_near(s: &str, date_start: usize, date_end: usize) -> Option<Range<usize>> {
    let before = &s[..date_start];
    if let Some(b) = before
        .strip_suffix(", on ")
        .or_else(|| before.strip_suffix(" on "))
    {
        // Walk back to the last " in " before the date and read the place from there.
        if let Some(i) = b.rfind(" in ") {
            let place = scan::place_at(s, i + 4)?;
            if place.end == b.len() {
                return Some(place);
            }
        }
    }
    let after = &s[date_end..];
    let rest = after
        .strip_prefix(" in ")
        .or_else(|| after.strip_prefix(", in "))?;
    scan::place_at(s, s.len() - rest.len())
}

/// "The Second Meeting of the Japan-U.S. Comprehensive Dialogue on Space" -> (2, "Japan",
/// "U.S.", "Comprehensive Dialogue on Space"). The second party's short name is as few words
/// as leave a series name that the body uses.
fn parse_subtitle(subtitle: &str, body: &str) -> Option<(u32, String, String, String)> {
    let rest = subtitle.strip_prefix("The ")?;
    let (ordinal, rest) = rest.split_once(' ')?;
    let (n, form) = scan::ordinal_number(ordinal)?;
    if form != OrdinalForm::Capital {
        return None;
    }
    let rest = rest.strip_prefix("Meeting of the ")?;
    let (a, rest) = rest.split_once('-')?;
    let words: Vec<&str> = rest.split(' ').collect();
    if words.len() < 2 || a.is_empty() {
        return None;
    }
    let k = (1..words.len())
        .find(|&k| body.contains(&words[k..].join(" ")))
        .unwrap_or(1);
    Some((n, a.to_owned(), words[..k].join(" "), words[k..].join(" ")))
}

/// The first "<Ordinal> Meeting" of the body, for a statement without the usual subtitle.
fn first_meeting_ordinal(all: &str) -> Option<u32> {
    scan::meeting_ordinals(all, &["Meeting", "meeting"])
        .first()
        .map(|(_, n, _)| *n)
}

/// A date line as days: "May 9, 2014", "9 May 2014", "August 26 and 27, 2024".
fn whole_date(line: &str) -> Option<(Vec<SimpleDate>, bool)> {
    let line = line.trim();
    match scan::dates(line).into_iter().next() {
        Some((r, DateText::Days { days, dmy })) if r == (0..line.len()) => Some((days, dmy)),
        Some((_, DateText::Days { .. } | DateText::MonthYear)) | None => None,
    }
}

/// The parties from their short names as the pair writes them ("Japan", "U.S."), read from
/// the body: governments ("the Government of …"), names in running text, adjectives ("the
/// Japanese side"). A phrase that names a party (it holds the short name, or its initials
/// spell it) goes to that party; what is left goes by order of appearance.
fn read_parties(shorts: [&str; 2], all: &str) -> [Party; 2] {
    let mut governments: Vec<String> = Vec::new();
    for (i, _) in all
        .match_indices("the Government of ")
        .chain(all.match_indices("The Government of "))
    {
        if let Some(g) = government_at(all, i)
            && !governments.contains(&g)
        {
            governments.push(g);
        }
    }
    // Order of appearance, as read.
    governments.sort_by_key(|g| all.find(g.as_str()).unwrap_or(usize::MAX));
    let government = assign(&shorts, &governments, |g, short| {
        names_party(g.trim_start_matches("the Government of "), short)
    });
    let adjectives = sides(all);
    let adjective = assign(&shorts, &adjectives, |adj, short| {
        let stem: String = short.chars().take(4).collect();
        adj == short || (stem.chars().count() == 4 && adj.starts_with(&stem))
    });
    let adjective = {
        // Left over: "French" for "France", by their first two letters.
        let mut adjective = adjective;
        for k in 0..2 {
            if adjective[k].is_none() {
                let two: String = shorts[k].chars().take(2).collect();
                adjective[k] = adjectives
                    .iter()
                    .find(|a| a.starts_with(&two) && !adjective.contains(&Some((*a).clone())))
                    .cloned();
            }
        }
        adjective
    };
    let mut out = [0, 1].map(|k| {
        let short = shorts[k];
        let government = government[k]
            .clone()
            .unwrap_or_else(|| format!("the Government of {short}"));
        let phrase = government
            .strip_prefix("the Government of ")
            .unwrap_or(short)
            .to_owned();
        let used_alone = |name: &str| {
            scan::find_words(all, name).iter().any(|r| {
                !all[..r.start].ends_with("Government of ")
                    && !all[r.end..].starts_with('-')
                    && !all[..r.start].ends_with('-')
            })
        };
        // "the United States of America" is "the United States" in running text.
        let short_form = phrase
            .split_once(" of ")
            .map(|(a, _)| a.to_owned())
            .filter(|a| a.starts_with("the "));
        let name = match short_form {
            Some(s) if used_alone(&s) => s,
            Some(_) | None if !scan::is_abbreviation(short) && used_alone(short) => {
                short.to_owned()
            }
            Some(_) | None => phrase,
        };
        let country = if !name.starts_with("the ") {
            Some(name.clone())
        } else if !scan::is_abbreviation(short) {
            Some(short.to_owned())
        } else {
            None
        };
        Party {
            key: party_key(short),
            name,
            short_name: short.to_owned(),
            adjective: adjective[k].clone().unwrap_or_else(|| short.to_owned()),
            government,
            country,
            co_chairs: Vec::new(),
            participants: Vec::new(),
            list_style: None,
        }
    });
    if out[0].key == out[1].key {
        out[1].key.push('2');
    }
    out
}

/// Give each party the phrase that `fits` it, then the phrases left over in order.
fn assign(
    shorts: &[&str; 2],
    phrases: &[String],
    fits: impl Fn(&str, &str) -> bool,
) -> [Option<String>; 2] {
    let mut out: [Option<String>; 2] = [None, None];
    for k in 0..2 {
        out[k] = phrases
            .iter()
            .find(|p| fits(p, shorts[k]) && !fits(p, shorts[1 - k]))
            .cloned();
    }
    if out[0].is_some() && out[0] == out[1] {
        out[1] = None;
    }
    let rest: Vec<String> = phrases
        .iter()
        .filter(|p| !out.contains(&Some((*p).clone())))
        .filter(|p| !shorts.iter().any(|s| fits(p, s)))
        .cloned()
        .collect();
    let mut rest = rest.iter();
    for slot in &mut out {
        if slot.is_none() {
            *slot = rest.next().cloned();
        }
    }
    out
}

fn placeholder_party(key: &str, name: &str) -> Party {
    Party {
        key: key.to_owned(),
        name: name.to_owned(),
        short_name: name.to_owned(),
        adjective: name.to_owned(),
        government: format!("the Government of {name}"),
        country: None,
        co_chairs: Vec::new(),
        participants: Vec::new(),
        list_style: None,
    }
}

/// "the Government of " at `i`, and the capitalised words after it ("of" and "the" inside).
fn government_at(all: &str, i: usize) -> Option<String> {
    let start = i + "the Government of ".len();
    let line_end = all[start..].find('\n').map_or(all.len(), |j| start + j);
    let mut end = start;
    let mut words = all[start..line_end].split(' ').peekable();
    let mut at = start;
    while let Some(w) = words.next() {
        let clean = w.trim_end_matches([',', '.', ';', ':']);
        let capital = clean.chars().next().is_some_and(char::is_uppercase);
        let joiner = matches!(clean, "of" | "the")
            && clean.len() == w.len()
            && words
                .peek()
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
        if capital {
            end = at + clean.len();
            if clean.len() != w.len() {
                break;
            }
        } else if !joiner {
            break;
        }
        at += w.len() + 1;
    }
    (end > start).then(|| format!("the {}", &all[i + 4..end]))
}

/// Whether a country phrase names the party with this short name: it contains it ("Japan"),
/// or its capitalised words' initials spell it ("United States of America" for "U.S.").
fn names_party(phrase: &str, short: &str) -> bool {
    if phrase.contains(short) {
        return true;
    }
    let letters: String = short.chars().filter(|c| c.is_alphabetic()).collect();
    let initials: String = phrase
        .split(' ')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    letters.len() >= 2 && initials.starts_with(&letters)
}

/// The adjectives of "the <Adjective> side" in the body.
fn sides(all: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let ends = all
        .match_indices(" side")
        .chain(all.match_indices(" delegation"))
        .filter(|(i, m)| scan::ends_word(all, i + m.len()))
        .map(|(i, _)| i);
    let mut ends: Vec<usize> = ends.collect();
    ends.sort_unstable();
    for i in ends {
        let before = &all[..i];
        let Some(the) = before.rfind("the ").max(before.rfind("The ")) else {
            continue;
        };
        let adj = &before[the + 4..];
        let ok = !adj.is_empty()
            && adj.split(' ').count() <= 2
            && adj
                .split(' ')
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if ok && !out.iter().any(|a| a == adj) {
            out.push(adj.to_owned());
        }
    }
    out
}

/// A party key from its short name: the usual two letters for a few countries, else its
/// letters in lower case ("U.S." -> "us").
fn party_key(short: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("Japan", "jp"),
        ("France", "fr"),
        ("Germany", "de"),
        ("India", "in"),
        ("Australia", "au"),
        ("Canada", "ca"),
        ("China", "cn"),
        ("Korea", "kr"),
        ("Italy", "it"),
        ("Brazil", "br"),
        ("Mexico", "mx"),
    ];
    if let Some((_, k)) = KNOWN.iter().find(|(n, _)| *n == short) {
        return (*k).to_owned();
    }
    let key: String = short
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect();
    if key.is_empty() {
        "party".to_owned()
    } else {
        key
    }
}

fn style_name(style: ListStyle) -> &'static str {
    match style {
        ListStyle::Comma => "comma",
        ListStyle::Oxford => "oxford",
        ListStyle::Semicolon => "semicolon",
    }
}

/// A clause id from a paragraph: its first bracketed acronym ("(SSA)" -> `ssa`), else its first
/// three content words.
fn slug(text: &str, series: &str) -> String {
    let first = crate::archive::sentences::split(text)
        .first()
        .map_or(text, |r| &text[r.clone()]);
    if let Some(acronym) = first.split('(').skip(1).find_map(|rest| {
        let inner = rest.split(')').next()?;
        (inner.len() >= 2
            && inner.len() <= 8
            && inner.chars().all(|c| c.is_ascii_alphanumeric())
            && inner.chars().filter(char::is_ascii_uppercase).count() >= 2)
            .then(|| inner.to_ascii_lowercase())
    }) {
        return acronym;
    }
    const SKIP: &[&str] = &[
        "both", "sides", "side", "the", "a", "an", "of", "and", "or", "to", "in", "on", "at",
        "for", "with", "by", "from", "as", "this", "that", "these", "their", "its", "our", "also",
        "which", "will", "would", "be", "is", "are", "was", "were", "has", "have", "had", "it",
        "we", "they", "two", "given", "meeting",
    ];
    let series: Vec<String> = series.split(' ').map(str::to_lowercase).collect();
    let words: Vec<String> = first
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|w| {
            w.len() > 1
                && !w.chars().all(|c| c.is_ascii_digit())
                && !SKIP.contains(&w.as_str())
                && !series.contains(w)
                && scan::ordinal_number(w).is_none()
        })
        .take(3)
        .collect();
    if words.is_empty() {
        "paragraph".to_owned()
    } else {
        words.join("-")
    }
}

/// A clause file: front matter and the paragraph as a template.
fn clause_file(p: &Para, opts: &ExtractOptions) -> String {
    let preview: Vec<&str> = p.text.split_whitespace().take(8).collect();
    let ellipsis = if p.text.split_whitespace().count() > 8 {
        "\u{2026}"
    } else {
        ""
    };
    let mut out = format!(
        "+++\nid = {}\ntitle = {}\ntopic = \"extracted\"\nstatus = \"agreed\"\ndescription = {}\n+++\n",
        q(&p.id),
        q(&format!("{}{ellipsis}", preview.join(" "))),
        q(&format!(
            "Paragraph {} of {}, as adopted.",
            p.number, opts.label
        )),
    );
    out.push_str(&block_prefix(&p.kind));
    let mut at = 0;
    if !p.literal {
        for s in &p.spans {
            out.push_str(&escape_wording(&p.text[at..s.range.start], at == 0));
            out.push_str(&s.expr);
            at = s.range.end;
        }
    }
    out.push_str(&escape_wording(&p.text[at..], at == 0));
    out.push_str(block_suffix(&p.kind));
    out.push('\n');
    out
}

fn block_prefix(kind: &BlockKind) -> String {
    match kind {
        BlockKind::Heading { level } => format!("{} ", "#".repeat(usize::from(*level))),
        BlockKind::ListItem {
            ordered: true,
            number,
        } => format!("{number}. "),
        BlockKind::ListItem { ordered: false, .. } => "- ".to_owned(),
        BlockKind::DoneAt => "### ".to_owned(),
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Signatures { .. }
        | BlockKind::PageBreak => String::new(),
    }
}

fn block_suffix(kind: &BlockKind) -> &'static str {
    match kind {
        BlockKind::DoneAt => " {.done-at}",
        BlockKind::Title
        | BlockKind::Subtitle
        | BlockKind::DateLine
        | BlockKind::Paragraph
        | BlockKind::Heading { .. }
        | BlockKind::ListItem { .. }
        | BlockKind::Signatures { .. }
        | BlockKind::PageBreak => "",
    }
}

/// Wording as a clause body holds it: Markdown and handlebars syntax escaped, and no more, so
/// the clause reads as the text it is. At the start of a paragraph, what would open a block
/// (a heading, a list, a quote) is escaped too.
fn escape_wording(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let opens_block = at_start
            && i == 0
            && (matches!(c, '#' | '>' | '-' | '+' | '=' | '|' | '~')
                || (c.is_ascii_digit() && list_number(text)));
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ if opens_block && !c.is_ascii_digit() => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if opens_block && c.is_ascii_digit() {
            // "1. Both sides": escape the full stop after the number instead.
            let digits = text.len() - text.trim_start_matches(|d: char| d.is_ascii_digit()).len();
            out.push_str(&text[1..digits]);
            out.push('\\');
            return out + &escape_wording(&text[digits..], false);
        }
    }
    out
}

/// "12. " or "3) " at the start: Markdown would read an ordered list.
fn list_number(text: &str) -> bool {
    let rest = text.trim_start_matches(|d: char| d.is_ascii_digit());
    rest.len() < text.len() && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// Text as written in a heading line: everything that could be syntax escaped.
fn literal(text: &str) -> String {
    crate::templates::escape_markdown(text)
}

/// A statement skeleton with this heading block and the default body and signatures.
fn skeleton(heading: &str, embedded: &str, label: &str) -> String {
    let body = embedded
        .find("{.date}\n")
        .map_or(embedded, |i| &embedded[i + "{.date}\n".len()..]);
    format!(
        "{{{{!-- Statement skeleton extracted from {label}: its heading block, then the default body. --}}}}\n{heading}{}",
        body.trim_start_matches('\n')
    )
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dates_toml(days: &[SimpleDate]) -> String {
    match days {
        [one] => q(&one.to_string()),
        _ => format!(
            "[{}]",
            days.iter()
                .map(|d| q(&d.to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The outcome of rebuilding an extraction.
enum Check {
    Exact,
    /// Which text blocks came out differently: the heading block, and body paragraphs
    /// (0-based over the body).
    Differs {
        heading: bool,
        paragraphs: Vec<usize>,
    },
    /// The inputs or templates do not validate.
    Invalid(String),
}

/// No previous draft is ever read: extracted inputs give the previous meeting by its values.
struct NoFiles;

impl Sources for NoFiles {
    fn read_text(&self, path: &Path) -> std::io::Result<String> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("`{}` is not read during extraction", path.display()),
        ))
    }
}

/// Assemble the extraction as `chancery build` would and compare its text with `expected`.
fn check(ex: &Extraction, expected: &[String], heading_len: usize) -> Check {
    let file = Path::new("extracted/meeting.toml");
    let draft = match Draft::parse(file, &ex.meeting_toml, &NoFiles) {
        Ok(d) => d,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let mut sources = embedded_sources();
    sources.extend(ex.clauses.iter().map(|c| ClauseSource {
        file: PathBuf::from(format!("templates/clauses/{}.md", c.id)),
        text: c.text.clone(),
        origin: ClauseOrigin::Workspace,
    }));
    let clauses = match ClauseLibrary::load(&sources) {
        Ok(c) => c,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let set = TemplateSet {
        statement_file: PathBuf::from("templates/statement.hbs"),
        statement: ex
            .statement
            .clone()
            .unwrap_or_else(|| embedded_statement().to_owned()),
        clauses,
    };
    let assembled = match assemble(&draft, &set, &AssembleOptions::default()) {
        Ok(a) => a,
        Err(diags) => return Check::Invalid(first_error(&diags)),
    };
    let got: Vec<String> = assembled
        .document
        .blocks
        .iter()
        .filter(|b| b.is_textual())
        .map(|b| block_text(b, &TextOptions::default()))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if got == expected {
        return Check::Exact;
    }
    let body_len = expected.len() - heading_len;
    let got_heading_len = assembled
        .document
        .blocks
        .iter()
        .filter(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::DateLine
            )
        })
        .count();
    let heading = got_heading_len != heading_len
        || got[..got_heading_len.min(got.len())] != expected[..heading_len];
    let paragraphs: Vec<usize> = if got.len() == expected.len() && got_heading_len == heading_len {
        (0..body_len)
            .filter(|&i| got[heading_len + i] != expected[heading_len + i])
            .collect()
    } else {
        (0..body_len).collect()
    };
    Check::Differs {
        heading,
        paragraphs,
    }
}

fn first_error(diags: &[crate::error::Diagnostic]) -> String {
    diags
        .iter()
        .find(|d| d.is_error())
        .map_or_else(|| "invalid inputs".to_owned(), |d| d.message.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wording keeps its punctuation readable; only syntax is escaped.
    #[test]
    fn escapes_only_syntax() {
        assert_eq!(
            escape_wording("Both sides (SSA) re-affirmed \"two-way\" *x* {{y}}.", true),
            "Both sides (SSA) re-affirmed \"two-way\" \\*x\\* \\{\\{y\\}\\}."
        );
        assert_eq!(escape_wording("# not a heading", true), "\\# not a heading");
        assert_eq!(escape_wording("12. Item", true), "12\\. Item");
        assert_eq!(escape_wording("- x", false), "- x");
    }

    // Governments are read with their inner "of the", and stop before "and".
    #[test]
    fn governments() {
        let all = "the Government of Japan and the Government of the United States of America held";
        assert_eq!(
            government_at(all, 0).as_deref(),
            Some("the Government of Japan")
        );
        let i = all.find("the Government of the").unwrap();
        assert_eq!(
            government_at(all, i).as_deref(),
            Some("the Government of the United States of America")
        );
        assert!(names_party("the United States of America", "U.S."));
        assert!(!names_party("Japan", "U.S."));
    }
}
