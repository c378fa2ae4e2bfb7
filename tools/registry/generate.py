"""Regenerate the programme registry: ``python tools/registry/generate.py [--root DIR]``.

Writes vocabularies/*.ttl and registry/ (programme.yaml, core DDI-L, study DDI-C codebooks,
qualitative guides, crosswalks, synthetic .sav microdata, figure definitions) from the content
definitions in tools/registry/migreg/. Deterministic: the same code gives the same bytes.
``--only vocabularies`` or ``--only registry`` limits what is written. See docs/registry.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from migreg.write import write_registry, write_vocabularies  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parents[1], help="project root")
    parser.add_argument("--only", choices=("vocabularies", "registry"), default=None)
    args = parser.parse_args(argv)
    root: Path = args.root
    if args.only in (None, "vocabularies"):
        write_vocabularies(root / "vocabularies")
    if args.only in (None, "registry"):
        write_registry(root / "registry")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
