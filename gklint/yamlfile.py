"""Safe YAML loading for gklint's data files, with libyaml's C loader when it is installed
(several times faster; start-up reads a dozen data files). Never `yaml.load` with a full loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_text(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader (C or Python)


def load_file(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=SafeLoader)  # noqa: S506
