# Sourced by ./perfharness and ./run-tests: installs what is missing, saying what it does.
# Python packages come from Debian (gunicorn, python3-flask, python3-httpx), never from PyPI.

_ph_say() { echo "perfharness: $*" >&2; }

_ph_apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _ph_say "installing Debian packages: $* (apt-get install -y $*)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; then
      _ph_say "apt-get install failed; updating the package lists and trying once more"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    fi
  else
    _ph_say "missing: $*. Install them with: sudo apt-get install -y $*"
    return 1
  fi
}

ensure_build_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if [ ${#missing[@]} -gt 0 ]; then _ph_apt_install "${missing[@]}"; fi
}

# gunicorn and Flask for the default target; sets PYTHON to gunicorn's interpreter unless already set.
ensure_python_deps() {
  local missing=() gpy=python3 line
  if command -v gunicorn >/dev/null 2>&1; then
    # gunicorn imports the app with its own interpreter: check Flask there, not only on PATH.
    line="$(head -n 1 "$(command -v gunicorn)")"
    case "$line" in
      '#!'*env*) gpy="$(echo "${line#\#!}" | awk '{print $2}')" ;;
      '#!'*) gpy="$(echo "${line#\#!}" | awk '{print $1}')" ;;
    esac
  else
    missing+=(gunicorn)
  fi
  if ! "$gpy" -c 'import flask' >/dev/null 2>&1 || ! python3 -c 'import flask' >/dev/null 2>&1; then
    missing+=(python3-flask)
  fi
  if [ ${#missing[@]} -gt 0 ]; then _ph_apt_install "${missing[@]}"; fi
  # The default scenario's Python checks run with the interpreter gunicorn serves the app with.
  if [ -z "${PYTHON:-}" ]; then
    export PYTHON="$gpy"
  fi
}

# What only the tests need: headless Chromium, to check that the HTML reports load and draw.
ensure_test_deps() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || _ph_apt_install chromium \
    || _ph_say "without Chromium the HTML report test is skipped"
}
