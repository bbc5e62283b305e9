//! Line breaking: Knuth–Plass total fit for justified text, and balanced ragged lines for
//! centred titles and headings.
//!
//! Works on the classic box/glue/penalty model ([`Item`]) and knows nothing of fonts or PDF:
//! [`super::inline`] turns runs into items, [`super::layout`] turns breaks into positioned lines.
//! Total fit (rather than first fit) is what keeps word spacing even down a paragraph; the
//! three passes (strict, looser, emergency) mean a paragraph always gets *some* breaks, with an
//! overfull line only where a single unbreakable piece is wider than the measure.

/// A penalty of this size forbids a break; its negative forces one.
pub(crate) const INFINITE_PENALTY: f32 = 10_000.0;

/// Stretch of the glue that fills the last line of a paragraph (ragged last line).
pub(crate) const FILL: f32 = 100_000.0;

/// One element of the paragraph model. Widths in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Item {
    /// Something to print that never breaks (a word or a piece of one, one CJK character).
    Box { width: f32 },
    /// Space that stretches and shrinks; a break point when it follows a box.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break with a cost; `flagged` marks breaks after hyphens (two in a row are
    /// discouraged).
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

/// The items that end a paragraph: no break before the filling glue, the glue that fills
/// the last line, the forced break.
pub(crate) const PARAGRAPH_END: [Item; 3] = [
    Item::Penalty {
        width: 0.0,
        cost: INFINITE_PENALTY,
        flagged: false,
    },
    Item::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    },
    Item::Penalty {
        width: 0.0,
        cost: -INFINITE_PENALTY,
        flagged: false,
    },
];

/// A chosen break: the line ends before item `at` (a glue or penalty), with glue set at
/// `ratio` (-1 = fully shrunk, 0 = natural, 1 = fully stretched).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Break {
    pub at: usize,
    pub ratio: f32,
}

/// The cost model of [`justify`]; the defaults are TeX's.
#[derive(Debug, Clone, Copy)]
struct Params {
    /// Largest adjustment ratio accepted in this pass.
    tolerance: f32,
    /// Added to every line's badness (favours fewer lines).
    line_penalty: f32,
    /// Two flagged (hyphen) breaks in a row.
    double_hyphen_demerits: f32,
    /// A tight line next to a loose one.
    fitness_demerits: f32,
    /// Accept overfull lines that cannot be avoided (last pass).
    emergency: bool,
}

const PASSES: [Params; 3] = [
    Params {
        tolerance: 1.0,
        line_penalty: 10.0,
        double_hyphen_demerits: 3000.0,
        fitness_demerits: 100.0,
        emergency: false,
    },
    Params {
        tolerance: 2.5,
        line_penalty: 10.0,
        double_hyphen_demerits: 3000.0,
        fitness_demerits: 100.0,
        emergency: false,
    },
    Params {
        tolerance: f32::INFINITY,
        line_penalty: 10.0,
        double_hyphen_demerits: 3000.0,
        fitness_demerits: 100.0,
        emergency: true,
    },
];

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the break item (0 for the paragraph start).
    at: usize,
    fitness: u8,
    flagged: bool,
    /// Totals of width, stretch and shrink from the paragraph start to the first item that
    /// will be printed after this break.
    width: f32,
    stretch: f32,
    shrink: f32,
    demerits: f64,
    ratio: f32,
    prev: Option<usize>,
}

impl Item {
    /// Width, cost and flag of a break at this item (a break at glue costs nothing).
    fn break_cost(&self) -> (f32, f32, bool) {
        match *self {
            Item::Penalty {
                width,
                cost,
                flagged,
            } => (width, cost, flagged),
            Item::Box { .. } | Item::Glue { .. } => (0.0, 0.0, false),
        }
    }
}

impl Node {
    /// The node of a break at item `at`, reached from node `from` with `demerits` in all;
    /// `totals` are [`totals_after`] the break.
    fn after(
        at: usize,
        fitness: u8,
        flagged: bool,
        (width, stretch, shrink): (f32, f32, f32),
        (demerits, from, ratio): (f64, usize, f32),
    ) -> Node {
        Node {
            at,
            fitness,
            flagged,
            width,
            stretch,
            shrink,
            demerits,
            ratio,
            prev: Some(from),
        }
    }
}

/// Break `items` into lines of `width` points, minimising total demerits over the paragraph.
/// The items must end with a forced break (as [`super::inline`] builds them).
///
/// A later, looser pass is also tried when the best breaks of a stricter one pay a penalty of
/// [`STRONG_PENALTY`] or more (a paragraph ending on a lonely word): a somewhat loose line is
/// the lesser evil, and the looser pass weighs the two on the same scale.
///
/// `protrusion[i]` (points, may be empty) is how far box `i` may hang into the right margin
/// when it ends a line: a full stop or comma hangs most of its width so that the edge looks
/// straight (optical margin alignment, as in Typst and pdfTeX).
pub(crate) fn justify(items: &[Item], protrusion: &[f32], width: f32) -> Vec<Break> {
    let mut fallback = None;
    for params in PASSES {
        if let Some((breaks, demerits)) = total_fit(items, protrusion, width, &params) {
            if demerits < f64::from(STRONG_PENALTY).powi(2) {
                return breaks;
            }
            match &fallback {
                Some((_, best)) if *best <= demerits => {}
                _ => fallback = Some((breaks, demerits)),
            }
        }
    }
    // The emergency pass always finds breaks; empty only for an empty paragraph.
    fallback.map(|(b, _)| b).unwrap_or_default()
}

/// Penalties from this size on are worth a looser pass to avoid (see [`justify`]).
pub(crate) const STRONG_PENALTY: f32 = 1_000.0;

fn is_legal_break(items: &[Item], i: usize) -> bool {
    match items[i] {
        Item::Box { .. } => false,
        Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
        Item::Penalty { cost, .. } => cost < INFINITE_PENALTY,
    }
}

fn is_forced(item: &Item) -> bool {
    matches!(item, Item::Penalty { cost, .. } if *cost <= -INFINITE_PENALTY)
}

fn total_fit(
    items: &[Item],
    protrusion: &[f32],
    line_width: f32,
    p: &Params,
) -> Option<(Vec<Break>, f64)> {
    let mut nodes = vec![Node {
        at: 0,
        fitness: 1,
        flagged: false,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    // Active nodes, with whether a legal break has been tried from them yet (an overfull line
    // to the first break after a node cannot be avoided, so the emergency pass accepts it).
    let mut active: Vec<(usize, bool)> = vec![(0, false)];
    let (mut sum_w, mut sum_y, mut sum_z) = (0.0f32, 0.0f32, 0.0f32);

    for (i, item) in items.iter().enumerate() {
        if is_legal_break(items, i) {
            let (pen_width, cost, flagged) = item.break_cost();
            let forced = is_forced(item);
            let hang = if forced || i == 0 {
                0.0
            } else {
                protrusion.get(i - 1).copied().unwrap_or(0.0)
            };
            let mut best: [Option<(f64, usize, f32)>; 4] = [None; 4];
            let mut k = 0;
            while k < active.len() {
                let (a, tried) = active[k];
                let node = nodes[a];
                let w = sum_w - node.width + pen_width - hang;
                let ratio =
                    adjustment_ratio(w, sum_y - node.stretch, sum_z - node.shrink, line_width);
                let overfull = ratio < -1.0;
                let feasible =
                    (!overfull && ratio <= p.tolerance) || (p.emergency && overfull && !tried);
                if feasible {
                    let fitness = fitness_class(ratio);
                    let line = Candidate {
                        ratio,
                        overfull,
                        cost,
                        forced,
                        flagged,
                        fitness,
                    };
                    let total = node.demerits + line.demerits(&node, p);
                    let slot = &mut best[usize::from(fitness)];
                    if slot.is_none_or(|(bd, _, _)| total < bd) {
                        *slot = Some((total, a, ratio.clamp(-1.0, 1.0e3)));
                    }
                }
                active[k].1 = true;
                if overfull || forced {
                    active.remove(k);
                } else {
                    k += 1;
                }
            }
            if best.iter().any(Option::is_some) {
                let totals = totals_after(items, i, sum_w, sum_y, sum_z);
                for (fitness, entry) in best.iter().enumerate() {
                    if let Some(best) = *entry {
                        nodes.push(Node::after(i, fitness as u8, flagged, totals, best));
                        active.push((nodes.len() - 1, false));
                    }
                }
            }
            if active.is_empty() {
                return None;
            }
        }
        match *item {
            Item::Box { width } => sum_w += width,
            Item::Glue {
                width,
                stretch,
                shrink,
            } => (sum_w, sum_y, sum_z) = (sum_w + width, sum_y + stretch, sum_z + shrink),
            Item::Penalty { .. } => {}
        }
    }
    let best = active
        .iter()
        .map(|&(a, _)| a)
        .filter(|&a| nodes[a].prev.is_some())
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    Some((trace_breaks(&nodes, best), nodes[best].demerits))
}

/// How far the glue of a line of natural width `w` must stretch (positive) or shrink
/// (negative) to fill `line_width`, given the line's total stretch `y` and shrink `z`.
fn adjustment_ratio(w: f32, y: f32, z: f32, line_width: f32) -> f32 {
    if w < line_width {
        if y > 0.0 {
            (line_width - w) / y
        } else {
            f32::INFINITY
        }
    } else if w > line_width {
        if z > 0.0 {
            (line_width - w) / z
        } else {
            f32::NEG_INFINITY
        }
    } else {
        0.0
    }
}

/// A feasible line from an active node to the break being tried.
struct Candidate {
    ratio: f32,
    overfull: bool,
    /// The break's penalty cost.
    cost: f32,
    forced: bool,
    flagged: bool,
    fitness: u8,
}

impl Candidate {
    /// TeX's demerits of this line after `from`.
    fn demerits(&self, from: &Node, p: &Params) -> f64 {
        // TeX caps badness at 10,000, so in the last pass one hopelessly loose line (a
        // narrow column's "between      two      of") costs no more than a merely loose one;
        // there the cap is lifted to the overfull line's, and looseness is shared out.
        let cap = if p.emergency { 100_000.0 } else { 10_000.0 };
        let badness = if self.overfull {
            100_000.0
        } else {
            (100.0 * f64::from(self.ratio.abs()).powi(3)).min(cap)
        };
        let mut d = (f64::from(p.line_penalty) + badness).powi(2);
        let c = f64::from(self.cost);
        if self.cost >= 0.0 {
            d += c * c;
        } else if !self.forced {
            d -= c * c;
        }
        if self.flagged && from.flagged {
            d += f64::from(p.double_hyphen_demerits);
        }
        if self.fitness.abs_diff(from.fitness) > 1 {
            d += f64::from(p.fitness_demerits);
        }
        d
    }
}

/// The breaks on the way from the paragraph start to node `best`, in order.
fn trace_breaks(nodes: &[Node], best: usize) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut cur = Some(best);
    while let Some(n) = cur {
        if nodes[n].prev.is_some() {
            breaks.push(Break {
                at: nodes[n].at,
                ratio: nodes[n].ratio,
            });
        }
        cur = nodes[n].prev;
    }
    breaks.reverse();
    breaks
}

fn fitness_class(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Totals up to the first item printed after a break at `at`: the glue and penalties that
/// follow a break vanish with it.
fn totals_after(items: &[Item], at: usize, w: f32, y: f32, z: f32) -> (f32, f32, f32) {
    let (mut w, mut y, mut z) = (w, y, z);
    for (j, item) in items.iter().enumerate().skip(at) {
        match *item {
            Item::Box { .. } => break,
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                w += width;
                y += stretch;
                z += shrink;
            }
            Item::Penalty { .. } => {
                if j > at && is_forced(item) {
                    break;
                }
            }
        }
    }
    (w, y, z)
}

/// The items printed on the line that ends at `end`, given the previous break: glue and
/// penalties right after a break are dropped.
pub(crate) fn line_items(
    items: &[Item],
    prev: Option<usize>,
    end: usize,
) -> std::ops::Range<usize> {
    let mut start = prev.map_or(0, |p| p + 1);
    if prev.is_some() {
        while start < end && !matches!(items[start], Item::Box { .. }) {
            start += 1;
        }
    }
    start..end
}

/// Break ragged lines no wider than `width` so that they come out as even as possible: the
/// fewest lines that fit, then the narrowest measure that still gives that many lines. A
/// title never ends on a lonely word this way unless the words leave no choice.
pub(crate) fn balance(items: &[Item], width: f32) -> Vec<Break> {
    let full = greedy(items, width);
    let target = full.len();
    if target <= 1 {
        return full;
    }
    let (mut lo, mut hi) = (0.0f32, width);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if greedy(items, mid).len() <= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    greedy(items, hi)
}

/// The most break opportunities [`balance_costed`] weighs; a longer title is balanced by
/// [`balance`] (its cost grows with the square of their number).
const MAX_COSTED_BREAKS: usize = 600;

/// Balanced ragged lines, for a Japanese title: as few lines as fit in `width`, chosen so
/// that the sum of each line's squared distance from the average line (points²) and of the
/// costs of the breaks taken is least. The items' penalties carry each break's cost (a
/// Japanese title's phrases, see `inline::phrase_cost`), so a title breaks after 」 rather
/// than inside a word even when that leaves its lines less even.
pub(crate) fn balance_costed(items: &[Item], width: f32) -> Vec<Break> {
    let target = greedy(items, width).len();
    let breaks: Vec<usize> = (0..items.len())
        .filter(|&i| is_legal_break(items, i))
        .collect();
    if target <= 1
        || breaks.len() > MAX_COSTED_BREAKS
        || !breaks.last().is_some_and(|&b| is_forced(&items[b]))
    {
        return balance(items, width);
    }
    // The natural width of the line from the break before (`None`: the start) to `end`.
    let line_width = |prev: Option<usize>, end: usize| -> f32 {
        let range = line_items(items, prev, end);
        let pen = match items[end] {
            Item::Penalty { width, .. } => width,
            Item::Box { .. } | Item::Glue { .. } => 0.0,
        };
        items[range]
            .iter()
            .filter(|i| !matches!(i, Item::Glue { stretch, .. } if *stretch >= FILL))
            .map(|i| match i {
                Item::Box { width } | Item::Glue { width, .. } => *width,
                Item::Penalty { .. } => 0.0,
            })
            .sum::<f32>()
            + pen
    };
    let total = line_width(None, *breaks.last().unwrap_or(&0));
    let avg = f64::from(total) / target as f64;
    let n = breaks.len();
    // best[l][k]: least cost of `l + 1` lines ending at break `k`, with the break before.
    let mut best: Vec<Vec<Option<Reached>>> = vec![vec![None; n]; target];
    for k in 0..n {
        let w = line_width(None, breaks[k]);
        if w <= width + 0.01 {
            best[0][k] = Some((line_cost(items, breaks[k], w, avg), None));
        }
    }
    for l in 1..target {
        for k in 0..n {
            for j in 0..k {
                let Some((c, _)) = best[l - 1][j] else {
                    continue;
                };
                let w = line_width(Some(breaks[j]), breaks[k]);
                if w > width + 0.01 {
                    continue;
                }
                let total = c + line_cost(items, breaks[k], w, avg);
                if best[l][k].is_none_or(|(b, _)| total < b) {
                    best[l][k] = Some((total, Some(j)));
                }
            }
        }
    }
    // Back from the forced break at the end.
    let mut out = Vec::with_capacity(target);
    let mut at = Some(n - 1);
    for l in (0..target).rev() {
        let Some(k) = at else {
            return balance(items, width);
        };
        let Some((_, prev)) = best[l][k] else {
            return balance(items, width);
        };
        out.push(Break {
            at: breaks[k],
            ratio: 0.0,
        });
        at = prev;
    }
    out.reverse();
    out
}

/// How a break is best reached: the cost so far and the break before (`None`: the start).
type Reached = (f64, Option<usize>);

/// The cost of a line of natural width `w` ending at break `at`: its squared distance from
/// the average line, and the break's penalty (none for the paragraph's end).
fn line_cost(items: &[Item], at: usize, w: f32, avg: f64) -> f64 {
    let d = f64::from(w) - avg;
    let penalty = match items[at] {
        Item::Penalty { cost, .. } if cost > 0.0 => f64::from(cost),
        _ => 0.0,
    };
    d * d + penalty
}

/// First-fit breaking at natural widths (the building block of [`balance`]).
fn greedy(items: &[Item], width: f32) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut line_start_w = 0.0f32;
    let mut sum_w = 0.0f32;
    let mut last_fit: Option<(usize, f32)> = None;
    let mut i = 0;
    while i < items.len() {
        let item = items[i];
        if is_legal_break(items, i) {
            let pen_width = match item {
                Item::Penalty { width, .. } => width,
                Item::Box { .. } | Item::Glue { .. } => 0.0,
            };
            let w = sum_w - line_start_w + pen_width;
            if w > width
                && let Some((at, after_w)) = last_fit.take()
            {
                breaks.push(Break { at, ratio: 0.0 });
                line_start_w = after_w;
                // Re-examine this break point against the new line.
                continue;
            }
            let (after_w, _, _) = totals_after(items, i, sum_w, 0.0, 0.0);
            if is_forced(&item) {
                breaks.push(Break { at: i, ratio: 0.0 });
                line_start_w = after_w;
                last_fit = None;
            } else {
                last_fit = Some((i, after_w));
            }
        }
        match item {
            Item::Box { width } => sum_w += width,
            Item::Glue { width, .. } => sum_w += width,
            Item::Penalty { .. } => {}
        }
        i += 1;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box { width: w });
        }
        items.extend(PARAGRAPH_END);
        items
    }

    fn natural(items: &[Item], range: std::ops::Range<usize>) -> f32 {
        items[range]
            .iter()
            .map(|i| match i {
                Item::Box { width } | Item::Glue { width, .. } => *width,
                Item::Penalty { .. } => 0.0,
            })
            .sum()
    }

    // Total fit keeps every line but the last within tolerance and ends with a forced break.
    #[test]
    fn justified_lines_fit() {
        // Five words and four spaces: 112 pt natural, 108 pt fully shrunk.
        let items = words(&[20.0; 40]);
        let breaks = justify(&items, &[], 110.0);
        assert!(breaks.len() >= 8);
        assert_eq!(breaks.last().unwrap().at, items.len() - 1);
        for b in &breaks[..breaks.len() - 1] {
            assert!(b.ratio.abs() <= 1.0, "{breaks:?}");
        }
    }

    // A paragraph does not end on a lonely word when a looser (but acceptable) line avoids it.
    #[test]
    fn looser_line_beats_a_runt() {
        let glue = Item::Glue {
            width: 3.0,
            stretch: 6.0,
            shrink: 1.0,
        };
        let b = |width| Item::Box { width };
        let items = vec![
            b(40.0),
            glue,
            b(40.0),
            glue,
            b(10.0),
            Item::Penalty {
                width: 0.0,
                cost: STRONG_PENALTY,
                flagged: false,
            },
            glue,
            b(10.0),
        ];
        let items = [items.as_slice(), &PARAGRAPH_END].concat();
        // Strict pass: "40 40 10" (shrunk) + runt "10"; looser pass: "40 40" + "10 10".
        let breaks = justify(&items, &[], 95.0);
        assert_eq!(breaks[0].at, 3, "{breaks:?}");
    }

    // A word wider than the measure gets a line of its own instead of failing.
    #[test]
    fn overfull_word_still_breaks() {
        let items = words(&[20.0, 500.0, 20.0]);
        let breaks = justify(&items, &[], 100.0);
        assert_eq!(breaks.len(), 3);
    }

    // A costed title breaks where its penalties cost least, even at some evenness: the cheap
    // break after the third of five boxes wins over an even but dear one after the second.
    #[test]
    fn costed_balance_prefers_cheap_breaks() {
        let b = |width| Item::Box { width };
        let pen = |cost| Item::Penalty {
            width: 0.0,
            cost,
            flagged: false,
        };
        let glue = Item::Glue {
            width: 0.0,
            stretch: 1.0,
            shrink: 0.0,
        };
        let mut items = Vec::new();
        for (i, cost) in [50_000.0, 50_000.0, 0.0, 50_000.0].iter().enumerate() {
            items.push(b(if i == 0 { 40.0 } else { 30.0 }));
            items.push(pen(*cost));
            items.push(glue);
        }
        items.push(b(30.0));
        items.extend(PARAGRAPH_END);
        // 160 pt in 120: two lines; the break after the third box (100 + 60) is free.
        let breaks = balance_costed(&items, 120.0);
        assert_eq!(breaks.len(), 2, "{breaks:?}");
        assert_eq!(breaks[0].at, 7, "{breaks:?}");
        assert_eq!(breaks[1].at, items.len() - 1);
    }

    // Balanced breaking evens out the lines: no short last line when the words allow it.
    #[test]
    fn balanced_lines_are_even() {
        let items = words(&[30.0, 30.0, 30.0, 30.0, 30.0]);
        let breaks = balance(&items, 140.0);
        assert_eq!(breaks.len(), 2);
        let first = line_items(&items, None, breaks[0].at);
        let second = line_items(&items, Some(breaks[0].at), breaks[1].at);
        let (a, b) = (natural(&items, first), natural(&items, second));
        assert!((a - b).abs() <= 33.0, "{a} vs {b}");
    }
}
