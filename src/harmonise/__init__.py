"""harmonise: a registry for cross-national survey metadata and harmonisation.

It records questions, categories and variables in DDI and SKOS, maps each country variant onto a
common core with versioned crosswalks, validates them, serves them, applies them to microdata and
traces every published figure back to the question wording.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
