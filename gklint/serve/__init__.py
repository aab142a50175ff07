"""`gklint serve`: a web page and a JSON API over the same checks as `gklint check` (docs/serve.md).

A layer above the runner, beside the CLI: uploads are read into memory (uploads.py), each checked
in a worker process under the per-file budget (work.py), several as a series (compare.py), and
rendered with the report layer's renderers (pages.py); app.py wires the routes and the security
headers, server.py runs it under uvicorn. Needs the `gklint[serve]` extra; nothing here is
imported by `gklint check`.
"""
