"""DDI-Codebook (DDI-C 2.5, and the legacy 1.2.2 / no-namespace forms): reader and writer.

Contract (notes/contracts.md): :func:`read_ddi_codebook`, :func:`write_ddi_codebook`,
:func:`ddi_codebook_bytes`; :func:`iter_ddi_codebook` streams items for large files.
"""

from harmonise.formats.ddi_codebook.reader import (
    CodebookStream,
    RootInfo,
    iter_ddi_codebook,
    read_ddi_codebook,
    sniff_root,
)
from harmonise.formats.ddi_codebook.writer import ddi_codebook_bytes, write_ddi_codebook

__all__ = [
    "CodebookStream",
    "RootInfo",
    "ddi_codebook_bytes",
    "iter_ddi_codebook",
    "read_ddi_codebook",
    "sniff_root",
    "write_ddi_codebook",
]
