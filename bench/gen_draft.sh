#!/usr/bin/env bash
# Generate a long draft for the scale benchmarks: the 2014 draft's header (series, meeting,
# parties, previous, next) followed by N body paragraphs, alternately one of the library's
# clauses (with its own id, so ids stay unique) and an inline paragraph of about 700 bytes.
# 2,400 paragraphs make a statement of about 1 MB. Writes DIR/meeting.toml.
# Usage: bench/gen_draft.sh N DIR
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?N paragraphs}
dir=${2:?output folder}
mkdir -p "$dir"
awk -v n="$n" '
  /^\[\[body\]\]/ { exit }
  { print }
  END {
    split("new-era ssa-information-sharing strategic-importance remote-sensing pnt-earth-observation iss-exploration tcbms", clauses, " ")
    print "[[body]]\nclause = \"opening\"\n\n[[body]]\nclause = \"co-chairs\"\n"
    for (i = 1; i <= n - 2; i++) {
      if (i % 2 == 1) {
        printf "[[body]]\nid = \"p-%d\"\nclause = \"%s\"\n\n", i, clauses[(i % 7) + 1]
      } else {
        printf "[[body]]\nid = \"p-%d\"\ntext = \"", i
        printf "Paragraph %d: both sides discussed the cooperation on item %d of the work plan, ", i, i
        printf "including space situational awareness, satellite navigation, Earth observation and the "
        printf "peaceful exploration of space, and confirmed their intention to continue the exchange of "
        printf "information on policies, programs and activities between the relevant agencies of the two "
        printf "governments. They reaffirmed the importance of transparency and confidence-building measures "
        printf "for the long-term sustainability of outer space activities and welcomed the progress made "
        printf "since the previous meeting of the Dialogue on the matters of item %d.\"\n\n", i
      }
    }
  }
' drafts/2014-05-09-washington-2nd/meeting.toml > "$dir/meeting.toml"
