"""The HTML pages Flask blueprint (server-rendered Jinja templates).

Rule: imports services and below; never api, app or cli.
"""
