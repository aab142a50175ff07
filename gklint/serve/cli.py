"""What `gklint serve` does between the CLI's options and the server: the extra's presence."""

from __future__ import annotations

import importlib.util

import typer

from gklint import messages
from gklint.serve.limits import Limits

NEEDED = ("starlette", "uvicorn", "python_multipart")


def run_serve(host: str, port: int, open_browser: bool) -> int:
    """Serve until Ctrl+C (exit 0); 2 with a clear message when gklint[serve] is not installed."""
    missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
    if missing:
        typer.echo(messages.text("serve-missing-extra", module=", ".join(missing)), err=True)
        return 2
    from gklint.serve.server import serve

    serve(host, port, open_browser, Limits(), say=lambda line: typer.echo(line, err=True))
    return 0
