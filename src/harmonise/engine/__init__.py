"""Applying crosswalks to microdata with DuckDB; figures and lineage computation.

Rule: imports formats and below; the only layer that imports DuckDB.
"""
