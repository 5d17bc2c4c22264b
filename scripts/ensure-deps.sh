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

# The interpreter a gunicorn script runs with: its shebang's, "#!/usr/bin/env python3" resolved on PATH.
_ph_gunicorn_python() {
  local line words
  line="$(head -n 1 "$(command -v gunicorn)")"
  case "$line" in
    '#!'*) read -r -a words <<< "${line#\#!}" ;;
    *) command -v python3; return ;;
  esac
  if [ "$(basename "${words[0]}")" = env ]; then
    command -v "${words[1]}"
  else
    echo "${words[0]}"
  fi
}

# gunicorn and Flask for the default target, in that order: the interpreter that serves the app is
# gunicorn's own (here Debian's /usr/bin/python3, whatever python3 is first on PATH), so it can only be
# known once gunicorn is installed, and Flask is checked there, after any install. Exports PYTHON, the
# interpreter the scenario's Python checks run with, unless the caller set it.
ensure_python_deps() {
  local gpy
  if ! command -v gunicorn >/dev/null 2>&1; then
    _ph_apt_install gunicorn || return 1
    hash -r
  fi
  gpy="$(_ph_gunicorn_python)"
  if ! "$gpy" -c 'import flask' >/dev/null 2>&1; then
    # Debian's python3-flask serves Debian's interpreter only (not a venv's, not pyenv's)
    if [ "$("$gpy" -c 'import sys; print(sys.prefix)' 2>/dev/null)" = /usr ]; then
      _ph_apt_install python3-flask || return 1
    fi
    if ! "$gpy" -c 'import flask' >/dev/null 2>&1; then
      _ph_say "gunicorn ($(command -v gunicorn)) runs $gpy, which cannot import flask: install Flask for it," \
        "or put Debian's gunicorn first on PATH (apt-get install -y gunicorn python3-flask)"
      return 1
    fi
  fi
  if [ -z "${PYTHON:-}" ]; then
    export PYTHON="$gpy"
  fi
}

# What only the tests need: headless Chromium, to check that the HTML reports load and draw.
ensure_test_deps() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || _ph_apt_install chromium \
    || _ph_say "without Chromium the HTML report test is skipped"
}
