"""Pure rules over model objects: crosswalk and metadata validation.

Rule: no I/O, no store import; imports model, issues, config and errors only.
"""
