"""The Flask application factory wiring the API and web blueprints to the services.

Rule: imports api, web, services and below; never cli.
"""

from harmonise.app.factory import create_app

__all__ = ["create_app"]
