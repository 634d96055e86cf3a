# shellcheck shell=bash
# Helpers sourced by scripts/*: the repository root, the virtualenv, and the local mock OpenAI API
# (Steady, npm package @stdy/cli, pinned below and installed into the ignored folder .tools/steady).
#
# Environment:
#   OPENAI_COMPAT_SPEC          OpenAPI spec the mock serves (default: the repository's copy,
#                               openapi/openai-openapi.yaml.gz, decompressed into .tools/openapi/;
#                               a relative path is taken from the repository root)
#   OPENAI_COMPAT_MOCK_RUN_DIR  where a running mock keeps pid, port, url and logs (default .tools/steady/run)
#   OPENAI_COMPAT_VERBOSE=1     show what the scripts do
#   PYTHON                      interpreter that creates .venv (default python3)

OC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OC_STEADY_VERSION="0.22.2"
OC_STEADY_DIR="$OC_ROOT/.tools/steady"
# openai-python's wire format for arrays and objects in query strings and forms.
OC_STEADY_FLAGS=(
    --validator-query-array-format=brackets
    --validator-form-array-format=brackets
    --validator-query-object-format=brackets
    --validator-form-object-format=brackets
)
OC_MOCK_START_TIMEOUT="${OPENAI_COMPAT_MOCK_START_TIMEOUT:-60}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

oc_say() { printf '%s\n' "$*" >&2; }
oc_debug() { if [[ -n "${OPENAI_COMPAT_VERBOSE:-}" ]]; then oc_say "  $*"; fi; }
oc_die() { oc_say "error: $*"; exit 1; }

# Seconds since the epoch with a fraction, for phase timings.
oc_now() { if [[ -n "${EPOCHREALTIME:-}" ]]; then printf '%s' "${EPOCHREALTIME/,/.}"; else date +%s; fi; }
oc_elapsed() { awk -v a="$1" -v b="$(oc_now)" 'BEGIN { printf "%.1f s", b - a }'; }

# ---------------------------------------------------------------------------------------------
# Virtualenv

# oc_bootstrap [VENV_DIR] [PYTHON] [EXTRAS]: create the venv if missing and install the package with
# its extras (default: dev). A stamp per set of extras, of the interpreter and the packaging files,
# makes a second run a no-op.
oc_bootstrap() {
    local venv="${1:-$OC_ROOT/.venv}" python="${2:-${PYTHON:-python3}}" extras="${3:-dev}"
    local stamp="$venv/.openai-compat-installed" want file
    if [[ "$extras" != dev ]]; then
        stamp+="-${extras//,/-}"
    fi
    if [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -c '' 2>/dev/null; then
        oc_say "$venv is broken (its interpreter does not run): recreating it"
        rm -rf "$venv"
    fi
    if [[ ! -x "$venv/bin/python" ]]; then
        command -v "$python" >/dev/null 2>&1 || oc_die "no $python to create $venv with (set PYTHON=...)"
        oc_debug "creating $venv with $python"
        "$python" -m venv "$venv" || oc_die "could not create $venv with $python"
    fi
    want="$("$venv/bin/python" -c 'import sys; print(sys.version)') editable_mode=compat"
    for file in setup.cfg setup.py pyproject.toml; do
        if [[ -f "$OC_ROOT/$file" ]]; then
            want+=" $file:$(cksum <"$OC_ROOT/$file")"
        fi
    done
    # The stamp says nothing changed, and the package is still importable from outside the tree.
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] &&
        (cd / && "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("openai_compat") is None)'); then
        oc_debug "$venv is up to date"
        return 0
    fi
    oc_say "installing openai-compat[$extras] into ${venv#"$OC_ROOT"/} ..."
    rm -f "$stamp"
    # --use-pep517: build in isolation with a current setuptools. The venv's own setuptools may be too
    # old (58 on Python 3.9 imports the package, and so its dependencies, to read `version = attr:`),
    # and newer pips drop the legacy `setup.py develop` path anyway.
    # editable_mode=compat: a plain .pth line with the checkout's path. setuptools' default for this
    # layout is an import hook, which mypy and pyright cannot follow (they would see no package).
    if ! (cd "$OC_ROOT" && "$venv/bin/python" -m pip install -q --use-pep517 \
        --config-settings editable_mode=compat -e ".[$extras]") \
        >"$venv/pip-install.log" 2>&1; then
        cat "$venv/pip-install.log" >&2
        oc_die "pip install -e '.[$extras]' failed in $venv"
    fi
    printf '%s' "$want" >"$stamp"
}

# ---------------------------------------------------------------------------------------------
# Steady, the mock OpenAI API

oc_steady_installed() {
    grep -q "\"version\": \"$OC_STEADY_VERSION\"" "$OC_STEADY_DIR/node_modules/@stdy/cli/package.json" 2>/dev/null &&
        oc_steady_bin >/dev/null
}

# The server binary. @stdy/cli's node_modules/.bin/steady is a node wrapper that spawns the
# prebuilt binary from the platform package @stdy/cli-<os>-<arch>; run that binary directly when it
# is there, so the recorded pid is the server itself and no node process sits in between.
oc_steady_bin() {
    local os arch native
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unknown ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=unknown ;; esac
    native="$OC_STEADY_DIR/node_modules/@stdy/cli-$os-$arch/bin/steady"
    if [[ -x "$native" ]]; then
        printf '%s\n' "$native"
    elif [[ -x "$OC_STEADY_DIR/node_modules/.bin/steady" ]]; then
        printf '%s\n' "$OC_STEADY_DIR/node_modules/.bin/steady"
    else
        return 1
    fi
}

# Install the pinned @stdy/cli into .tools/steady (never globally); a no-op when it is there.
oc_steady_install() {
    if oc_steady_installed; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || oc_die "npm is needed to install the mock API (@stdy/cli); install Node.js"
    mkdir -p "$OC_STEADY_DIR"
    oc_say "installing @stdy/cli@$OC_STEADY_VERSION into .tools/steady ..."
    if ! npm install --prefix "$OC_STEADY_DIR" --save-exact --no-audit --no-fund --loglevel=error \
        "@stdy/cli@$OC_STEADY_VERSION" >"$OC_STEADY_DIR/npm-install.log" 2>&1; then
        cat "$OC_STEADY_DIR/npm-install.log" >&2
        oc_die "npm install @stdy/cli@$OC_STEADY_VERSION failed"
    fi
    oc_steady_installed || oc_die "@stdy/cli@$OC_STEADY_VERSION installed, but no steady binary for $(uname -sm)"
}

# The spec the mock serves: $OPENAI_COMPAT_SPEC, else the repository's own copy (openapi/README.md
# names its upstream commit). The copy wins over anything outside the checkout, such as a ../shared
# folder, so a commit always runs against the spec it was tested with.
oc_spec_path() {
    local spec="${OPENAI_COMPAT_SPEC:-}"
    if [[ -z "$spec" ]]; then
        oc_spec_unpacked
        return
    fi
    if [[ "$spec" != /* ]]; then
        spec="$OC_ROOT/$spec"
    fi
    [[ -f "$spec" ]] || oc_die "OpenAPI spec not found: $spec (set OPENAI_COMPAT_SPEC)"
    printf '%s/%s\n' "$(cd "$(dirname "$spec")" && pwd)" "$(basename "$spec")"
}

# Decompress openapi/openai-openapi.yaml.gz into .tools/openapi/ unless the stamp says it is there
# already; print the path. Written to a temporary name and renamed, so a concurrent run never serves
# half a file.
oc_spec_unpacked() {
    local archive="$OC_ROOT/openapi/openai-openapi.yaml.gz" dir="$OC_ROOT/.tools/openapi"
    local target="$dir/openai-openapi.yaml" want tmp
    [[ -f "$archive" ]] || oc_die "OpenAPI spec not found: $archive (set OPENAI_COMPAT_SPEC)"
    want="$(cksum <"$archive")"
    if [[ ! -f "$target" || "$(cat "$target.source" 2>/dev/null)" != "$want" ]]; then
        mkdir -p "$dir"
        tmp="$target.$$.tmp"
        if ! gzip -dc "$archive" >"$tmp"; then
            rm -f "$tmp"
            oc_die "could not decompress $archive"
        fi
        mv -f "$tmp" "$target"
        printf '%s' "$want" >"$target.source"
        oc_debug "decompressed the OpenAPI spec into ${target#"$OC_ROOT"/}"
    fi
    printf '%s\n' "$target"
}

oc_run_dir() { printf '%s\n' "${OPENAI_COMPAT_MOCK_RUN_DIR:-$OC_STEADY_DIR/run}"; }

oc_free_port() {
    local py
    py="$(command -v python3 || command -v python)" || oc_die "python3 is needed to pick a free port"
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# HTTP status of a GET, or 000 when nothing answers; never through a proxy.
oc_http_status() {
    if command -v curl >/dev/null 2>&1; then
        curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 2 "$1" || true
    else
        python3 - "$1" <<'EOF' || printf '000'
import sys, urllib.error, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
try:
    print(opener.open(sys.argv[1], timeout=2).status, end="")
except urllib.error.HTTPError as exc:
    print(exc.code, end="")
except Exception:
    print("000", end="")
EOF
    fi
}

# A live process that is not a zombie.
oc_pid_alive() {
    local state
    kill -0 "$1" 2>/dev/null || return 1
    if [[ -r "/proc/$1/stat" ]]; then
        state="$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)"
        [[ "$state" != Z ]]
    fi
}

# The process recorded in RUN_DIR/pid if it is still a running steady.
oc_mock_pid() {
    local run="$1" pid
    [[ -f "$run/pid" ]] || return 1
    pid="$(cat "$run/pid")"
    [[ "$pid" =~ ^[0-9]+$ ]] && oc_pid_alive "$pid" || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q steady || return 1
    fi
    printf '%s\n' "$pid"
}

oc_mock_url() {
    local run
    run="$(oc_run_dir)"
    oc_mock_pid "$run" >/dev/null || return 1
    [[ -f "$run/url" && "$(oc_http_status "$(cat "$run/url")/_x-steady/health")" == 200 ]] || return 1
    cat "$run/url"
}

# Start Steady in the background on a free loopback port and print its base URL on stdout.
# Reuses a mock already running from the same run dir. The JSON request log goes to RUN_DIR/steady.log.
oc_mock_start() {
    local run spec bin url port pid attempt started status
    run="$(oc_run_dir)"
    if url="$(oc_mock_url)"; then
        oc_debug "mock already running at $url"
        printf '%s\n' "$url"
        return 0
    fi
    oc_mock_stop
    oc_steady_install
    spec="$(oc_spec_path)"
    bin="$(oc_steady_bin)"
    mkdir -p "$run"
    for attempt in 1 2 3; do
        port="$(oc_free_port)"
        url="http://127.0.0.1:$port"
        oc_debug "starting $bin on $url serving $spec (attempt $attempt)"
        "$bin" --host 127.0.0.1 -p "$port" --log-format json "${OC_STEADY_FLAGS[@]}" "$spec" \
            </dev/null >"$run/steady.log" 2>"$run/steady.err" &
        pid=$!
        printf '%s\n' "$pid" >"$run/pid"
        printf '%s\n' "$port" >"$run/port"
        printf '%s\n' "$spec" >"$run/spec"
        started="$(date +%s)"
        while oc_pid_alive "$pid"; do
            status="$(oc_http_status "$url/_x-steady/health")"
            if [[ "$status" == 200 ]]; then
                printf '%s\n' "$url" >"$run/url"
                oc_debug "mock ready at $url after $(($(date +%s) - started)) s"
                printf '%s\n' "$url"
                return 0
            fi
            if (($(date +%s) - started >= OC_MOCK_START_TIMEOUT)); then
                oc_mock_stop
                oc_die "the mock API did not answer $url/_x-steady/health within $OC_MOCK_START_TIMEOUT s (log: $run/steady.err)"
            fi
            sleep 0.1
        done
        # It exited before it was ready: most likely the port was taken meanwhile; try another one.
        rm -f "$run/pid" "$run/port"
        if ! grep -qi 'in use' "$run/steady.err" "$run/steady.log" 2>/dev/null; then
            break
        fi
    done
    tail -n 20 "$run/steady.err" "$run/steady.log" >&2 || true
    oc_die "the mock API (steady) exited before it was ready"
}

# Stop the mock recorded in the run dir (by its pid only); a no-op when none is running.
oc_mock_stop() {
    local run pid _
    run="$(oc_run_dir)"
    if pid="$(oc_mock_pid "$run")"; then
        oc_debug "stopping mock (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            oc_pid_alive "$pid" || break
            sleep 0.1
        done
        if oc_pid_alive "$pid"; then
            oc_say "mock (pid $pid) did not stop within 5 s of SIGTERM: killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$run/pid" "$run/port" "$run/url"
}
