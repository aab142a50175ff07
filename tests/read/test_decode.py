"""Bytes to text: encodings offices actually use, line endings, and input that is not text."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gklint.errors import InputError
from gklint.read import read_bytes, read_path

REPORT = "某某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n全年收到申请3件。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8"),
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom"],
)
def test_common_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    source = read_bytes(data, "r.txt")
    assert source.raw == REPORT
    assert source.encoding == encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_unified_and_lines_keep_their_numbers(newline: str) -> None:
    source = read_bytes(REPORT.replace("\n", newline).encode("gbk"), "r.txt")
    assert source.raw == REPORT
    offset = source.text.index("全年")
    assert source.posmap.position(offset).line == 3


def test_nul_bytes_are_refused_naming_the_line() -> None:
    with pytest.raises(InputError) as e:
        read_bytes(b"line one\nline two\x00\x00", "bad.txt")
    assert e.value.path == "bad.txt"
    assert e.value.line == 2
    assert "NUL" in e.value.message


def test_binary_noise_is_refused() -> None:
    with pytest.raises(InputError, match="二进制"):
        read_bytes(bytes(range(1, 9)) * 200, "noise.bin")


@pytest.mark.parametrize(
    ("magic", "word"),
    [(b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04rest", ".docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc")],
)
def test_other_containers_are_named(magic: bytes, word: str) -> None:
    with pytest.raises(InputError, match=word.replace(".", r"\.")):
        read_bytes(magic + b"\x00" * 10, "x")


def test_a_few_bad_bytes_in_utf8_are_replaced_and_reported_not_read_as_gbk() -> None:
    data = REPORT.encode("utf-8").replace("全年".encode(), b"\xff\xfe\xfa")
    source = read_bytes(data, "r.txt")
    assert source.encoding == "utf-8"
    assert "总体情况" in source.text
    assert [p.code for p in source.problems] == ["decode-replaced"]


def test_missing_file_and_directory_are_input_errors(tmp_path) -> None:
    with pytest.raises(InputError, match="不存在"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="文件夹"):
        read_path(tmp_path)


def test_size_limit(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match="过大"):
        read_path(big, max_bytes=1000)


def test_a_file_of_exactly_the_limit_is_read_whole(tmp_path) -> None:
    exact = tmp_path / "exact.txt"
    exact.write_bytes("年度报告\n".encode() * 100)
    assert read_path(exact, max_bytes=exact.stat().st_size).text.count("\n") == 100


def test_a_file_longer_than_its_size_said_is_read_to_the_end_or_the_limit(tmp_path) -> None:
    import os

    from gklint.files import TooLarge, _read_fd

    grown = tmp_path / "grown.txt"
    grown.write_bytes(b"x" * 5000)
    fd = os.open(grown, os.O_RDONLY)
    try:
        assert len(_read_fd(fd, 10_000, 10)) == 5000  # the size at opening was 10 bytes
    finally:
        os.close(fd)
    fd = os.open(grown, os.O_RDONLY)
    try:
        with pytest.raises(TooLarge):
            _read_fd(fd, 4999, 10)
    finally:
        os.close(fd)


def _guess_decoding_whole(data: bytes) -> tuple[str, str, int]:
    """decode._guess as it was: the whole file decoded as UTF-8 with replacement first."""
    from gklint.read.decode import _decode_as, _non_ascii

    text, replaced = _decode_as(data, "utf-8")
    if replaced <= 2 or replaced <= _non_ascii(data) // 200:
        return "utf-8", text, replaced
    gb_text, gb_replaced = _decode_as(data, "gb18030")
    if gb_replaced <= replaced:
        return "gb18030", gb_text, gb_replaced
    return "utf-8", text, replaced


_CHUNKS = st.sampled_from(["政府信息公开", "年度报告，", "abc 12\n", "\ufffd", "〇"]).flatmap(
    lambda s: st.sampled_from([s.encode(), s.encode("gb18030")])
)


@settings(max_examples=500)
@given(st.lists(_CHUNKS | st.binary(max_size=3), max_size=60).map(b"".join), st.integers(1, 200))
@example(b"\x81@\x81@" + "政政".encode(), 5)  # 2 UTF-8 failures (GB18030 reads it too), head cut in 政
def test_guessing_from_the_head_picks_what_decoding_the_whole_file_picked(data: bytes, head: int) -> None:
    import importlib
    from unittest import mock

    decoding = importlib.import_module("gklint.read.decode")  # (the package names a function so)
    with mock.patch.object(decoding, "_HEAD", head):  # heads cut anywhere, characters too
        assert decoding._guess(data) == _guess_decoding_whole(data)
