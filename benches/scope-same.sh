#!/usr/bin/env bash
# Runs two fasttrack builds over every question of tests/scope/*.tsv (text and --json, a few
# with --explain, and --list) and fails on the first difference: a change to how the scope
# index is built or stored must not change a single byte of any answer.
# Usage: benches/scope-same.sh OLD_BINARY NEW_BINARY
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export NO_COLOR=1 FASTTRACK_USER=check
unset FASTTRACK_STATE FASTTRACK_CATALOG
n=0 bad=0
same() {
  local a b
  a=$("$old" "$@" 2>&1; echo "exit $?")
  b=$("$new" "$@" 2>&1; echo "exit $?")
  n=$((n + 1))
  if [[ "$a" != "$b" ]]; then
    bad=$((bad + 1))
    echo "DIFFERS: $*" >&2
    diff <(echo "$a") <(echo "$b") | head -20 >&2
  fi
}
i=0
# Tabs are whitespace to `read` (an empty flags column would vanish): split on \x1f instead.
while IFS=$'\x1f' read -r flags question; do
  [[ -z "$question" ]] && continue
  # shellcheck disable=SC2086
  same scope --color never $flags -- "$question"
  # shellcheck disable=SC2086
  same scope --json $flags -- "$question"
  if ((i % 10 == 0)); then
    # shellcheck disable=SC2086
    same scope --color never --explain $flags -- "$question"
    # shellcheck disable=SC2086
    same scope --json --explain $flags -- "$question"
  fi
  i=$((i + 1))
done < <(awk -F'\t' 'FNR > 1 { print $2 "\x1f" $3 }' "$root"/tests/scope/*.tsv)
same scope --color never --list
same scope --json --list
same scope --color never -- "cn you confgure autpilot for all 800 devices?"
same scope --json --explain -- "Entra ID Conditional Access with Defender for Endpoint"
echo "$n runs compared, $bad differ"
((bad == 0))
