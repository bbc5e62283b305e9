//! Chancery's own comparison and lookup helpers (`eq`, `ne`, `lookup`, `len`): they see plain
//! values.
//!
//! A clause's own values reach the context wrapped in invisible wording markers (see
//! [`crate::document::WORDING_START`]); handlebars' built-ins compare and index by the wrapped
//! text, so `{{#if (eq side "second")}}` was false on `side = "second"` and a paragraph came out
//! wrong without a word. These helpers strip the markers before they decide anything, and a
//! missing key is an error that names the collection, the key and the keys there are. They
//! print nothing themselves and never change a value that is written out.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, JsonValue, RenderContext, RenderError,
    RenderErrorReason, ScopedJson, handlebars_helper,
};

use crate::document::strip_sentinels;

/// Register the helpers of this file on `hb`, in place of handlebars' built-ins of those names.
pub(super) fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("eq", Box::new(eq));
    hb.register_helper("ne", Box::new(ne));
    hb.register_helper("len", Box::new(len));
    hb.register_helper("lookup", Box::new(LookupHelper));
}

/// `v` with every marker taken out of its text, at any depth.
pub(crate) fn plain(v: &JsonValue) -> JsonValue {
    match v {
        JsonValue::String(s) => JsonValue::String(strip_sentinels(s)),
        JsonValue::Array(items) => JsonValue::Array(items.iter().map(plain).collect()),
        JsonValue::Object(m) => {
            JsonValue::Object(m.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
        }
        other => other.clone(),
    }
}

handlebars_helper!(eq: |x: Json, y: Json| plain(x) == plain(y));
handlebars_helper!(ne: |x: Json, y: Json| plain(x) != plain(y));
handlebars_helper!(len: |x: Json| match x {
    JsonValue::Array(a) => a.len(),
    JsonValue::Object(m) => m.len(),
    JsonValue::String(s) => strip_sentinels(s).len(),
    _ => 0,
});

/// The key `index` names in `collection`, markers stripped: a text key, or a whole number for a
/// list.
pub(crate) fn key_text(index: &JsonValue) -> String {
    match index {
        JsonValue::String(s) => strip_sentinels(s),
        other => other.to_string(),
    }
}

/// What `lookup collection index` finds, or the message naming what is missing.
pub(crate) fn look_up<'a>(
    collection: &'a JsonValue,
    index: &JsonValue,
    (collection_name, index_name): (&str, &str),
) -> Result<&'a JsonValue, String> {
    let key = key_text(index);
    let found = match collection {
        JsonValue::Array(v) => key.parse::<usize>().ok().and_then(|i| v.get(i)),
        JsonValue::Object(m) => m.get(&key),
        _ => None,
    };
    found.ok_or_else(|| {
        let known = match collection {
            JsonValue::Object(m) => {
                let keys: Vec<String> = m.keys().map(|k| format!("`{k}`")).collect();
                format!("; it has {}", keys.join(", "))
            }
            JsonValue::Array(v) => format!("; it has {} items, from 0", v.len()),
            _ => "; it is not a table or a list".to_owned(),
        };
        let named = if index_name == key {
            String::new()
        } else {
            format!(" (the value of `{index_name}`)")
        };
        format!("`lookup`: `{collection_name}` has no `{key}`{named}{known}")
    })
}

/// `{{lookup parties key}}`, `{{#with (lookup parties key)}}`: as handlebars' `lookup`, on the
/// plain key, and a missing key is an error naming it.
#[derive(Debug, Clone, Copy)]
struct LookupHelper;

impl HelperDef for LookupHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let collection = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("lookup", 0))?;
        let index = h
            .param(1)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex("lookup", 1))?;
        let name = |p: &handlebars::PathAndJson<'_>| {
            p.relative_path()
                .map_or_else(|| key_text(p.value()), String::clone)
        };
        let names = (name(collection), name(index));
        match look_up(collection.value(), index.value(), (&names.0, &names.1)) {
            Ok(v) => Ok(ScopedJson::Derived(v.clone())),
            Err(message) => Err(RenderErrorReason::Other(message).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::registry;
    use crate::document::{WORDING_END, WORDING_START};

    fn wording(s: &str) -> String {
        format!("{WORDING_START}{s}{WORDING_END}")
    }

    // A clause value's markers never change what `eq`, `ne`, `len` or `lookup` decide.
    #[test]
    fn comparisons_see_plain_values() {
        let data = serde_json::json!({
            "side": wording("second"), "key": wording("us"),
            "parties": {"us": {"name": "the United States"}, "jp": {"name": "Japan"}},
        });
        let hb = registry();
        let r = |t: &str| hb.render_template(t, &data).expect("renders");
        assert_eq!(r("{{#if (eq side \"second\")}}yes{{else}}no{{/if}}"), "yes");
        assert_eq!(r("{{#if (ne side \"second\")}}yes{{else}}no{{/if}}"), "no");
        assert_eq!(crate::document::strip_sentinels(&r("{{len side}}")), "6");
        assert!(r("{{#with (lookup parties key)}}{{name}}{{/with}}").contains("the United States"));
    }

    // A missing key names the collection, the key and the keys there are; never "None".
    #[test]
    fn a_missing_key_is_named() {
        let data = serde_json::json!({"key": wording("uk"), "parties": {"us": {}, "jp": {}}});
        let err = registry()
            .render_template("{{#with (lookup parties key)}}x{{/with}}", &data)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`parties` has no `uk` (the value of `key`); it has `jp`, `us`"),
            "{err}"
        );
        assert!(!err.contains("None"), "{err}");
    }
}
