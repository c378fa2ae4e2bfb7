"""The command-line interface (click).

Rule: may import every layer; nothing imports it.
"""
