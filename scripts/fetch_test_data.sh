#!/usr/bin/env sh
# Test data that is not kept in the repository, fetched from a package registry when possible:
# the SARIF 2.1.0 JSON schema (MIT, from the npm package @microsoft/jest-sarif). Tests that need
# it are skipped with a reason when it could not be fetched (no npm, no network).
set -u
dest=".cache/test-data"
schema="$dest/sarif-2.1.0.json"
[ -f "$schema" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "npm not found: SARIF schema test will be skipped"; exit 0; }
mkdir -p "$dest"
tmp=$(mktemp -d)
if (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1); then
  tar -xzf "$tmp"/*.tgz -C "$tmp" && cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema"
else
  echo "could not fetch the SARIF schema: its test will be skipped"
fi
rm -rf "$tmp"
exit 0
