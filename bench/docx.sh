#!/usr/bin/env bash
# bench/docx.sh: how fast `chancery build --format docx` is, next to pandoc on the same text.
#
# Times `chancery build drafts/2014-05-09-washington-2nd --format docx` (the whole CLI: load the
# draft, assemble, render, write the file atomically) against `pandoc statement.md -o
# statement.docx` on the same Markdown, on the same machine in the same run, and prints the
# ratio of the mean wall-clock times (and of CPU times, which a busy machine disturbs less).
# Uses hyperfine; when pandoc or hyperfine is missing it installs them with apt-get if run as
# root, else says what to install. Usage: bench/docx.sh [extra hyperfine args, e.g. --runs 200]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
draft="$root/drafts/2014-05-09-washington-2nd"

missing=()
for tool in pandoc hyperfine; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        apt-get install -y "${missing[@]}"
    else
        echo "bench/docx.sh: missing ${missing[*]}: install them (apt-get install -y ${missing[*]})," \
            "or run this script as root to have it do so" >&2
        exit 2
    fi
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin chancery
bin="${CARGO_TARGET_DIR:-$root/target}/release/chancery"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/chancery" "$work/pandoc"
# pandoc gets chancery's own Markdown of the same statement, so both write the same text.
"$bin" build "$draft" --format md --out "$work" 2>/dev/null

hyperfine --warmup 5 --min-runs 50 -N --export-json "$work/times.json" "$@" \
    -n chancery "$bin build $draft --format docx --out $work/chancery" \
    -n pandoc "pandoc $work/statement.md -o $work/pandoc/statement.docx"

# hyperfine's JSON lists the commands in order, one "key": value per line.
awk 'BEGIN { n = 0 }
    /"mean":/   { gsub(/[",]/, "", $2); mean[n] = $2 }
    /"user":/   { gsub(/[",]/, "", $2); user[n] = $2 }
    /"system":/ { gsub(/[",]/, "", $2); sys[n] = $2; n++ }
    END {
        printf "\nchancery: %.1f ms wall, %.1f ms CPU\n", mean[0] * 1000, (user[0] + sys[0]) * 1000
        printf "pandoc:   %.1f ms wall, %.1f ms CPU\n", mean[1] * 1000, (user[1] + sys[1]) * 1000
        printf "ratio (pandoc / chancery): %.1fx wall, %.1fx CPU\n",
            mean[1] / mean[0], (user[1] + sys[1]) / (user[0] + sys[0])
    }
' "$work/times.json"
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
