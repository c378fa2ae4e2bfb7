"""The Flask application factory wiring api, web and services.

Rule: imports api, web, services and below; never cli.
"""
