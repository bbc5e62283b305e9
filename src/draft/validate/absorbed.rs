//! What `chancery absorb` records in a meeting's inputs, validated: proposals on body
//! paragraphs (`proposals = [{ at = "…", options = [...] }]`), reviewers' notes (`[[notes]]`)
//! and proposed changes of data values (`[[value_changes]]`). A party key must be one of the
//! parties; a proposal's options follow the options table's rules.

use toml::Spanned;

use super::super::convert::toml_to_json;
use super::super::model::{Alternatives, Note, Proposal, ValueChange};
use super::super::raw::{RawNote, RawProposal, RawValueChange};
use super::Validator;

impl Validator<'_> {
    /// A paragraph's proposals; a malformed one is an error at it.
    pub(super) fn proposals(&mut self, raw: &[Spanned<RawProposal>]) -> Vec<Proposal> {
        raw.iter().filter_map(|p| self.proposal(p)).collect()
    }

    fn proposal(&mut self, raw: &Spanned<RawProposal>) -> Option<Proposal> {
        let p = raw.get_ref();
        if p.at.trim().is_empty() {
            self.error(raw, "a proposal's `at` is empty")
                .hints
                .push("`at` holds the paragraph's words the alternatives are for".to_owned());
            return None;
        }
        let mut table = serde_json::Map::new();
        table.insert("options".to_owned(), toml_to_json(&p.options));
        if let Some(c) = &p.chosen {
            table.insert("chosen".to_owned(), toml_to_json(c));
        }
        match Alternatives::from_json(&serde_json::Value::Object(table)) {
            Ok(Some(alternatives)) => {
                for a in &alternatives.options {
                    if !a.party.is_empty() && !self.keys.is_empty() && !self.keys.contains(&a.party)
                    {
                        let parties = self.keys.join(", ");
                        self.error(raw, format!("unknown party `{}` in a proposal", a.party))
                            .hints
                            .push(format!("the parties are {parties}"));
                        return None;
                    }
                }
                Some(Proposal {
                    at: p.at.clone(),
                    alternatives,
                    position: self.pos(raw),
                })
            }
            Ok(None) => None,
            Err(message) => {
                self.error(raw, message)
                    .hints
                    .push(Alternatives::HINT.to_owned());
                None
            }
        }
    }

    /// `[[notes]]`.
    pub(super) fn notes(&mut self, raw: &[Spanned<RawNote>]) -> Vec<Note> {
        let known: Vec<&Spanned<RawNote>> = raw
            .iter()
            .filter(|n| self.party_of(n, &n.get_ref().party))
            .collect();
        known
            .into_iter()
            .map(|n| {
                let r = n.get_ref();
                Note {
                    item: r.item.clone(),
                    party: r.party.clone(),
                    author: r.author.clone(),
                    date: r.date.clone(),
                    on: r.on.clone(),
                    text: r.text.clone(),
                    replies: r
                        .replies
                        .iter()
                        .map(|x| (x.author.clone(), x.date.clone(), x.text.clone()))
                        .collect(),
                    position: self.pos(n),
                }
            })
            .collect()
    }

    /// `[[value_changes]]`.
    pub(super) fn value_changes(&mut self, raw: &[Spanned<RawValueChange>]) -> Vec<ValueChange> {
        let known: Vec<&Spanned<RawValueChange>> = raw
            .iter()
            .filter(|v| self.party_of(v, &v.get_ref().party))
            .collect();
        known
            .into_iter()
            .map(|v| {
                let r = v.get_ref();
                ValueChange {
                    item: r.item.clone(),
                    party: r.party.clone(),
                    was: r.was.clone(),
                    proposed: r.proposed.clone(),
                    source: r.source.clone(),
                    position: self.pos(v),
                }
            })
            .collect()
    }

    /// Whether `party` is a party's key; an error at `at` when not.
    fn party_of<T>(&mut self, at: &Spanned<T>, party: &str) -> bool {
        if self.keys.is_empty() || self.keys.iter().any(|k| k == party) {
            return true;
        }
        let parties = self.keys.join(", ");
        self.error(at, format!("unknown party `{party}`"))
            .hints
            .push(format!("the parties are {parties}"));
        false
    }
}
