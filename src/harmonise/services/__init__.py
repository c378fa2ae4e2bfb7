"""Use cases: the only door into the core (import, build, search, validate, apply, trace).

Rule: imports store, validate, engine, formats and below; never api, web, app or cli.
"""
