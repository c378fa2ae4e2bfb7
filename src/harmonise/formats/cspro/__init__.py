"""CSPro: data dictionaries (classic text and CSPro 8 JSON ``.dcf``) and fixed-width data files.

Modules: :mod:`.dictionary` (the dictionary structures and structural checks),
:mod:`.dictionary_text` and :mod:`.dictionary_json` (the two forms), :mod:`.mapping` (to the
domain model), :mod:`.data` (streaming fixed-width data into one Arrow table per record type),
:mod:`.reader` (entry points).
"""

from harmonise.formats.cspro.dictionary import CsproDictionary, SpecialValue
from harmonise.formats.cspro.mapping import ColumnStatistics, dictionary_to_package
from harmonise.formats.cspro.reader import read_cspro, read_cspro_dictionary

__all__ = [
    "ColumnStatistics",
    "CsproDictionary",
    "SpecialValue",
    "dictionary_to_package",
    "read_cspro",
    "read_cspro_dictionary",
]
