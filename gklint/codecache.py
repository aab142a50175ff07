"""Code that CPython makes afresh in every process, kept between runs (start-up, issue 15):

- the methods `dataclasses` writes for each class (__init__, __repr__, __eq__, __hash__, the
  frozen __setattr__ …) are generated as source and compiled at every import: for gklint's ~120
  classes, compiling them was about 40% of a single-file check's imports;
- every regular expression is parsed and translated to the matcher's code in every process: about
  300 patterns for one check (the rules', the grammar's lexer, the normaliser's).

Besides, data gklint derives from its own files in every process (the normaliser's tables, the
facts of the patterns naming a report's year: `derived`) is kept under a digest of the package,
each value unpickled when first used.

All are kept in the user cache (gklint/cache.py: signed with the user's key, so a planted entry is
never loaded), keyed by the Python build as .pyc files are and by the package's digest (so what an
older gklint compiled is not kept and loaded at every start); what a run compiles anew is merged in
at its end (in the worker too: most patterns are first compiled there). What is loaded is what the
same Python made from the same source text, so nothing behaves differently (tests/test_codecache.py
compares both with a fresh compile). `--no-cache` and GKLINT_NO_CACHE leave it off.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import pickle
import re
import struct
import sys
from collections.abc import Callable
from types import CodeType
from typing import Any, Literal, TypeVar

from gklint import cache as user_cache

MAX_ENTRIES = 5000  # of each table; past it, what this process did not use is dropped

# dataclasses' generated source -> its code (marshalled until first used: most runs use a part)
_CODE: dict[str, CodeType | bytes] = {}
# (pattern, flags), or (name, flags, "parsed") for a parse tree -> _sre.compile's arguments, the
# matcher's code as the bytes of its 32-bit units (a list of ints unpickles ~10x slower, an
# array ~2x: ~1 ms of every start-up for ~800 patterns), read back through a memoryview
_REGEX: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_CODE_ITEM: Literal["I", "L"] = "I" if struct.calcsize("I") == 4 else "L"  # the matcher's code units: 32 bits
# name -> a value derived from the package's own files, made or loaded by this process
_DERIVED: dict[str, object] = {}
# name -> such a value as kept, pickled alone (None: not read yet): a check unpickles the few it
# uses (the patterns naming one year, of all the years checked so far), in the worker after fork
_KEPT_DERIVED: dict[str, bytes] | None = None
_MISSING = object()
_used: set[object] = set()
_new = False  # code or patterns compiled anew
_new_derived = False
_T = TypeVar("_T")
_installed = False
_compiler: Any = getattr(re, "_compiler", None)  # 3.11+: re._compiler (parse, _code, _sre)
_plain_compile = _compiler.compile if _compiler is not None else None
_DEBUG = re.DEBUG.value  # an int: a RegexFlag operation costs ~1 µs, at every compile


def _key() -> str:
    # the package's digest too: code and patterns of an older gklint would otherwise stay in the
    # table, loaded at every start-up (it grew to 1.4 MB over a day of changes)
    return user_cache.digest(
        ["code-4", sys.version, sys.implementation.cache_tag, user_cache.package_digest()]
    )


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:  # noqa: ANN401, A002
    """dataclasses' `exec`: the generated source compiled once per Python build, not per process."""
    if not isinstance(source, str):
        builtins.exec(source, globals, locals)
        return
    code = _CODE.get(source)
    if isinstance(code, bytes):
        code = _CODE[source] = marshal.loads(code)
    elif code is None:
        global _new
        code = _CODE[source] = compile(source, "<string>", "exec")
        _new = True
    _used.add(source)
    builtins.exec(code, globals, locals)


def _regex(p: Any, flags: int = 0) -> Any:  # noqa: ANN401 - re._compiler.compile's own signature
    """re._compiler.compile (the same steps, CPython 3.11–3.13), with its result's inputs kept."""
    if not isinstance(p, str | bytes) or flags & _DEBUG:
        return _plain_compile(p, flags)  # type: ignore[misc]
    return _compiled(p, (p, flags), lambda: _compiler._parser.parse(p, flags), flags)


def compile_parsed(name: str, parse: Callable[[], Any], flags: int) -> re.Pattern[Any]:
    """re._compiler.compile(parse(), flags): a pattern made as a parse tree (a rule pattern's
    guide, gklint/rules/regex.py), kept like the others under `name`, which says what it is."""
    if _compiler is None or _compiler.compile is not _regex:
        return _plain_compile(parse(), flags)  # type: ignore[misc,no-any-return]
    return _compiled(None, (name, flags, "parsed"), parse, flags)  # type: ignore[no-any-return]


def _compiled(pattern: str | bytes | None, key: tuple[Any, ...], parse: Callable[[], Any], flags: int) -> Any:  # noqa: ANN401
    """_sre.compile's result for the parse tree parse() makes, from the kept inputs (`key`) when
    there are; `pattern` is what the result names as its pattern (None for a parse tree, as re)."""
    args = _REGEX.get(key)
    if args is None:
        global _new
        parsed = parse()
        units = _compiler._code(parsed, flags)
        code = struct.pack(f"{len(units)}{_CODE_ITEM}", *units)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = _REGEX[key] = (
            flags | parsed.state.flags,
            code,
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        _new = True
    _used.add(key)
    final_flags, code, groups, groupindex, indexgroup = args
    units = memoryview(code).cast(_CODE_ITEM).tolist()
    return _compiler._sre.compile(pattern, final_flags, units, groups, groupindex, indexgroup)


def derived(name: str, make: Callable[[], _T]) -> _T:
    """make()'s value, kept between runs while gklint's code and data stay the same (for what a
    check would otherwise work out afresh in every process from the package's own files)."""
    global _KEPT_DERIVED, _new_derived
    if not _installed:
        return make()
    _used.add(name)
    if name in _DERIVED:
        return _DERIVED[name]  # type: ignore[return-value]
    if _KEPT_DERIVED is None:
        _KEPT_DERIVED = _stored_derived()
    value = _unpickled(_KEPT_DERIVED.get(name))
    if value is _MISSING:
        value = make()
        _new_derived = True
    _DERIVED[name] = value
    return value  # type: ignore[return-value]


def _unpickled(kept: bytes | None) -> object:
    if kept is None:
        return _MISSING
    try:
        return pickle.loads(kept)  # noqa: S301 - part of an entry signed with the user's key
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return _MISSING


def _derived_key() -> str:
    return user_cache.digest(["derived-2", user_cache.package_digest()])


def _stored_derived() -> dict[str, bytes]:
    found = user_cache.load("derived", _derived_key())
    return found if isinstance(found, dict) else {}


def _stored() -> tuple[dict[str, CodeType | bytes], dict[tuple[Any, ...], tuple[Any, ...]]]:
    found = user_cache.load("code", _key())
    if isinstance(found, tuple) and len(found) == 2 and all(isinstance(t, dict) for t in found):
        return found
    return {}, {}


def install() -> None:
    """Load the kept code and route dataclasses' and re's compiling through it (once a process)."""
    global _installed
    if _installed or user_cache.cache_dir() is None:
        return
    code, regex = _stored()
    _CODE.update(code)
    _REGEX.update(regex)
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin in that module only
    if (
        (3, 11) <= sys.version_info < (3, 14)  # the re versions whose compile steps _regex repeats
        and _compiler is not None
        and all(hasattr(_compiler, n) for n in ("_parser", "_code", "_sre"))
        and _compiler._sre.CODESIZE == 4
    ):
        _compiler.compile = _regex
    _installed = True


def save() -> None:
    """Merge what this process made anew into what is kept (nothing to do on a warm start)."""
    global _new, _new_derived
    if _installed and _new:
        code, regex = _stored()
        code.update(_CODE)
        regex.update(_REGEX)
        kept = {k: v if isinstance(v, bytes) else marshal.dumps(v) for k, v in _bounded(code).items()}
        user_cache.store("code", _key(), (kept, _bounded(regex)))
        _new = False
    if _installed and _new_derived:
        kept = _stored_derived()
        made = {k: pickle.dumps(v, pickle.HIGHEST_PROTOCOL) for k, v in _DERIVED.items() if k not in kept}
        user_cache.store("derived", _derived_key(), _bounded({**kept, **made}))
        _new_derived = False


def _bounded(table: dict[Any, Any]) -> dict[Any, Any]:
    if len(table) <= MAX_ENTRIES:
        return table
    return {k: v for k, v in table.items() if k in _used}
