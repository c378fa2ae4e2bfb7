"""The REST API v1 Flask blueprint (JSON, RDF, XML, CSV by content negotiation).

Rule: imports services and below; never web, app or cli.
"""

from harmonise.api.blueprint import create_api_blueprint

__all__ = ["create_api_blueprint"]
