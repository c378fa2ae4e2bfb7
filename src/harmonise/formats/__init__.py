"""Readers and writers: DDI, SKOS/XKOS, SPSS/Stata, CSPro, crosswalk sheets, PROV, syntax.

Rule: imports only model, issues, config and errors. The only layer that parses files.
"""
