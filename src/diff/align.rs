//! Paragraph alignment: which old block became which new block, and which ones moved.
//!
//! Three passes, each bounded by a fixed amount of work (no clock, so the same inputs always
//! align the same way):
//!
//! 1. **Anchors.** Blocks are keyed by their clause id (when that id is unique on both sides) or
//!    else by their text with white space normalised; `similar`'s patience diff over the keys
//!    gives the longest in-order run of equal blocks.
//! 2. **Regions.** Between two anchors, old and new blocks are paired by similarity (Dice over
//!    sketches of word bigrams), keeping pairs in order: the heaviest increasing chain of candidate pairs.
//!    Title-block kinds (title, subtitle, date line, done-at) of the same kind pair even when
//!    their words differ, since a date line is always the date line.
//! 3. **Moves.** What is left on both sides is paired across the whole document: same clause id,
//!    then identical text, then similar text. Those pairs are moves.
//!
//! Candidate pairs come from all pairs when a region is small, otherwise from the bounded index
//! of [`crate::similarity`], queried with a fixed-size sample of each block's features (features
//! shared by too many blocks say little and are skipped); either way the work per block is
//! bounded. Features and Dice are the similarity layer's too, the same provenance uses.

use std::hash::BuildHasherDefault;
use std::ops::Range;

use rustc_hash::FxHasher;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::similarity::{Index, Query, dice};

type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Similarity (per mille) for two blocks in the same region to be paired.
const PAIR_MIN: u32 = 300;
/// Similarity (per mille) for two leftover blocks to be reported as a moved paragraph.
const MOVE_MIN: u32 = 500;
/// Similarity (per mille) at which a block and the block at the same place of its region pair
/// without looking for other candidates.
const DIAGONAL_MIN: u32 = 700;
/// Weight of a pairing that rests only on both blocks being the same title-block kind.
const KIND_WEIGHT: u32 = 1;
/// Up to this many pairs, every pair of a region is scored; above, the inverted index is used.
const DENSE_PAIRS: usize = 64;
/// A feature shared by more blocks than this proposes no candidates (it says little).
const POSTING_CAP: usize = 64;
/// Features of an old block looked up in the index (the first of its sketch).
const SAMPLE: usize = 16;
/// Candidates scored exactly per old block, the best by the features they share.
const TOP_CANDIDATES: usize = 8;

/// What alignment knows about one block.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockInfo {
    /// Equal keys mean "the same block" (same unique clause id, or same normalised text).
    pub key: u32,
    /// Clause key when the block's clause id is unique on both sides.
    pub clause: Option<u32>,
    /// Title-block kind class (0 for body blocks), for pairing headings whose words changed.
    pub kind_class: u8,
    /// Clause id present at all (blocks of two different clauses never pair by similarity).
    pub has_clause: Option<u32>,
    /// Similarity features (a sketch of word bigrams), sorted by value, deduplicated; empty for
    /// non-text blocks.
    pub features: Vec<u64>,
}

/// The alignment of two block sequences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Alignment {
    /// In-order pairs (old index, new index): the same paragraph, possibly edited.
    pub pairs: Vec<(usize, usize)>,
    /// Moved paragraphs (old index, new index), in new order.
    pub moves: Vec<(usize, usize)>,
}

/// Exact anchors: pairs of blocks with equal keys, in order (patience diff over the keys).
pub(crate) fn anchors(old: &[u32], new: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            out.extend(o.zip(n));
        }
    }
    out
}

/// Complete the alignment: pair blocks between anchors, then find moves among the rest.
pub(crate) fn align(old: &[BlockInfo], new: &[BlockInfo], anchors: &[(usize, usize)]) -> Alignment {
    let mut pairs = Vec::with_capacity(anchors.len());
    let (mut o, mut n) = (0, 0);
    for &(ao, an) in anchors
        .iter()
        .chain(std::iter::once(&(old.len(), new.len())))
    {
        if ao > o && an > n {
            pairs.extend(pair_region(old, new, o..ao, n..an));
        }
        if ao < old.len() && an < new.len() {
            pairs.push((ao, an));
        }
        (o, n) = (ao + 1, an + 1);
    }

    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for &(a, b) in &pairs {
        old_used[a] = true;
        new_used[b] = true;
    }
    let moves = find_moves(old, new, &mut old_used, &mut new_used);
    Alignment { pairs, moves }
}

/// Pair the blocks of one region: the heaviest in-order chain of candidate pairs.
fn pair_region(
    old: &[BlockInfo],
    new: &[BlockInfo],
    o: Range<usize>,
    n: Range<usize>,
) -> Vec<(usize, usize)> {
    let olds: Vec<usize> = o.collect();
    let news: Vec<usize> = n.collect();
    let mut edges = candidates(old, new, &olds, &news, PAIR_MIN);
    // Title-block kinds pair by kind when nothing better holds them (few such blocks exist).
    for &a in &olds {
        let ka = old[a].kind_class;
        if ka == 0 {
            continue;
        }
        for &b in &news {
            if new[b].kind_class == ka && compatible(&old[a], &new[b]) {
                edges.push(Edge {
                    old: a,
                    new: b,
                    weight: KIND_WEIGHT,
                });
            }
        }
    }
    heaviest_chain(edges)
}

/// A scored candidate pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge {
    old: usize,
    new: usize,
    weight: u32,
}

/// Blocks of two different clauses are different paragraphs whatever their words.
fn compatible(a: &BlockInfo, b: &BlockInfo) -> bool {
    match (a.has_clause, b.has_clause) {
        (Some(x), Some(y)) => x == y,
        (Some(_), None) | (None, Some(_)) | (None, None) => true,
    }
}

/// Candidate pairs between `olds` and `news` scoring at least `min` (per mille).
fn candidates(
    old: &[BlockInfo],
    new: &[BlockInfo],
    olds: &[usize],
    news: &[usize],
    min: u32,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    let consider = |a: usize, b: usize, edges: &mut Vec<Edge>| {
        if !compatible(&old[a], &new[b]) {
            return;
        }
        let weight = dice(&old[a].features, &new[b].features);
        if weight >= min {
            edges.push(Edge {
                old: a,
                new: b,
                weight,
            });
        }
    };
    if olds.len().saturating_mul(news.len()) <= DENSE_PAIRS {
        for &a in olds {
            for &b in news {
                consider(a, b, &mut edges);
            }
        }
        return edges;
    }
    // Sparse: the bounded index of the similarity layer over the new blocks' features, queried
    // with the first features of each old block: features are sketches sorted by a mixed
    // hash, so two similar blocks start with mostly the same ones. Features shared by too many
    // blocks propose nothing; the best few candidates are scored exactly.
    //
    // A block that pairs clearly with the block at the same place of the region (the usual
    // case: paragraphs edited in place) is taken with it, without a lookup: a rival would
    // have to be closer still than 70 % of shared bigrams, which edited statements do not
    // offer, and the lookup is most of the cost of aligning a long document.
    let mut looked_up: Vec<usize> = Vec::with_capacity(olds.len());
    for (k, &a) in olds.iter().enumerate() {
        match news.get(k) {
            Some(&b)
                if compatible(&old[a], &new[b])
                    && dice(&old[a].features, &new[b].features) >= DIAGONAL_MIN =>
            {
                consider(a, b, &mut edges);
            }
            _ => looked_up.push(a),
        }
    }
    if looked_up.is_empty() {
        return edges;
    }
    let mut index = Index::new();
    for &b in news {
        index.insert(&new[b].features);
    }
    let query = Query {
        sample: SAMPLE,
        posting_cap: POSTING_CAP,
        budget: usize::MAX,
        top: TOP_CANDIDATES,
    };
    for &a in &looked_up {
        for local in index.nearest(&old[a].features, &query) {
            consider(a, news[local as usize], &mut edges);
        }
    }
    edges
}

/// The chain of edges, increasing in both old and new index, with the greatest total weight.
/// O(E log E) with a Fenwick tree of prefix maxima over the new index.
fn heaviest_chain(mut edges: Vec<Edge>) -> Vec<(usize, usize)> {
    if edges.is_empty() {
        return Vec::new();
    }
    edges.sort_unstable_by(|x, y| x.old.cmp(&y.old).then(x.new.cmp(&y.new)));
    edges.dedup_by(|x, y| x.old == y.old && x.new == y.new);
    let mut news: Vec<usize> = edges.iter().map(|e| e.new).collect();
    news.sort_unstable();
    news.dedup();
    let rank = |n: usize| news.binary_search(&n).unwrap_or(0);

    // tree[i] = best (score, edge index) among chains ending at a new rank < i (1-based).
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); news.len() + 1];
    let mut best: Vec<(u64, usize)> = vec![(0, usize::MAX); edges.len()];
    let query = |tree: &[(u64, usize)], mut i: usize| {
        let mut acc = (0u64, usize::MAX);
        while i > 0 {
            if better(tree[i], acc) {
                acc = tree[i];
            }
            i &= i - 1;
        }
        acc
    };
    let mut start = 0;
    while start < edges.len() {
        // All edges of one old block are scored before any of them is inserted: a chain takes
        // at most one edge per old block.
        let mut end = start;
        while end < edges.len() && edges[end].old == edges[start].old {
            end += 1;
        }
        for k in start..end {
            let prev = query(&tree, rank(edges[k].new));
            best[k] = (prev.0 + u64::from(edges[k].weight), prev.1);
        }
        for k in start..end {
            let mut i = rank(edges[k].new) + 1;
            while i < tree.len() {
                if better((best[k].0, k), tree[i]) {
                    tree[i] = (best[k].0, k);
                }
                i += i & i.wrapping_neg();
            }
        }
        start = end;
    }
    let mut at = (0..edges.len())
        .fold(None::<usize>, |acc, k| match acc {
            Some(a) if !better((best[k].0, k), (best[a].0, a)) => Some(a),
            _ => Some(k),
        })
        .unwrap_or(usize::MAX);
    let mut chain = Vec::new();
    while at != usize::MAX {
        chain.push((edges[at].old, edges[at].new));
        at = best[at].1;
    }
    chain.reverse();
    chain
}

/// Higher score wins; on a tie the earlier edge, so results never depend on visiting order.
fn better(x: (u64, usize), y: (u64, usize)) -> bool {
    x.0 > y.0 || (x.0 == y.0 && x.0 > 0 && x.1 < y.1)
}

/// Pair leftover blocks across the document: same clause, same text, then similar text.
fn find_moves(
    old: &[BlockInfo],
    new: &[BlockInfo],
    old_used: &mut [bool],
    new_used: &mut [bool],
) -> Vec<(usize, usize)> {
    let mut moves = Vec::new();
    let left_new: Vec<usize> = (0..new.len()).filter(|&b| !new_used[b]).collect();
    if left_new.is_empty() {
        return moves;
    }

    // Same clause id, then same text: exact evidence, first come first served in old order.
    let mut by_clause: FxMap<u32, usize> = FxMap::default();
    let mut by_key: FxMap<u32, Vec<usize>> = FxMap::default();
    for &b in left_new.iter().rev() {
        if let Some(c) = new[b].clause {
            by_clause.insert(c, b);
        }
        by_key.entry(new[b].key).or_default().push(b);
    }
    for a in 0..old.len() {
        if old_used[a] {
            continue;
        }
        let hit = old[a]
            .clause
            .and_then(|c| by_clause.get(&c).copied())
            .filter(|&b| !new_used[b])
            .or_else(|| {
                let list = by_key.get_mut(&old[a].key)?;
                while let Some(b) = list.pop() {
                    if !new_used[b] {
                        return Some(b);
                    }
                }
                None
            });
        if let Some(b) = hit {
            old_used[a] = true;
            new_used[b] = true;
            moves.push((a, b));
        }
    }

    // Similar text: best pairs first.
    let olds: Vec<usize> = (0..old.len())
        .filter(|&a| !old_used[a] && !old[a].features.is_empty())
        .collect();
    let news: Vec<usize> = (0..new.len())
        .filter(|&b| !new_used[b] && !new[b].features.is_empty())
        .collect();
    let mut edges = candidates(old, new, &olds, &news, MOVE_MIN);
    edges.sort_unstable_by(|x, y| {
        y.weight
            .cmp(&x.weight)
            .then(x.old.cmp(&y.old))
            .then(x.new.cmp(&y.new))
    });
    for e in edges {
        if !old_used[e.old] && !new_used[e.new] {
            old_used[e.old] = true;
            new_used[e.new] = true;
            moves.push((e.old, e.new));
        }
    }
    moves.sort_unstable_by_key(|&(_, b)| b);
    moves
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(key: u32, features: &[u64]) -> BlockInfo {
        let mut features = features.to_vec();
        features.sort_unstable();
        features.dedup();
        BlockInfo {
            key,
            features,
            ..BlockInfo::default()
        }
    }

    // The chain keeps pairs in order and prefers the heavier consistent set.
    #[test]
    fn heaviest_chain_is_in_order() {
        let e = |old, new, weight| Edge { old, new, weight };
        let chain = heaviest_chain(vec![e(0, 2, 900), e(1, 0, 500), e(2, 1, 500), e(3, 3, 100)]);
        assert_eq!(chain, vec![(1, 0), (2, 1), (3, 3)]);
    }

    // An edited paragraph pairs in place; a paragraph moved to the end is a move.
    #[test]
    fn pairs_in_place_and_finds_moves() {
        let old = vec![
            info(1, &[1, 2, 3, 4]),
            info(2, &[10, 11, 12, 13]),
            info(3, &[20, 21, 22, 23]),
            info(4, &[30, 31, 32, 33]),
        ];
        let new = vec![
            info(2, &[10, 11, 12, 13]),
            info(5, &[20, 21, 22, 99]),
            info(4, &[30, 31, 32, 33]),
            info(1, &[1, 2, 3, 4]),
        ];
        let keys = |v: &[BlockInfo]| v.iter().map(|b| b.key).collect::<Vec<_>>();
        let anchors = anchors(&keys(&old), &keys(&new));
        let al = align(&old, &new, &anchors);
        assert_eq!(al.pairs, vec![(1, 0), (2, 1), (3, 2)]);
        assert_eq!(al.moves, vec![(0, 3)]);
    }

    // The sparse path finds the same pairs as scoring every pair.
    #[test]
    fn sparse_candidates_match_dense() {
        let n = 100;
        let mk = |i: u64, salt: u64| {
            info(
                u32::try_from(i * 2 + salt).unwrap_or(0),
                &(0..10)
                    .map(|k| i * 100 + k + salt * (k / 9))
                    .collect::<Vec<_>>(),
            )
        };
        let old: Vec<BlockInfo> = (0..n).map(|i| mk(i, 0)).collect();
        let new: Vec<BlockInfo> = (0..n).map(|i| mk(i, 1)).collect();
        let al = align(&old, &new, &[]);
        let expected: Vec<(usize, usize)> = (0..n as usize).map(|i| (i, i)).collect();
        assert_eq!(al.pairs, expected);
        assert!(al.moves.is_empty());
    }
}
