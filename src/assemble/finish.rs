//! From the statement's Markdown to the [`Document`]: blocks read, abbreviation periods merged,
//! signature blocks filled in copy order, and the metadata (title, author, date, page, fonts).

use super::assembler::Assembler;
use crate::document::markdown::parse_blocks;
use crate::document::{
    Block, BlockKind, DocStatus, Document, FontPrefs, Meta, Origin, PageSetup, Run, Signatory,
};
use crate::draft::{Draft, MeetingDates, Party};
use crate::wording::{ListStyle, Quotes, apply_quotes, capitalize, join_list};

/// Quotes and apostrophes of every run in the house's `quotes`, wording and values alike (a
/// quote opens or closes by the character before it, across runs).
fn set_quotes(runs: &mut [Run], quotes: Quotes) {
    let mut before = None;
    for run in runs {
        let next = run.text.chars().last().or(before);
        run.text = apply_quotes(&run.text, quotes, before);
        before = next;
    }
}

impl Assembler<'_> {
    /// The Document of the statement's Markdown.
    pub(super) fn document(&self, markdown: &str) -> Document {
        let mut blocks = parse_blocks(markdown);
        for block in &mut blocks {
            merge_abbreviation_periods(&mut block.runs);
            if let Some(quotes) = self.draft.style.quotes {
                set_quotes(&mut block.runs, quotes);
            }
        }
        for block in &mut blocks {
            if let BlockKind::Signatures { signatories } = &mut block.kind {
                *signatories = signatories_for(self.draft, &self.order);
            }
        }
        let meta = self.meta(&blocks);
        Document { meta, blocks }
    }

    /// The metadata: the title from the heading block, the governments as author.
    fn meta(&self, blocks: &[Block]) -> Meta {
        let draft = self.draft;
        let heading = |kind: BlockKind| {
            blocks
                .iter()
                .find(|b| b.kind == kind)
                .map(Block::plain_text)
        };
        let title = match (heading(BlockKind::Title), heading(BlockKind::Subtitle)) {
            (Some(t), Some(s)) => format!("{t}: {s}"),
            (Some(t), None) => t,
            (None, Some(s)) => s,
            (None, None) => draft.series.name.clone(),
        };
        Meta {
            title,
            subject: draft.series.name.clone(),
            author: capitalize(&join_list(
                &self
                    .order
                    .iter()
                    .map(|p| p.government.clone())
                    .collect::<Vec<_>>(),
                ListStyle::Comma,
                "and",
            )),
            identifier: draft.id.clone(),
            date: draft.dates.as_ref().map(MeetingDates::first),
            language: draft.document.language.clone(),
            status: if self.opts.final_copy {
                DocStatus::Final
            } else {
                DocStatus::Draft
            },
            page: PageSetup {
                size: draft.document.paper,
                margins_mm: draft.document.margins_mm,
            },
            fonts: FontPrefs {
                serif: draft.document.font.clone(),
                east_asian: draft.document.east_asian_font.clone(),
            },
        }
    }
}

/// A sentence ending right after a value that ends in an abbreviation ("Washington, D.C.")
/// takes no second period: "in Washington, D.C." not "in Washington, D.C..". An ellipsis in the
/// wording is left alone.
fn merge_abbreviation_periods(runs: &mut Vec<Run>) {
    for i in 1..runs.len() {
        let (before, after) = runs.split_at_mut(i);
        let prev = &before[i - 1];
        let next = &mut after[0];
        if prev.marks.origin == Origin::Value
            && prev.text.ends_with('.')
            && !prev.text.ends_with("..")
            && next.text.starts_with('.')
            && !next.text.starts_with("..")
        {
            next.text.remove(0);
        }
    }
    runs.retain(|r| !r.text.is_empty());
}

/// The signature blocks, one per party in copy order.
fn signatories_for(draft: &Draft, order: &[&Party]) -> Vec<Signatory> {
    let Some(sigs) = &draft.signatures else {
        return Vec::new();
    };
    order
        .iter()
        .map(|party| {
            let (name, title) = sigs
                .signatories
                .iter()
                .find(|(k, _, _)| *k == party.key)
                .map(|(_, n, t)| (n.clone(), t.clone()))
                .unwrap_or_default();
            Signatory {
                // A treaty's Japanese text signs 日本国政府のために ("For the Government of Japan").
                party: if draft.document.language == "ja" {
                    format!("{}のために", party.government)
                } else {
                    format!("For {}", party.government)
                },
                name,
                title,
            }
        })
        .collect()
}
