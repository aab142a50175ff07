"""Running the application under uvicorn: the address, the warning for a shared one, --open."""

from __future__ import annotations

import logging
import threading
import webbrowser

from gklint import messages
from gklint.serve.limits import Limits

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve(host: str, port: int, open_browser: bool, limits: Limits, say=print) -> None:  # noqa: ANN001
    """Serve until interrupted; `say` prints the lines a person reads (the CLI passes its own)."""
    import uvicorn

    from gklint.serve.app import create_app

    if host not in LOCAL_HOSTS:
        say(messages.text("serve-host-warning", host=host))
    address = url(host, port)
    say(messages.text("serve-listening", url=address))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    # access_log off: it would log every client's address; the app logs file names and timings only
    uvicorn.run(create_app(limits), host=host, port=port, access_log=False, log_level="info")
