#!/usr/bin/env bash
# compare.sh — fasttrack side by side with Taskwarrior, in one hyperfine run per group.
#
# Usage:  benches/compare.sh            (from anywhere; builds target/release/fasttrack)
#
# What it does
#   1. Builds the release binary (`cargo build --release --locked`), unless FT_BIN is set;
#      with STATIC=1, the static glibc build the README offers (Linux, gnu targets only).
#   2. Creates two engagements with the real binary (`fasttrack init`), then appends a
#      generated journal of N changes (ops done/start/note/block cycling over every catalog
#      item, times increasing by a second, each with the `prev` the tool writes): 300
#      changes, and 100x that (30,000).
#   3. Sets Taskwarrior up in isolation (TASKRC/TASKDATA in a temp dir, never ~/.taskrc) with
#      150 tasks over four projects, a third of them completed.
#   4. Times, in ONE hyperfine run (-N, no shell, warmup, medians): the floor (a Rust
#      hello-world built here with `rustc -C opt-level=3`), `fasttrack --version`, `status`,
#      `items`, `export --format json` (when the binary has it), `status` on 30,000 changes,
#      and `task summary|all|export`.
#      Then, in a second run: `fasttrack note ID -m TEXT` against `task N annotate TEXT`
#      (both append and sync to disk; each run adds one line, which does not change the
#      timing measurably).
#      Then, in a third run: `fasttrack portfolio` over 1,000 engagements of 30 changes each.
#   5. Peak RSS of `status` (300 and 30,000 changes) via /usr/bin/time -v, binary size, and
#      with BUILD_TIME=1 a clean release build's wall time (a fresh target folder: ~1 minute).
#   6. Prints a table of medians and ratios, the loading cost per change, and the five
#      targets (status and export json against the hello-world, status against
#      `task summary`, note against `task annotate`, status at 100x the journal) with the
#      ratio each reached in this run.
#
# Installs nothing. Needs hyperfine (Debian: hyperfine); Taskwarrior (Debian: taskwarrior)
# and GNU time (Debian: time) are optional: what is missing is skipped with a message.
# Knobs (env): FT_BIN (skip the build) WARMUP (5) MIN_RUNS (30) RESULTS_DIR (temp dir)
#              CHANGES (300) SCALE (100) KEEP_WORK (keep the engagements, for profiling)
#              SETUP_ONLY (create the engagements, time nothing) PORTFOLIO (1000)
#              BUILD_TIME (1: time a clean release build too) STATIC (1: the static build)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WARMUP=${WARMUP:-5}
MIN_RUNS=${MIN_RUNS:-30}
CHANGES=${CHANGES:-300}
SCALE=${SCALE:-100}
BIG=$((CHANGES * SCALE))
TASKS=150
PORTFOLIO=${PORTFOLIO:-1000}

command -v hyperfine >/dev/null || {
  echo "compare.sh: hyperfine is missing (Debian: apt-get install hyperfine); nothing timed" >&2
  exit 1
}
HAVE_TASK=1
command -v task >/dev/null || {
  HAVE_TASK=0
  echo "compare.sh: task is missing (Debian: apt-get install taskwarrior): Taskwarrior columns skipped" >&2
}
HAVE_TIME=1
[ -x /usr/bin/time ] || {
  HAVE_TIME=0
  echo "compare.sh: /usr/bin/time is missing (Debian: apt-get install time): peak RSS skipped" >&2
}

# ---- 1. the binary ----------------------------------------------------------------------
if [ -z "${FT_BIN:-}" ] && [ -n "${STATIC:-}" ]; then
  HOST=$(rustc -vV | sed -n 's/^host: //p')
  case $HOST in
    *-linux-gnu) ;;
    *) echo "compare.sh: STATIC=1 links glibc statically; $HOST is not a gnu target" >&2; exit 1 ;;
  esac
  (cd "$HERE" && RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --quiet --target "$HOST")
  FT_BIN=$HERE/target/$HOST/release/fasttrack
elif [ -z "${FT_BIN:-}" ]; then
  (cd "$HERE" && cargo build --release --locked --quiet)
  FT_BIN=$HERE/target/release/fasttrack
fi
FT=$(realpath "$FT_BIN")

WORK=$(mktemp -d -t ftcompare.XXXXXX)
if [ -n "${KEEP_WORK:-}" ]; then echo "work dir kept: $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

# The floor: what any Rust program pays to start and print a line (same toolchain, dynamic).
echo 'fn main() { println!("Hello, world!"); }' >"$WORK/hello.rs"
rustc -C opt-level=3 -o "$WORK/hello" "$WORK/hello.rs"
HELLO=$WORK/hello
RESULTS=${RESULTS_DIR:-$WORK/results}
mkdir -p "$RESULTS"
# The tool's own variables would change what is measured.
unset FASTTRACK_STATE FASTTRACK_CATALOG FASTTRACK_USER NO_COLOR CLICOLOR_FORCE

# ---- 2. engagements ---------------------------------------------------------------------
# No engagement in $WORK: `items --ids` lists every catalog id.
(cd "$WORK" && "$FT" items --ids) >"$WORK/ids.txt"
NITEMS=$(wc -l <"$WORK/ids.txt")
FIRST_ID=$(head -n1 "$WORK/ids.txt")

# make_journal PATH N: `fasttrack init`, then N generated changes in the journal's format.
make_journal() {
  local path=$1 n=$2
  "$FT" --state "$path" --by bench init --customer "Bench $n" >/dev/null
  awk -v n="$n" 'NR == FNR { ids[m++] = $0; next } END {
    split("done start note block", ops, " ")
    split("done in-progress - blocked", sts, " ")
    for (i = 0; i < n; i++) {
      op = ops[(i % 4) + 1]; st = sts[(i % 4) + 1]; item = ids[int(i / 4) % m]
      t = i + 1
      at = sprintf("2026-01-%02dT%02d:%02d:%02d.%06dZ", 1 + int(t / 86400), int(t / 3600) % 24, int(t / 60) % 60, t % 60, i % 1000000)
      printf "{\"id\":\"%016x\",\"at\":\"%s\",\"by\":\"bench\",\"op\":\"%s\",\"item\":\"%s\"", i + 1, at, op, item
      if (st != "-") printf ",\"status\":\"%s\"", st
      if (op == "note" || op == "block") printf ",\"note\":\"generated note %d for the benchmark\"", i
      # As the tool writes it: the id of the latest change to the item ("" for its first).
      printf ",\"prev\":\"%s\"}\n", last[item]
      last[item] = sprintf("%016x", i + 1)
    }
  }' "$WORK/ids.txt" /dev/null >>"$path"
}
SMALL_J=$WORK/small/fasttrack.jsonl
BIG_J=$WORK/big/fasttrack.jsonl
mkdir -p "$WORK/small" "$WORK/big"
make_journal "$SMALL_J" "$CHANGES"
make_journal "$BIG_J" "$BIG"
"$FT" --state "$SMALL_J" status >/dev/null # checks the generated journal reads without error

# A portfolio: $PORTFOLIO engagements of 30 changes, each a copy of one template with its own
# engagement id and customer, in a folder of its own as a consultant keeps them.
TEMPLATE=$WORK/template/fasttrack.jsonl
mkdir -p "$WORK/template"
make_journal "$TEMPLATE" 30
(cd "$WORK" && seq -f "portfolio/customer-%04g" "$PORTFOLIO" | xargs mkdir -p)
awk -v n="$PORTFOLIO" -v dir="$WORK/portfolio" '{ lines[NR] = $0 } END {
  for (e = 1; e <= n; e++) {
    file = sprintf("%s/customer-%04d/fasttrack.jsonl", dir, e)
    header = lines[1]
    sub(/"engagement":"[^"]*"/, sprintf("\"engagement\":\"%016x\"", e), header)
    sub(/"customer":"[^"]*"/, sprintf("\"customer\":\"Customer %04d\"", e), header)
    print header > file
    for (i = 2; i <= NR; i++) print lines[i] > file
    close(file)
  }
}' "$TEMPLATE"
"$FT" portfolio "$WORK/portfolio" >/dev/null # checks the portfolio reads without error

[ -n "${SETUP_ONLY:-}" ] && { echo "engagements: $SMALL_J $BIG_J"; exit 0; }

# Is `export --format json` built? (a trial run; other branches bring it)
HAVE_EXPORT=0
if "$FT" --state "$SMALL_J" export --format json >/dev/null 2>&1; then HAVE_EXPORT=1; fi

# ---- 3. Taskwarrior in isolation --------------------------------------------------------
if [ "$HAVE_TASK" = 1 ]; then
  TWDATA=$WORK/tw
  mkdir -p "$TWDATA"
  cat >"$WORK/taskrc" <<EOF
data.location=$TWDATA
confirmation=off
verbose=nothing
hooks=off
color=off
defaultwidth=160
news.version=2.6.0
EOF
  export TASKRC=$WORK/taskrc TASKDATA=$TWDATA
  awk -v n="$TASKS" 'BEGIN {
    split("initiate assess remediate enable", ph, " ")
    printf "["
    for (i = 1; i <= n; i++) {
      printf "%s{\"uuid\":\"%08x-0000-4000-8000-%012x\",\"description\":\"Review the onboarding guidance item G-%05d for this phase\",\"project\":\"%s\",\"entry\":\"20260101T090000Z\",",
        (i > 1 ? "," : ""), i, i, i, ph[((i - 1) % 4) + 1]
      if (i % 3 == 0) printf "\"status\":\"completed\",\"end\":\"20260201T090000Z\"}"
      else printf "\"status\":\"pending\"}"
    }
    print "]"
  }' >"$WORK/tasks.json"
  task import "$WORK/tasks.json" >/dev/null 2>&1
  task list >/dev/null 2>&1 # settles gc once, as a user's first command would
fi

# ---- 4. timing --------------------------------------------------------------------------
HF=(hyperfine -N --output=pipe --style=basic --warmup "$WARMUP" --min-runs "$MIN_RUNS")
READS=(-n "hello-world" "$HELLO" -n "ft --version" "$FT --version")
READS+=(-n "ft status" "$FT --state $SMALL_J status")
READS+=(-n "ft items" "$FT --state $SMALL_J items")
[ "$HAVE_EXPORT" = 1 ] && READS+=(-n "ft export json" "$FT --state $SMALL_J export --format json")
READS+=(-n "ft status x$SCALE" "$FT --state $BIG_J status")
if [ "$HAVE_TASK" = 1 ]; then
  READS+=(-n "task summary" "task summary" -n "task all" "task all" -n "task export" "task export")
fi
echo "== reads ($NITEMS catalog items, $CHANGES and $BIG changes; $TASKS tasks)"
"${HF[@]}" --export-csv "$RESULTS/reads.csv" "${READS[@]}" >"$RESULTS/reads.log" 2>&1 \
  || { cat "$RESULTS/reads.log"; exit 1; }

NOTE_ID=$FIRST_ID
WRITES=(-n "ft note" "$FT --state $SMALL_J note $NOTE_ID -m benchmark-note")
[ "$HAVE_TASK" = 1 ] && WRITES+=(-n "task annotate" "task 5 annotate benchmark-note")
echo "== writes"
"${HF[@]}" --export-csv "$RESULTS/writes.csv" "${WRITES[@]}" >"$RESULTS/writes.log" 2>&1 \
  || { cat "$RESULTS/writes.log"; exit 1; }

echo "== portfolio ($PORTFOLIO engagements)"
"${HF[@]}" --export-csv "$RESULTS/portfolio.csv" -n "ft portfolio" "$FT portfolio $WORK/portfolio" \
  >"$RESULTS/portfolio.log" 2>&1 || { cat "$RESULTS/portfolio.log"; exit 1; }

# ---- 5. memory, size, build time --------------------------------------------------------
rss() { # peak RSS in KiB of a command
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }'
}
if [ "$HAVE_TIME" = 1 ]; then
  RSS_SMALL=$(rss "$FT" --state "$SMALL_J" status)
  RSS_BIG=$(rss "$FT" --state "$BIG_J" status)
  RSS_FLOOR=$(rss "$FT" --version)
fi
if [ -n "${BUILD_TIME:-}" ]; then
  echo "== clean release build (a fresh target folder)"
  start=$(date +%s.%N)
  (cd "$HERE" && cargo build --release --locked --quiet --target-dir "$WORK/target")
  BUILD_SECONDS=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
fi

# ---- 6. the table -----------------------------------------------------------------------
# CSV: command,mean,stddev,median,user,system,min,max (seconds)
med() { awk -F, -v c="$1" 'NR > 1 && $1 == c { printf "%.3f", $4 * 1000 }' "$RESULTS"/*.csv; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

FLOOR=$(med "hello-world")
row() { # label ft-name tw-name
  local ft tw
  ft=$(med "$2")
  tw=$([ "$HAVE_TASK" = 1 ] && [ -n "$3" ] && med "$3" || true)
  if [ -z "$ft" ]; then
    printf "| %-38s | %9s | %8s | %-14s | %9s | %8s |\n" "$1" "n/a (not built)" "" "$3" "${tw:-n/a}" ""
  else
    printf "| %-38s | %9s | %8s | %-14s | %9s | %8s |\n" "$1" "$ft" "$(ratio "$ft" "$FLOOR")" \
      "${3:--}" "${tw:-n/a}" "$([ -n "$tw" ] && ratio "$ft" "$tw" || echo -)"
  fi
}
{
  echo
  echo "fasttrack $("$FT" --version | awk '{ print $2 }') vs $([ "$HAVE_TASK" = 1 ] && echo "Taskwarrior $(task --version)" || echo "no Taskwarrior")" \
    "— $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(hyperfine --version)"
  echo "catalog: $NITEMS items; journals: $CHANGES and $BIG changes; Taskwarrior: $TASKS tasks"
  echo
  printf "| %-38s | %9s | %8s | %-14s | %9s | %8s |\n" "fasttrack command" "median ms" "x floor" "Taskwarrior" "median ms" "ft/tw"
  printf "|%s|%s|%s|%s|%s|%s|\n" "----------------------------------------" "----------:" "---------:" "----------------" "----------:" "---------:"
  row "Rust hello-world (process floor)" "hello-world" ""
  row "--version (start, clap)" "ft --version" ""
  row "status ($CHANGES changes)" "ft status" "task summary"
  row "items ($CHANGES changes)" "ft items" "task all"
  if [ "$HAVE_EXPORT" = 1 ]; then
    row "export --format json ($CHANGES changes)" "ft export json" "task export"
  else
    printf "| %-38s | %9s | %8s | %-14s | %9s | %8s |\n" "export --format json" "n/a" "" "task export" "$(med "task export")" "not built"
  fi
  row "status ($BIG changes)" "ft status x$SCALE" "task summary"
  row "note ID -m TEXT (lock, append, sync)" "ft note" "task annotate"
  echo
  S=$(med "ft status"); B=$(med "ft status x$SCALE")
  echo "status, ${SCALE}x the journal: $(ratio "$B" "$S")x the time;" \
    "loading cost $(awk -v s="$S" -v b="$B" -v n="$((BIG - CHANGES))" 'BEGIN { printf "%.3f", (b - s) * 1000 / n }') µs per change"
  [ "$HAVE_TIME" = 1 ] && echo "peak RSS: status $CHANGES changes ${RSS_SMALL} KiB, $BIG changes ${RSS_BIG} KiB; --version ${RSS_FLOOR} KiB"
  echo "binary: $(stat -c %s "$FT") bytes ($FT; $(readelf -l "$FT" 2>/dev/null | grep -q INTERP && echo dynamically || echo statically) linked)"
  echo "portfolio over $PORTFOLIO engagements (30 changes each): $(med "ft portfolio") ms median"
  [ -n "${BUILD_SECONDS:-}" ] && echo "clean release build: ${BUILD_SECONDS} s wall on $(nproc) cores ($(cargo --version))"
  echo
  # target label, ratio, limit: "yes" when the ratio is at or under the limit.
  target() {
    printf "| %-42s | %6s | %6s | %-4s |\n" "$1" "$2" "<= $3" \
      "$(awk -v r="$2" -v t="$3" 'BEGIN { if (r == "n/a") print "n/a"; else print (r + 0 <= t + 0 ? "yes" : "no") }')"
  }
  printf "| %-42s | %6s | %6s | %-4s |\n" "target" "ratio" "limit" "met"
  printf "|%s|%s|%s|%s|\n" "--------------------------------------------" "-------:" "-------:" "------"
  target "status vs hello-world" "$(ratio "$S" "$FLOOR")" 1.5
  target "export --format json vs hello-world" "$(ratio "$(med "ft export json")" "$FLOOR")" 1.6
  target "status vs task summary" "$([ "$HAVE_TASK" = 1 ] && ratio "$S" "$(med "task summary")" || echo n/a)" 0.4
  target "note vs task annotate" "$([ "$HAVE_TASK" = 1 ] && ratio "$(med "ft note")" "$(med "task annotate")" || echo n/a)" 0.6
  target "status at ${SCALE}x the journal vs status" "$(ratio "$B" "$S")" 5
} | tee "$RESULTS/summary.md"
