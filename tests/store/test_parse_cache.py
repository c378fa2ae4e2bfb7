"""The parse cache: hits, misses, corrupt entries, fingerprints and pruning (issue 5 §1)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from harmonise.errors import InputError
from harmonise.issues import Issue, Location, Report, Severity
from harmonise.store.parse_cache import ParseCache, code_fingerprint

Parsed = tuple[str, Report]
ADAPTER: TypeAdapter[Parsed] = TypeAdapter(Parsed)


class CountingReader:
    """A stand-in reader: upper-cases the file and reports one warning; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[Path] = []

    def __call__(self, path: Path) -> Parsed:
        self.calls.append(path)
        text = path.read_text(encoding="utf-8")
        issue = Issue(
            code="odd-text",
            severity=Severity.WARNING,
            message=f"{len(text)} characters",
            location=Location(file=str(path), line=1),
        )
        return text.upper(), Report.of([issue])


def read(cache: ParseCache, path: Path, reader: CountingReader) -> Parsed:
    return cache.load("text", path, ADAPTER, lambda: reader(path))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "input.txt"
    path.write_text("hola\n", encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".json")


def test_a_second_read_comes_from_the_cache_with_its_findings(tmp_path: Path, source: Path) -> None:
    reader = CountingReader()
    first_cache = ParseCache(tmp_path / "parsed")
    first = read(first_cache, source, reader)
    second_cache = ParseCache(tmp_path / "parsed")
    second = read(second_cache, source, reader)
    assert second == first
    assert second[1].flatten(["code", "message"]) == [["odd-text", "5 characters"]]
    assert (len(reader.calls), first_cache.parsed, second_cache.reused) == (1, 1, 1)


def test_a_changed_file_is_parsed_again(tmp_path: Path, source: Path) -> None:
    reader = CountingReader()
    read(ParseCache(tmp_path / "parsed"), source, reader)
    source.write_text("adiós\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "parsed")
    assert read(cache, source, reader)[0] == "ADIÓS\n"
    assert (len(reader.calls), cache.parsed, cache.reused) == (2, 1, 0)


def test_another_code_fingerprint_misses(tmp_path: Path, source: Path) -> None:
    reader = CountingReader()
    read(ParseCache(tmp_path / "parsed", fingerprint="reader-1"), source, reader)
    cache = ParseCache(tmp_path / "parsed", fingerprint="reader-2")
    read(cache, source, reader)
    assert (len(reader.calls), cache.parsed) == (2, 1)


def test_the_code_fingerprint_is_computed_once_and_names_the_code() -> None:
    fingerprint = code_fingerprint()
    assert fingerprint is code_fingerprint()
    assert len(fingerprint) == 64
    assert ParseCache(Path("unused")).fingerprint == fingerprint


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated-header"),
        pytest.param(lambda raw: raw[:-7], id="truncated-value"),
        pytest.param(lambda raw: b"\x80\xff garbage\n\x00", id="not-utf8"),
        pytest.param(lambda raw: b"[]\n" + raw.partition(b"\n")[2], id="foreign-header"),
        pytest.param(
            lambda raw: raw.replace(b'"kind": "text"', b'"kind": "other"'), id="other-kind"
        ),
        pytest.param(lambda raw: raw.partition(b"\n")[0] + b'\n["HOLA\\n", 3]', id="wrong-type"),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(
    tmp_path: Path, source: Path, damage: object
) -> None:
    reader = CountingReader()
    expected = read(ParseCache(tmp_path / "parsed"), source, reader)
    (entry,) = entries(tmp_path / "parsed")
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    cache = ParseCache(tmp_path / "parsed")
    assert read(cache, source, reader) == expected
    assert (cache.parsed, cache.reused) == (1, 0)
    again = ParseCache(tmp_path / "parsed")
    assert read(again, source, reader) == expected
    assert (again.parsed, again.reused, len(reader.calls)) == (0, 1, 2)


def test_an_entry_for_another_file_is_not_served(tmp_path: Path, source: Path) -> None:
    # same bytes, other path: findings name the file, so the path is part of the key
    other = tmp_path / "other.txt"
    other.write_bytes(source.read_bytes())
    reader = CountingReader()
    read(ParseCache(tmp_path / "parsed"), source, reader)
    cache = ParseCache(tmp_path / "parsed")
    assert read(cache, other, reader)[1].flatten(["location.file"]) == [str(other)]
    assert cache.parsed == 1


def test_a_failing_reader_stores_nothing(tmp_path: Path, source: Path) -> None:
    def broken() -> Parsed:
        raise InputError("not readable", path=source)

    cache = ParseCache(tmp_path / "parsed")
    with pytest.raises(InputError):
        cache.load("text", source, ADAPTER, broken)
    assert not (tmp_path / "parsed").exists() or entries(tmp_path / "parsed") == []


def test_an_unwritable_cache_folder_still_parses(tmp_path: Path, source: Path) -> None:
    blocked = tmp_path / "parsed"
    blocked.write_text("a file where the folder should be")
    reader = CountingReader()
    cache = ParseCache(blocked)
    assert read(cache, source, reader) == read(cache, source, reader)
    assert (cache.parsed, len(reader.calls), cache.prune()) == (2, 2, 0)
    assert blocked.read_text() == "a file where the folder should be"


def test_prune_keeps_what_this_build_used(tmp_path: Path) -> None:
    folder = tmp_path / "parsed"
    files = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.txt"
        path.write_text(name, encoding="utf-8")
        files.append(path)
    reader = CountingReader()
    first = ParseCache(folder)
    for path in files:
        read(first, path, reader)
    assert first.prune() == 0
    fresh_tmp = folder / ".tmp-running"
    stale_tmp = folder / ".tmp-dead"
    fresh_tmp.write_bytes(b"half")
    stale_tmp.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale_tmp, (old, old))
    files[1].write_text("b changed", encoding="utf-8")
    second = ParseCache(folder)
    for path in files[:2]:  # c.txt was removed from the registry
        read(second, path, reader)
    assert (second.parsed, second.reused) == (1, 1)
    assert second.prune() == 3  # old b, c, the dead temporary file
    assert len(entries(folder)) == 2
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".tmp-running"]
    third = ParseCache(folder)
    for path in files[:2]:
        read(third, path, reader)
    assert (third.parsed, third.reused) == (0, 2)
