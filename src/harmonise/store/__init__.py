"""The derived catalog: SQLite database, tantivy search index, RDF graph.

Rule: imports formats and below; only store.search imports tantivy.
"""
