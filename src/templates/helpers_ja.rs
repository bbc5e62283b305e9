//! The same helper names in a Japanese text: `ordinal`/`Ordinal`/`nth` write 第N回, `date`
//! writes 2014年5月9日 (two days with 及び, more as a range; `calendar="era"` for 令和6年), and
//! `join` joins with 、 and 及び (`conj="or"`: 又は; `conj="and-above"`: 並びに). A clause's
//! Japanese body calls them as its English body does; the registry of a Japanese build holds
//! these in place of the English ones. `date` follows the house style: its `calendar` key
//! (`[style] calendar = "era"`) is the default calendar, and `day="statement"` its `dated`
//! day, as in English. Thin wrappers over [`crate::wording::ja`].

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};

use super::escape::escape_value;
use super::helpers::{check_options, hash_str, param_u64};
use crate::wording::ja::{self, Calendar, Conjunction, Days};
use crate::wording::{DATE_PLACEHOLDER, DatedBy, HouseStyle};

/// Put the Japanese helpers on `hb`, over the English ones of the same names; `date` follows
/// `style` (its calendar and the day that dates a statement).
pub(super) fn register(hb: &mut Handlebars<'static>, style: &HouseStyle) {
    for name in ["ordinal", "Ordinal", "nth"] {
        hb.register_helper(name, Box::new(ordinal_helper));
    }
    let (calendar, dated) = (style.calendar, style.dated);
    hb.register_helper(
        "date",
        Box::new(
            move |h: &Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &Context,
                  _: &mut RenderContext<'_, '_>,
                  out: &mut dyn Output| { date_helper(h, calendar, dated, out) },
        ),
    );
    hb.register_helper("join", Box::new(join_helper));
}

/// `{{ordinal meeting.number}}` → 第3回.
fn ordinal_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    check_options(h)?;
    let n = param_u64(h, h.name())?;
    out.write(&escape_value(&ja::ordinal(n)))?;
    Ok(())
}

/// `{{date meeting.dates}}` → 2014年5月9日; `day="first"|"last"|"statement"`, `style="year"`,
/// `calendar="era"|"gregorian"` (default: the house style's `house_calendar`).
fn date_helper(
    h: &Helper<'_>,
    house_calendar: Calendar,
    dated: DatedBy,
    out: &mut dyn Output,
) -> HelperResult {
    check_options(h)?;
    let Some(mut days) = super::helpers::days_param(h)? else {
        out.write(DATE_PLACEHOLDER)?;
        return Ok(());
    };
    match (hash_str(h, "day").as_deref(), dated) {
        (Some("last"), _) | (Some("statement"), DatedBy::LastDay) => {
            days = days.split_off(days.len() - 1);
        }
        (Some("first"), _) | (Some("statement"), DatedBy::FirstDay) => days.truncate(1),
        _ => {}
    }
    let calendar = match hash_str(h, "calendar") {
        Some(name) => Calendar::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(house_calendar, |(_, c)| *c),
        None => house_calendar,
    };
    let text = match hash_str(h, "style").as_deref() {
        Some("year") => ja::year(days[0], calendar),
        _ => ja::days(&days, Days::And, calendar),
    };
    out.write(&escape_value(&text))?;
    Ok(())
}

/// `{{join list}}` → A、B及びC.
fn join_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    check_options(h)?;
    let items = super::helpers::items_param(h)?;
    let conjunction = match hash_str(h, "conj").as_deref() {
        Some("or") => Conjunction::Or,
        Some("and-above") => Conjunction::AndAbove,
        _ => Conjunction::And,
    };
    // Items are values already (escaped and marked); the joiners are wording.
    out.write(&ja::join(&items, conjunction))?;
    Ok(())
}
