#!/usr/bin/env bash
# Generate an archive of N adopted statements for the provenance benchmarks, from the 2014
# text, each one varied the way a series varies: its own ordinal, date and city, some verbs
# changed, some paragraphs dropped, and sentences of its own. Writes DIR/0001-statement.txt ….
# Usage: bench/gen_archive.sh N DIR
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?N statements}
dir=${2:?output folder}
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" '
  BEGIN {
    RS = "\n\n"; ORS = "\n\n"
    split("Tokyo|Washington, D.C.|Kyoto|New York|Osaka|Houston|Tsukuba|Pasadena", cities, "|")
    split("January|February|March|April|May|June|July|August|September|October|November|December", months, "|")
    split("confirmed|reaffirmed|affirmed|recognized|welcomed|noted", verbs, "|")
    split("space debris|lunar exploration|space weather|launch services|satellite navigation|climate observation|spectrum use|export controls", topics, "|")
  }
  { para[NR] = $0 }
  END {
    for (i = 1; i <= n; i++) {
      file = sprintf("%s/%04d-statement.txt", dir, i)
      year = 1900 + i
      date = sprintf("%s %d, %d", months[(i % 12) + 1], (i % 28) + 1, year)
      city = cities[(i % 8) + 1]
      for (p = 1; p <= NR; p++) {
        text = para[p]
        gsub(/Second/, "Meeting " i, text)
        gsub(/May 9, 2014/, date, text)
        gsub(/Washington, D\.C\./, city, text)
        if (i % 3 == 0) gsub(/confirmed/, verbs[(i % 6) + 1], text)
        if (i % 5 == 0) gsub(/discussed/, "reviewed", text)
        if (i % 7 == p % 7 && p > 4) continue          # some paragraphs dropped
        if (p == 6)                                     # sentences of its own
          text = text " Both sides exchanged views on " topics[(i % 8) + 1] " in " year \
                 " and agreed to report on item " i " of the work plan."
        print text > file
      }
      close(file)
    }
  }
' drafts/2014-05-09-washington-2nd/adopted.txt
