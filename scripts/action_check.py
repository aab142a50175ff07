"""The Action's check step (action.yml): one gklint run, with the Action's inputs taken from the
environment, never pasted into a shell script, so a path with spaces stays one path and no input
can run as a command. Writes the exit code (and the SARIF file's name) to $GITHUB_OUTPUT and exits
0 itself: the Action's last step fails the job after SARIF has been uploaded.

Inputs: GKLINT_PATHS (one path a line), GKLINT_ARGS (split as a shell would, never run),
GKLINT_SARIF ("true": --format sarif --output gklint.sarif; else --format github)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

SARIF_FILE = "gklint.sarif"


def command(environ: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The gklint command line and the outputs to record beside its exit code."""
    paths = [line.strip() for line in environ.get("GKLINT_PATHS", ".").splitlines() if line.strip()]
    args = shlex.split(environ.get("GKLINT_ARGS", ""))
    if environ.get("GKLINT_SARIF", "false") == "true":
        return [*args, "--format", "sarif", "--output", SARIF_FILE, "--", *paths], {"sarif-file": SARIF_FILE}
    return [*args, "--format", "github", "--", *paths], {}


def main() -> int:
    try:
        args, outputs = command(dict(os.environ))
    except ValueError as e:  # unbalanced quotes in `args`
        print(f"::error title=gklint::args 无法解析：{e}", flush=True)
        args, outputs, status = [], {}, 2
    else:
        status = subprocess.call([sys.executable, "-m", "gklint", "check", *args])
    outputs["exit-code"] = str(status)
    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:
        with open(github_output, "a", encoding="utf-8") as out:
            out.writelines(f"{key}={value}\n" for key, value in outputs.items())
    return 0


if __name__ == "__main__":
    sys.exit(main())
