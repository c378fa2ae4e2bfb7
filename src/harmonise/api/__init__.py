"""The REST API v1 Flask blueprint (JSON, RDF, XML, CSV by content negotiation).

Rule: imports services and below; never web, app or cli.
"""
