"""The streaming API and bounded memory on a large generated codebook (issue item 7)."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harmonise.formats.ddi_codebook import iter_ddi_codebook, read_ddi_codebook
from harmonise.formats.ddi_codebook.synthetic import write_synthetic_codebook
from harmonise.model import CodeList, Question, Study, Variable, VariableGroup


def test_stream_yields_study_first_then_items_per_variable(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    write_synthetic_codebook(path, 3)
    items = list(iter_ddi_codebook(path))
    assert [type(i) for i in items] == [Study] + [CodeList, Question, Variable] * 3
    assert [i.name for i in items if isinstance(i, Variable)] == ["v000001", "v000002", "v000003"]


def test_stream_yields_groups_last_with_names(tmp_path: Path) -> None:
    path = tmp_path / "groups.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "</titlStmt></citation></stdyDscr><dataDscr>"
        '<varGrp ID="G" type="section" var="V2 V1"/>'
        '<var ID="V1" name="a"/><var ID="V2" name="b"/></dataDscr></codeBook>',
        encoding="utf-8",
    )
    stream = iter_ddi_codebook(path)
    items = list(stream)
    assert isinstance(items[0], Study)
    assert isinstance(items[-1], VariableGroup)
    assert items[-1].variables == ("b", "a")
    assert stream.report.flatten() == ["missing-study-identifier"]


def test_stream_and_read_agree(tmp_path: Path) -> None:
    path = tmp_path / "agree.xml"
    write_synthetic_codebook(path, 20)
    package, report = read_ddi_codebook(path)
    streamed = [i for i in iter_ddi_codebook(path) if isinstance(i, Variable)]
    assert tuple(streamed) == package.variables
    assert report.issues == ()
    assert package.counts()["categories"] == 20 * 8
    assert package.code_lists[0].missing_codes[0].value == "98"


@pytest.fixture(scope="module")
def large_codebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 200 MB DDI-C codebook with 40,000 variables (shared by the slow tests)."""
    path = tmp_path_factory.mktemp("large") / "large.xml"
    size = write_synthetic_codebook(path, 40_000)
    assert size > 195_000_000
    return path


def _peak_mb(reader: str) -> tuple[str, float]:
    """Run ``reader`` (Python source) in a child process: its output and its peak RSS in MB."""
    # A wrapper process runs the reader, so RUSAGE_CHILDREN covers exactly that one child.
    wrapper = textwrap.dedent(
        f"""
        import resource, subprocess, sys
        done = subprocess.run([sys.executable, "-c", {reader!r}], capture_output=True, text=True)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(done.returncode, done.stdout.strip(), peak_kib, sep="|")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    returncode, output, peak_kib = done.stdout.strip().split("|")
    assert returncode == "0"
    return output, int(peak_kib) / 1024  # Linux reports ru_maxrss in KiB


@pytest.mark.slow
def test_200_mb_codebook_streams_in_bounded_memory(large_codebook: Path) -> None:
    reader = textwrap.dedent(
        f"""
        from harmonise.formats.ddi_codebook import iter_ddi_codebook
        stream = iter_ddi_codebook({str(large_codebook)!r})
        print(sum(1 for _ in stream), len(stream.report))
        """
    )
    output, peak_mb = _peak_mb(reader)
    assert output == f"{1 + 3 * 40_000} 0"
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


@pytest.mark.slow
def test_200_mb_codebook_reads_whole_in_under_400_mb(large_codebook: Path) -> None:
    """Issue 2 §7: the full package of the 200 MB file (40,000 variables) under 400 MB peak."""
    reader = textwrap.dedent(
        f"""
        from harmonise.formats.ddi_codebook import read_ddi_codebook
        package, report = read_ddi_codebook({str(large_codebook)!r})
        print(package.counts()["variables"], package.counts()["categories"], len(report))
        """
    )
    output, peak_mb = _peak_mb(reader)
    assert output == f"40000 {40_000 * 8} 0"
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"
