#!/usr/bin/env sh
# The browser for the end-to-end tests: the HTML report (tests/report/test_html.py) and gklint serve
# (tests/serve/test_browser.py, driven by Selenium through chromedriver); each skips with a reason
# when its browser is missing. Installs Debian's `chromium` and `chromium-driver` packages with
# apt-get, and only when all of these hold, so that a developer's machine is never changed behind
# their back:
#   - CI or GKLINT_E2E is set in the environment (CI services set CI=true);
#   - chromium or chromedriver is not installed yet;
#   - we run as root and apt-get exists (a Debian or Ubuntu image).
# Otherwise it says why it did nothing and succeeds. When apt-get fails (no mirror reachable), it
# says so loudly and succeeds: the browser test then reports itself as skipped, with the reason,
# and the rest of the suite still runs.
set -u
say() { echo "setup_e2e: $*"; }

if [ -z "${CI:-}" ] && [ -z "${GKLINT_E2E:-}" ]; then
  say "CI and GKLINT_E2E are not set: not installing anything (set GKLINT_E2E=1 to install chromium)."
  exit 0
fi
found=$(command -v chromium 2>/dev/null || true)
[ -z "$found" ] && [ -x /usr/bin/chromium ] && found=/usr/bin/chromium
driver=$(command -v chromedriver 2>/dev/null || true)
[ -z "$driver" ] && [ -x /usr/bin/chromedriver ] && driver=/usr/bin/chromedriver
if [ -n "$found" ] && [ -n "$driver" ]; then
  say "chromium and chromedriver are already installed ($found, $driver)."
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  say "chromium or chromedriver is missing and we are not root: not installing; the browser tests will be skipped."
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "chromium or chromedriver is missing and there is no apt-get: the browser tests will be skipped."
  exit 0
fi
say "installing Debian's chromium and chromium-driver with apt-get (CI=${CI:-} GKLINT_E2E=${GKLINT_E2E:-})..."
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; then
  say "installed: $(chromium --version 2>/dev/null || echo /usr/bin/chromium)"
else
  say "WARNING: apt-get could not install chromium and chromium-driver; the browser tests will be skipped." >&2
  exit 0
fi
