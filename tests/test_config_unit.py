"""Unit tests of the configuration: keys, choices (the era among the registry's formats), paths
relative to the config file, [[overrides]] by path, and pyproject.toml without [tool.gklint]."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.config import base_settings, for_file, load_config
from gklint.errors import ConfigError


def _config(tmp_path: Path, text: str, name: str = "gklint.toml"):  # noqa: ANN202
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_settings_from_a_config_file_with_paths_relative_to_it(tmp_path: Path) -> None:
    config = _config(
        tmp_path, 'select = ["GK2"]\nignore = ["GK218"]\nrules = ["mine"]\nfail-on = "warning"\n'
    )
    s = base_settings(config)
    assert (s.select, s.ignore, s.fail_on) == (("GK2",), ("GK218",), "warning")
    assert s.rules == ((tmp_path / "mine").resolve(),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = []\n", "selct"),  # a misspelt key is named
        ('severity = "loud"\n', "severity"),
        ('era = "Z"\n', "era"),  # an era no format folder defines
        ('max-bytes = "big"\n', "max-bytes"),
        ('[[suppress]]\nrules = ["GK305"]\n', "suppress"),  # a suppression without its path
    ],
)
def test_a_bad_config_is_a_config_error_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as e:
        _config(tmp_path, text)
    assert str(tmp_path / "gklint.toml") in str(e.value.path) and (
        message in e.value.message or "0" in e.value.message
    )


def test_every_format_id_is_an_era_the_config_accepts(tmp_path: Path) -> None:
    for era in ("A", "B", "C"):
        assert base_settings(_config(tmp_path, f'era = "{era}"\n')).era == era


def test_overrides_apply_to_matching_paths_only(tmp_path: Path) -> None:
    config = _config(tmp_path, '[[overrides]]\npaths = ["2018/**"]\nyear = 2018\nignore = ["GK105"]\n')
    base = base_settings(config)
    inside = for_file(base, config, tmp_path / "2018" / "r.txt")
    outside = for_file(base, config, tmp_path / "2019" / "r.txt")
    assert (inside.year, inside.ignore) == (2018, ("GK105",))
    assert (outside.year, outside.ignore) == (None, ())


def test_a_pyproject_without_a_gklint_table_is_no_config(tmp_path: Path) -> None:
    assert _config(tmp_path, "[tool.other]\nx = 1\n", name="pyproject.toml") is None
    config = _config(tmp_path, '[tool.gklint]\nignore = ["GK604"]\n', name="pyproject.toml")
    assert base_settings(config).ignore == ("GK604",)
