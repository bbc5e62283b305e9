//! Reading a statement: the facts of its meeting (number, date, place, parties and their lists,
//! previous and next meetings, series names) and, for each paragraph, the stretches that become
//! template expressions. Heuristics over the genre's phrasing; [`super::extract`] checks the
//! outcome by assembling it, so a wrong guess costs a value, never the text.

use std::ops::Range;

use super::scan::{self, DateText, OrdinalForm};
use super::{ExtractOptions, Level};
use crate::document::{Block, BlockKind, SimpleDate};
use crate::wording::ListStyle;
use crate::wording::{DateStyle, format_days};

/// One party as read from the statement.
#[derive(Debug, Clone)]
pub(super) struct Party {
    pub(super) key: String,
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) adjective: String,
    pub(super) government: String,
    pub(super) country: Option<String>,
    pub(super) co_chairs: Vec<String>,
    pub(super) participants: Vec<String>,
    pub(super) list_style: Option<ListStyle>,
}

#[derive(Debug, Clone)]
pub(super) struct Previous {
    pub(super) number: u32,
    pub(super) days: Vec<SimpleDate>,
    pub(super) city: String,
    pub(super) country: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Next {
    pub(super) city: String,
    pub(super) timing: String,
}

/// A stretch of a paragraph that becomes a template expression.
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) range: Range<usize>,
    pub(super) expr: String,
    /// A value of the paragraph's own (name, text), set in `meeting.toml`.
    pub(super) value: Option<(String, String)>,
    /// Found by reading the sentence's structure (a place, a list), not by matching a string:
    /// wins over matches that overlap it.
    pub(super) structural: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Para {
    /// 1-based over the statement's text blocks, for notes.
    pub(super) number: usize,
    pub(super) kind: BlockKind,
    pub(super) text: String,
    pub(super) spans: Vec<Span>,
    pub(super) literal: bool,
    pub(super) id: String,
}

/// Everything read from the statement, and what to do with each paragraph.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) title: Option<String>,
    pub(super) subtitle: Option<String>,
    pub(super) date_line: Option<String>,
    /// The subtitle reads "The <Ordinal> Meeting of the <pair> <series>".
    pub(super) subtitle_fits: bool,
    pub(super) heading_literal: bool,
    pub(super) number: u32,
    pub(super) series: String,
    pub(super) short_name: Option<String>,
    pub(super) brief_name: Option<String>,
    /// Parties were found in the subtitle's pair (else two placeholders).
    pub(super) parties_found: bool,
    pub(super) parties: [Party; 2],
    pub(super) host: usize,
    pub(super) dates: Option<(Vec<SimpleDate>, bool)>,
    pub(super) city: String,
    pub(super) country: Option<String>,
    pub(super) previous: Option<Previous>,
    pub(super) next: Option<Next>,
    pub(super) paras: Vec<Para>,
}
impl Plan {
    pub(super) fn new(
        heading: &[&Block],
        body: &[&Block],
        level: Level,
        opts: &ExtractOptions,
    ) -> Plan {
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
        let meeting_date = self.dates.as_ref().and_then(|(d, dmy)| {
            format_days(
                d,
                if *dmy {
                    DateStyle::Dmy
                } else {
                    DateStyle::Long
                },
            )
        });
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
                (Some(_), true) => format!("style=\"{}\"", style.name()),
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
    /// sides, series names; where they overlap, [`choose`] keeps one.
    fn read_spans(&mut self) {
        let heads = self.ordinal_heads();
        let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        let found: Vec<Vec<Span>> = self
            .paras
            .iter()
            .map(|p| self.spans_in(&p.text, &heads))
            .collect();
        for (para, found) in self.paras.iter_mut().zip(found) {
            para.spans.extend(found);
            para.spans = choose(std::mem::take(&mut para.spans));
        }
    }

    /// Every match in one paragraph's text, overlapping, in the order [`choose`] weighs them.
    fn spans_in(&self, text: &str, heads: &[&str]) -> Vec<Span> {
        let mut found = self.ordinal_spans(text, heads);
        found.extend(self.date_spans(text));
        if self.parties_found {
            found.extend(self.party_spans(text));
        }
        found.extend(self.series_spans(text));
        found
    }

    /// Ordinals of this meeting, and of the previous and next ones when they are known.
    fn ordinal_spans(&self, text: &str, heads: &[&str]) -> Vec<Span> {
        let mut found = Vec::new();
        for (r, n, form) in scan::meeting_ordinals(text, heads) {
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
                    &format!(
                        "{{{{{} {what}.number}}}}",
                        crate::templates::ordinal_helper(form)
                    ),
                ));
            }
        }
        found
    }

    /// The meeting's and the previous meeting's dates; other dates become the paragraph's own
    /// values (`date_1`, `date_2`, …).
    fn date_spans(&self, text: &str) -> Vec<Span> {
        let mut found = Vec::new();
        let previous_days = self.previous.as_ref().map(|p| &p.days);
        let mut k = 0;
        for (r, d) in scan::dates(text) {
            match d {
                DateText::Days { days, dmy }
                    if self
                        .dates
                        .as_ref()
                        .is_some_and(|(m, mdmy)| *m == days && *mdmy == dmy) =>
                {
                    let style = if dmy { " style=\"dmy\"" } else { "" };
                    found.push(matched(r, &format!("{{{{date meeting.dates{style}}}}}")));
                }
                DateText::Days { days, dmy: false } if previous_days == Some(&days) => {
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
        found
    }

    /// The pair ("Japan-U.S."), the governments (as `first`/`second` in a sentence naming
    /// both, else by key; capitalised at a sentence's start) and "the … side".
    fn party_spans(&self, text: &str) -> Vec<Span> {
        let pair = format!(
            "{}-{}",
            self.parties[0].short_name, self.parties[1].short_name
        );
        let mut found: Vec<Span> = scan::find_words(text, &pair)
            .into_iter()
            .map(|r| matched(r, "{{pair}}"))
            .collect();
        for sentence in crate::archive::sentences::split(text) {
            let s = &text[sentence.clone()];
            let capital = crate::wording::capitalize;
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
        found
    }

    /// The series' name, short name and brief name.
    fn series_spans(&self, text: &str) -> Vec<Span> {
        let names = [
            (Some(&self.series), "{{series.name}}"),
            (self.short_name.as_ref(), "{{series.short_name}}"),
            (self.brief_name.as_ref(), "{{series.brief_name}}"),
        ];
        names
            .into_iter()
            .filter_map(|(name, expr)| name.map(|n| (n, expr)))
            .flat_map(|(name, expr)| {
                scan::find_words(text, name)
                    .into_iter()
                    .map(move |r| matched(r, expr))
            })
            .collect()
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
    /// What the user should review.
    pub(super) fn notes(&self, level: Level) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
