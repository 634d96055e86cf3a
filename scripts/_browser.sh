# shellcheck shell=bash
# Headless Chromium for the browser tests (tests/test_browser_chat.py), from Debian's packages.
# Sourced after scripts/_common.sh. The tests drive it over the DevTools protocol, so no chromedriver.

# The Chromium binary: Debian's real one rather than its /usr/bin wrapper script, or one on PATH.
oc_chromium_bin() {
    local candidate
    for candidate in /usr/lib/chromium/chromium chromium chromium-browser google-chrome; do
        if [[ -x "$candidate" ]]; then
            printf '%s\n' "$candidate"
            return 0
        elif command -v "$candidate" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Install Debian's chromium with apt-get when no Chromium is there; a no-op otherwise.
oc_chromium_install() {
    local bin log sudo=()
    if bin="$(oc_chromium_bin)"; then
        oc_debug "Chromium is $bin"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 ||
        oc_die "the browser tests need Chromium and this is no Debian system: install chromium, or put it on PATH"
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || oc_die "installing chromium needs root: apt-get install chromium"
        sudo=(sudo -n)
    fi
    mkdir -p "$OC_ROOT/.tools"
    log="$OC_ROOT/.tools/apt-chromium.log"
    oc_say "installing Debian's chromium with apt-get (log: ${log#"$OC_ROOT"/}) ..."
    if ! { "${sudo[@]}" apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium; } \
        >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        oc_die "apt-get install chromium failed"
    fi
    bin="$(oc_chromium_bin)" || oc_die "chromium was installed but no binary was found"
    oc_say "Chromium: $("$bin" --version 2>/dev/null || echo "$bin")"
}
