//! The genre's handlebars helpers: `ordinal`/`Ordinal`/`nth`, `date`, `join`, and
//! `upper`/`lower`/`capitalize`.
//!
//! Thin wrappers: each reads its parameters from handlebars, calls the one implementation in
//! [`crate::wording`], and writes the result through [`escape_value`] (helper output is a value,
//! marked and escaped like any other). Wording rules never live here.

use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonValue, Output, RenderContext, RenderErrorReason,
};

use super::escape::escape_value;
use super::options::validate;
use crate::document::strip_sentinels;
use crate::wording::{
    DATE_PLACEHOLDER, DateStyle, DatedBy, DayOrder, HouseStyle, LetterCase, ListStyle, OrdinalForm,
    SimpleDate, format_days, format_range, ordinal, with_case,
};

/// Register every helper of this file on `hb`; `date` and `join` follow `style`.
pub(super) fn register(hb: &mut Handlebars<'static>, style: &HouseStyle) {
    hb.register_helper("ordinal", Box::new(ordinal_helper));
    hb.register_helper("Ordinal", Box::new(ordinal_helper));
    hb.register_helper("nth", Box::new(ordinal_helper));
    let house = Arc::new(style.clone());
    let dates = Arc::clone(&house);
    hb.register_helper(
        "date",
        Box::new(
            move |h: &Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &Context,
                  _: &mut RenderContext<'_, '_>,
                  out: &mut dyn Output| date_helper(h, &dates, out),
        ),
    );
    hb.register_helper(
        "join",
        Box::new(
            move |h: &Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &Context,
                  _: &mut RenderContext<'_, '_>,
                  out: &mut dyn Output| join_helper(h, &house, out),
        ),
    );
    hb.register_helper("upper", Box::new(case_helper));
    hb.register_helper("lower", Box::new(case_helper));
    hb.register_helper("capitalize", Box::new(case_helper));
}

pub(super) fn param_u64(h: &Helper<'_>, name: &str) -> Result<u64, RenderErrorReason> {
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("ordinal", 0))?;
    match v.value() {
        JsonValue::Number(n) => n.as_u64(),
        JsonValue::String(s) => strip_sentinels(s).trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        RenderErrorReason::Other(format!("`{name}` needs a whole number, got {}", v.value()))
    })
}

/// Option `key` as plain text (markers stripped, so a clause value names a style as written).
pub(super) fn hash_str(h: &Helper<'_>, key: &str) -> Option<String> {
    h.hash_get(key)
        .and_then(|v| v.value().as_str())
        .map(strip_sentinels)
}

/// Every option of the call is one the helper takes, with an allowed value (the static check
/// has refused literal ones already; this catches values known only at render time).
pub(super) fn check_options(h: &Helper<'_>) -> Result<(), RenderErrorReason> {
    for (key, value) in h.hash() {
        validate(h.name(), key, value.value())
            .map_err(|(message, hint)| RenderErrorReason::Other(format!("{message} ({hint})")))?;
    }
    Ok(())
}

/// `{{ordinal n}}` -> "second"; `{{Ordinal n}}` -> "Second"; `{{nth n}}` -> "2nd".
/// Options: `case="lower"|"title"|"upper"`, `style="word"|"numeric"`.
fn ordinal_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    check_options(h)?;
    let name = h.name();
    let n = param_u64(h, name)?;
    let numeric = name == "nth" || hash_str(h, "style").as_deref() == Some("numeric");
    let form = if numeric {
        OrdinalForm::Numeric
    } else {
        OrdinalForm::Lower
    };
    let word = ordinal(n, form);
    let text = match (name, hash_str(h, "case").as_deref()) {
        (_, Some("upper")) => with_case(&word, LetterCase::Upper),
        (_, Some("title")) | ("Ordinal", None) => with_case(&word, LetterCase::Capital),
        _ => word,
    };
    out.write(&escape_value(&text))?;
    Ok(())
}

/// `{{date meeting.dates}}`: a date (`"2014-05-09"`) or a list of consecutive days; a null date
/// prints `[date]`, the drafter's placeholder. Options: `style="long"|"dmy"|"month-year"|"year"|"iso"`,
/// `day="first"|"last"` for one day of a meeting over several, `day="statement"` for the days
/// the house style dates a statement by. With a house date style, ranges follow it.
fn date_helper(h: &Helper<'_>, house: &HouseStyle, out: &mut dyn Output) -> HelperResult {
    check_options(h)?;
    let Some(mut days) = days_param(h)? else {
        out.write(DATE_PLACEHOLDER)?;
        return Ok(());
    };
    // `day="last"`: only the last day of a meeting (the day a text is signed), `day="first"`.
    let day = hash_str(h, "day");
    match (day.as_deref(), house.dated) {
        (Some("last"), _) | (Some("statement"), DatedBy::LastDay) => {
            days = days.split_off(days.len() - 1);
        }
        (Some("first"), _) | (Some("statement"), DatedBy::FirstDay) => days.truncate(1),
        _ => {}
    }
    let style_name = hash_str(h, "style");
    let style = DateStyle::from_name(style_name.as_deref().unwrap_or("long"));
    let text = match (house.dates, style) {
        (Some(mut form), DateStyle::Long | DateStyle::Dmy) => {
            match style_name.as_deref() {
                Some("long") => form.order = DayOrder::MonthDayYear,
                Some("dmy") => form.order = DayOrder::DayMonthYear,
                _ => {}
            }
            format_range(&days, form)
        }
        _ => format_days(&days, style),
    }
    .ok_or_else(|| RenderErrorReason::Other("`date` got no days".to_owned()))?;
    out.write(&escape_value(&text))?;
    Ok(())
}

/// The days `date` is given: one `YYYY-MM-DD` string or a list of them; `None` for null (the
/// date not set yet, which prints the placeholder). Shared by the helpers of every language.
pub(super) fn days_param(h: &Helper<'_>) -> Result<Option<Vec<SimpleDate>>, RenderErrorReason> {
    let v = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("date", 0))?;
    let texts: Vec<&str> = match v.value() {
        JsonValue::Null => return Ok(None),
        JsonValue::String(s) => vec![s.as_str()],
        JsonValue::Array(a) => a.iter().filter_map(JsonValue::as_str).collect(),
        other => {
            return Err(RenderErrorReason::Other(format!(
                "`date` needs a YYYY-MM-DD string, got {other}"
            )));
        }
    };
    let days: Option<Vec<_>> = texts
        .iter()
        .map(|t| SimpleDate::parse_iso(&strip_sentinels(t)))
        .collect();
    days.filter(|d| !d.is_empty()).map(Some).ok_or_else(|| {
        RenderErrorReason::Other(format!("`date` needs YYYY-MM-DD dates, got {}", v.value()))
    })
}

/// The items `join` is given: a list (each item as text) or one string.
pub(super) fn items_param(h: &Helper<'_>) -> Result<Vec<String>, RenderErrorReason> {
    let v = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("join", 0))?;
    match v.value() {
        JsonValue::Array(a) => Ok(a
            .iter()
            .map(|x| match x {
                JsonValue::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()),
        JsonValue::String(s) => Ok(vec![s.clone()]),
        other => Err(RenderErrorReason::Other(format!(
            "`join` needs a list, got {other}"
        ))),
    }
}

/// `{{join list style="oxford" conj="or"}}`; `style` may also be a party's `list_style` value,
/// or a list style the house style defines.
fn join_helper(h: &Helper<'_>, house: &HouseStyle, out: &mut dyn Output) -> HelperResult {
    check_options(h)?;
    let items = items_param(h)?;
    let style_name = hash_str(h, "style").unwrap_or_else(|| "comma".to_owned());
    let mut form = match (house.lists.get(&style_name), ListStyle::parse(&style_name)) {
        (Some(form), _) => form.clone(),
        (None, Some(style)) => style.form("and"),
        (None, None) => {
            let mut names: Vec<&str> = ListStyle::NAMES.to_vec();
            names.extend(house.lists.keys().map(String::as_str));
            return Err(RenderErrorReason::Other(format!(
                "`join` option `style` cannot be \"{style_name}\" (allowed: {})",
                names.join(", ")
            ))
            .into());
        }
    };
    if let Some(conj) = hash_str(h, "conj") {
        form.conjunction = conj;
    }
    out.write(&escape_value(&form.join(&items)))?;
    Ok(())
}

/// `{{upper x}}`, `{{lower x}}`, `{{capitalize x}}`.
fn case_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    check_options(h)?;
    let v = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("case", 0))?;
    let text = match v.value() {
        JsonValue::String(s) => s.clone(),
        other => other.to_string(),
    };
    let case = match h.name() {
        "upper" => LetterCase::Upper,
        "lower" => LetterCase::Lower,
        _ => LetterCase::Capital,
    };
    out.write(&escape_value(&with_case(&text, case)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::registry;
    use crate::document::markdown::parse_blocks;

    /// The text `template` prints, read back from its Markdown.
    fn render(template: &str, data: serde_json::Value) -> String {
        let md = registry()
            .render_template(template, &data)
            .expect("renders");
        parse_blocks(&md)[0].plain_text()
    }

    // Each helper prints what its wording function gives, in each of its options.
    #[test]
    fn helpers_wrap_the_wording() {
        let data = serde_json::json!({
            "n": 3, "s": "21", "d": ["2024-08-26", "2024-08-27"], "none": null,
            "xs": ["A", "B", "C"], "g": "the Government of Japan"
        });
        let cases = [
            ("{{ordinal n}}", "third"),
            ("{{Ordinal s}}", "Twenty-first"),
            ("{{nth n}}", "3rd"),
            ("{{ordinal n case=\"upper\"}}", "THIRD"),
            ("{{ordinal n case=\"title\"}}", "Third"),
            ("{{Ordinal n case=\"lower\"}}", "third"),
            ("{{ordinal n style=\"numeric\"}}", "3rd"),
            ("{{date d}}", "August 26 and 27, 2024"),
            ("{{date d style=\"dmy\"}}", "26 and 27 August 2024"),
            ("{{date d day=\"last\"}}", "August 27, 2024"),
            ("{{date d day=\"first\" style=\"iso\"}}", "2024-08-26"),
            ("{{date none}}", "[date]"),
            ("{{join xs}}", "A, B and C"),
            ("{{join xs style=\"oxford\" conj=\"or\"}}", "A, B, or C"),
            ("{{join xs style=\"semicolon\"}}", "A; B; and C"),
            ("{{capitalize g}}", "The Government of Japan"),
            ("{{upper g}}", "THE GOVERNMENT OF JAPAN"),
            ("{{lower g}}", "the government of japan"),
        ];
        for (template, expected) in cases {
            assert_eq!(render(template, data.clone()), expected, "{template}");
        }
    }

    // The helper named for each ordinal form writes that form.
    #[test]
    fn ordinal_helper_names_match_their_forms() {
        use crate::wording::{OrdinalForm, ordinal};
        for form in [
            OrdinalForm::Lower,
            OrdinalForm::Capital,
            OrdinalForm::Numeric,
        ] {
            let template = format!("{{{{{} 21}}}}", super::super::ordinal_helper(form));
            assert_eq!(render(&template, serde_json::json!({})), ordinal(21, form));
        }
    }

    // Bad parameters are render errors that name the helper and what it needs.
    #[test]
    fn helpers_refuse_bad_parameters() {
        let hb = registry();
        let data = serde_json::json!({"x": "soon", "xs": ["A"], "t": {"a": 1}});
        let err = |t: &str| {
            hb.render_template(t, &data)
                .unwrap_err()
                .reason()
                .to_string()
        };
        assert!(err("{{ordinal x}}").contains("`ordinal` needs a whole number"));
        assert!(err("{{date x}}").contains("`date` needs YYYY-MM-DD dates"));
        assert!(err("{{date t}}").contains("`date` needs a YYYY-MM-DD string"));
        assert!(
            err("{{join xs style=\"harvard\"}}").contains("option `style` cannot be \"harvard\"")
        );
        assert!(err("{{date x stlye=\"dmy\"}}").contains("`date` has no option `stlye`"));
        assert!(err("{{join t}}").contains("`join` needs a list"));
    }
}
