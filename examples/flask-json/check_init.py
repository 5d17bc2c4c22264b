"""Init check: import flask, the app (wsgi) and the JSON backend.

Prints one "name: version" line each for python, flask, werkzeug,
gunicorn (or "not installed"), the JSON backend, and the payload size in
bytes, then exits 0.  If a required import fails, prints a one-line
reason to stderr and exits 1.
"""

import platform
import sys
from importlib import metadata


def _version(dist):
    """Installed version of a distribution, or None."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def main():
    """Run the check; return the process exit code."""
    try:
        import flask  # noqa: F401
        import wsgi
        import payload
        if payload.BACKEND == "orjson":
            import orjson as backend
            backend_version = backend.__version__
        else:
            import json as backend
            backend_version = "%s (stdlib, c speedups: %s)" % (
                backend.__version__, backend.scanner.c_make_scanner is not None)
    except Exception as exc:  # ImportError, or any error raised at import
        print("init check FAILED: %s: %s" % (type(exc).__name__, exc),
              file=sys.stderr)
        return 1

    size = len(payload.dumps(payload.PAYLOAD))
    print("python: %s (%s)" % (platform.python_version(), sys.executable))
    print("flask: %s" % _version("flask"))
    print("werkzeug: %s" % _version("werkzeug"))
    print("gunicorn: %s" % (_version("gunicorn") or "not installed"))
    print("json backend: %s %s" % (payload.BACKEND, backend_version))
    print("payload bytes: %d" % size)
    print("app: %s" % wsgi.app.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
