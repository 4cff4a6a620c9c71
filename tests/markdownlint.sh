#!/usr/bin/env bash
# Lint briefdesk's Markdown export with markdownlint (default rules, line length aside;
# a TLP marking may come before the title, as FIRST's TLP 2.0 puts it on the first line).
#
# Writes the md exports of the test fixtures (every assessment style) through the
# `write_md_for_markdownlint` test, then runs markdownlint-cli2 on them. Installs
# markdownlint-cli2 with npm when it is missing. Exits non-zero on any lint error.
set -euo pipefail

cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if ! command -v markdownlint-cli2 >/dev/null 2>&1; then
    npm install -g markdownlint-cli2
fi

BRIEFDESK_MD_OUT="$out" cargo test --quiet --test export write_md_for_markdownlint
# The real finished digest too, when the seeds are at hand (CI has them).
BRIEFDESK_MD_OUT="$out" cargo test --quiet --test seeds seed_000_exports
# The ladder legend (`export --ladder-legend`, issue #16), both ladders.
BRIEFDESK_MD_OUT="$out" cargo test --quiet --test check the_ladder_legend

count=$(find "$out" -name '*.md' | wc -l)
if [ "$count" -eq 0 ]; then
    echo "markdownlint.sh: no Markdown files were written to $out" >&2
    exit 1
fi

cat > "$out/.markdownlint-cli2.jsonc" <<'JSON'
{
  "config": {
    "default": true,
    "MD013": false,
    "MD041": { "allow_preamble": true }
  }
}
JSON

cd "$out"
echo "markdownlint.sh: linting $count exported files"
markdownlint-cli2 "*.md"
