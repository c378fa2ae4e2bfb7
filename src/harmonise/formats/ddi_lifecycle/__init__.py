"""DDI-Lifecycle 3.3 (3.2 read-compatible) reader and writer, incl. the Comparative module.

Contract names (docs/contracts): :func:`read_ddi_lifecycle`, :func:`write_ddi_lifecycle`,
:func:`ddi_lifecycle_bytes`, :func:`comparison_bytes`. Modules: ``namespaces`` (the 3.3/3.2
namespaces), ``references`` (identification, references, the identifiable index), ``elements``
(element builders), ``writer`` (package -> FragmentInstance), ``comparative`` (crosswalks <->
``cm:Comparison``), ``reader`` (streaming reader).
"""

from harmonise.formats.ddi_lifecycle.comparative import comparison_bytes
from harmonise.formats.ddi_lifecycle.reader import read_ddi_lifecycle
from harmonise.formats.ddi_lifecycle.writer import ddi_lifecycle_bytes, write_ddi_lifecycle

__all__ = ["comparison_bytes", "ddi_lifecycle_bytes", "read_ddi_lifecycle", "write_ddi_lifecycle"]
