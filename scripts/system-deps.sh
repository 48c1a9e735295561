#!/usr/bin/env bash
# Install the Debian packages the test suite needs (Debian 12 "bookworm").
#
#   chromium               headless browser for Playwright tests (/usr/bin/chromium)
#   default-jre-headless   java, to run the Nu Html Checker (node_modules/vnu-jar)
#   fonts-noto-cjk         Chinese / Japanese / Korean glyphs (screenshots, social cards)
#   fonts-noto-core        Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, ...
#   fonts-noto-color-emoji emoji
#   fonts-dejavu-core      the fallback sans/serif/mono fonts
#   fontconfig             fc-match / fc-list, used to find fonts
#   python3-venv           `python3 -m venv` (.venv, and the new venvs of make compat and
#                          tests/tooling/test_package.py); Debian's python3 lacks
#                          ensurepip without it
#   nodejs, npm            only when `npm` is not already on PATH (for vnu-jar, axe-core)
#   locales                the C library's locales es_ES, pt_BR, ja_JP and ar_EG (UTF-8),
#                          generated with localedef: Pelican formats article dates with
#                          strftime under LOCALE, and the tests check that social cards
#                          show the date as the page does, in Spanish and Portuguese
#
# Idempotent: when everything is present it touches nothing and needs no network.
set -euo pipefail

packages=(
    chromium
    default-jre-headless
    fonts-noto-cjk
    fonts-noto-core
    fonts-noto-color-emoji
    fonts-dejavu-core
    fontconfig
    locales
    python3-venv
)
#: C library locales the tests use (see above), generated when missing.
wanted_locales=(es_ES pt_BR ja_JP ar_EG)

missing_locales() {
    local have
    have=$(locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]')
    for loc in "${wanted_locales[@]}"; do
        grep -qx "$(echo "$loc" | tr '[:upper:]' '[:lower:]').utf8" <<<"$have" || echo "$loc"
    done
}

generate_locales() {
    local todo
    todo=$(missing_locales)
    [ -z "$todo" ] && return 0
    for loc in $todo; do
        "${SUDO[@]}" localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
    done
    echo "system-deps: generated locales: $(echo $todo | tr '\n' ' ')"
}

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

# Node.js may come from another source than Debian (e.g. NodeSource): only ask
# Debian for it when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    missing+=(npm)
fi

if [ "${#missing[@]}" -eq 0 ] && [ -z "$(missing_locales)" ]; then
    echo "system-deps: all system packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "system-deps: not root and no sudo. Please install these Debian packages:" >&2
    echo "    apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "and generate these locales: $(missing_locales | tr '\n' ' ')" >&2
    exit 1
fi

if [ "${#missing[@]}" -eq 0 ]; then
    generate_locales
    exit 0
fi

echo "system-deps: missing: ${missing[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: apt-get not found (not Debian/Ubuntu?). Please install the" >&2
    echo "equivalents of: ${missing[*]}" >&2
    exit 1
fi

"${SUDO[@]}" apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"

# Make freshly installed fonts visible to Chromium and Pillow users of fontconfig.
if command -v fc-cache >/dev/null 2>&1; then
    fc-cache -f >/dev/null 2>&1 || true
fi

echo "system-deps: installed ${missing[*]}"
generate_locales
