//! The party fields `init` fills in for governments that often sign joint statements, so a new
//! workspace reads right at once ("the Japanese delegation", "the Government of the French
//! Republic"). A name not listed gets a plain guess, which `init` asks the team to review. Data
//! only; the drafter's meeting.toml is the record.

/// A party's fields as `meeting.toml` spells them.
pub(super) struct Country {
    /// Keys and names (lowercase) that select it.
    pub(super) matches: &'static [&'static str],
    pub(super) name: &'static str,
    pub(super) short: &'static str,
    pub(super) adjective: &'static str,
    pub(super) government: &'static str,
    /// After a city ("Tokyo, Japan"); empty where usage names the city alone ("Washington, D.C.").
    pub(super) country: &'static str,
}

const fn c(
    matches: &'static [&'static str],
    name: &'static str,
    short: &'static str,
    adjective: &'static str,
    government: &'static str,
    country: &'static str,
) -> Country {
    Country {
        matches,
        name,
        short,
        adjective,
        government,
        country,
    }
}

const COUNTRIES: &[Country] = &[
    c(
        &["jp", "japan"],
        "Japan",
        "Japan",
        "Japanese",
        "the Government of Japan",
        "Japan",
    ),
    c(
        &[
            "us",
            "united states",
            "the united states",
            "united states of america",
            "usa",
        ],
        "the United States",
        "U.S.",
        "U.S.",
        "the Government of the United States of America",
        "",
    ),
    c(
        &["fr", "france"],
        "France",
        "France",
        "French",
        "the Government of the French Republic",
        "France",
    ),
    c(
        &["de", "germany"],
        "Germany",
        "Germany",
        "German",
        "the Government of the Federal Republic of Germany",
        "Germany",
    ),
    c(
        &["gb", "uk", "united kingdom", "the united kingdom"],
        "the United Kingdom",
        "UK",
        "UK",
        "the Government of the United Kingdom of Great Britain and Northern Ireland",
        "",
    ),
    c(
        &["au", "australia"],
        "Australia",
        "Australia",
        "Australian",
        "the Government of Australia",
        "Australia",
    ),
    c(
        &["ca", "canada"],
        "Canada",
        "Canada",
        "Canadian",
        "the Government of Canada",
        "Canada",
    ),
    c(
        &["in", "india"],
        "India",
        "India",
        "Indian",
        "the Government of the Republic of India",
        "India",
    ),
    c(
        &["kr", "korea", "republic of korea", "the republic of korea"],
        "the Republic of Korea",
        "ROK",
        "ROK",
        "the Government of the Republic of Korea",
        "the Republic of Korea",
    ),
    c(
        &["it", "italy"],
        "Italy",
        "Italy",
        "Italian",
        "the Government of the Italian Republic",
        "Italy",
    ),
    c(
        &["es", "spain"],
        "Spain",
        "Spain",
        "Spanish",
        "the Government of the Kingdom of Spain",
        "Spain",
    ),
    c(
        &["nz", "new zealand"],
        "New Zealand",
        "New Zealand",
        "New Zealand",
        "the Government of New Zealand",
        "New Zealand",
    ),
    c(
        &["br", "brazil"],
        "Brazil",
        "Brazil",
        "Brazilian",
        "the Government of the Federative Republic of Brazil",
        "Brazil",
    ),
    c(
        &["mx", "mexico"],
        "Mexico",
        "Mexico",
        "Mexican",
        "the Government of the United Mexican States",
        "Mexico",
    ),
    c(
        &["id", "indonesia"],
        "Indonesia",
        "Indonesia",
        "Indonesian",
        "the Government of the Republic of Indonesia",
        "Indonesia",
    ),
    c(
        &["ph", "philippines", "the philippines"],
        "the Philippines",
        "Philippines",
        "Philippine",
        "the Government of the Republic of the Philippines",
        "the Philippines",
    ),
];

/// The listed country a party names, by its name, or by its key when the name says nothing.
pub(super) fn find(key: &str, name: &str) -> Option<&'static Country> {
    let name = name.trim().to_lowercase();
    COUNTRIES
        .iter()
        .find(|c| c.matches.contains(&name.as_str()))
        .or_else(|| {
            // The key alone selects only when the name is just the key again (`--party jp=jp`).
            (name == key.to_lowercase())
                .then(|| COUNTRIES.iter().find(|c| c.matches.contains(&key)))
                .flatten()
        })
}
