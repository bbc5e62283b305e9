//! The handlebars layer: the registry in strict mode ([`registry`]), the genre's helpers
//! ([`helpers`], thin wrappers over [`crate::wording`]), the Markdown escape that marks data
//! values ([`escape`]), the static check of every variable a template uses ([`check`]), and
//! the nesting and size budget checked on a source before it is parsed ([`budget`]).
//!
//! Data is never evaluated as a template: values reach templates only through the context and
//! are written through [`escape_value`]. Nothing here knows drafts or clauses; assembly gives
//! templates their context and maps problems to diagnostics.

mod budget;
mod check;
mod escape;
mod helpers;
mod helpers_ja;
mod logic;
mod options;

use handlebars::Handlebars;

pub use budget::{MAX_NESTING, MAX_TEMPLATE_BYTES, OverBudget, check_budget};
pub use check::{CheckReport, MissingVar, check_template};
pub use escape::{escape_markdown, escape_value};
pub use options::BadCall;
// Wording that templates print, at the paths earlier code names; the one implementation is in
// `crate::wording`.
pub use crate::wording::{capitalize, format_dates, join_list, ordinal_numeric, ordinal_word};

/// Helpers the templates may call; anything else with arguments is an unknown helper.
pub const HELPERS: &[&str] = &[
    "ordinal",
    "Ordinal",
    "nth",
    "date",
    "join",
    "upper",
    "lower",
    "capitalize",
    "if",
    "unless",
    "each",
    "with",
    "lookup",
    "eq",
    "ne",
    "gt",
    "lt",
    "and",
    "or",
    "not",
    "len",
];

/// The helper that writes an ordinal in `form` (`ordinal`, `Ordinal`, `nth`), for code that
/// writes templates (`clauses extract`).
pub fn ordinal_helper(form: crate::wording::OrdinalForm) -> &'static str {
    match form {
        crate::wording::OrdinalForm::Lower => "ordinal",
        crate::wording::OrdinalForm::Capital => "Ordinal",
        crate::wording::OrdinalForm::Numeric => "nth",
    }
}

/// A registry with chancery's settings: strict mode, value escape, the genre's helpers.
pub fn registry() -> Handlebars<'static> {
    registry_with_style(&crate::wording::HouseStyle::default())
}

/// [`registry`] whose `date` and `join` follow a house style.
pub fn registry_with_style(style: &crate::wording::HouseStyle) -> Handlebars<'static> {
    registry_for(style, "en")
}

/// The registry of a text in `lang`: the same helper names, in that language's genre (`ja`:
/// 第2回, 2014年5月9日, 、 and 及び); any other language gets the English helpers.
pub fn registry_for(style: &crate::wording::HouseStyle, lang: &str) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape_value);
    helpers::register(&mut hb, style);
    if lang == "ja" {
        helpers_ja::register(&mut hb, style);
    }
    logic::register(&mut hb);
    hb
}
