"""Content negotiation: one identifier, every format (RFC 9110 §12.5.1 ``Accept``).

A client picks a representation with the ``Accept`` header or, for browsers and simple links, a
``?format=`` parameter (which wins). When no offered type fits, the API answers 406 with the list
of offered types.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from werkzeug.datastructures import MIMEAccept

from harmonise.api.problems import ApiProblem


@dataclass(frozen=True)
class Representation:
    """One format an item can be served in."""

    key: str
    media_type: str
    extension: str
    label: str


REPRESENTATIONS: dict[str, Representation] = {
    r.key: r
    for r in (
        Representation("json", "application/json", "json", "JSON"),
        Representation("jsonld", "application/ld+json", "jsonld", "JSON-LD"),
        Representation("turtle", "text/turtle", "ttl", "Turtle (SKOS/XKOS)"),
        Representation("ddi-l", "application/vnd.ddi.lifecycle+xml", "xml", "DDI-Lifecycle 3.3"),
        Representation("ddi-c", "application/vnd.ddi.codebook+xml", "xml", "DDI-Codebook 2.5"),
        Representation("csv", "text/csv", "csv", "CSV"),
        Representation("csv-translation", "text/csv", "csv", "Translation table (CSV)"),
        Representation("spss", "application/x-spss-syntax", "sps", "SPSS syntax"),
        Representation("stata", "application/x-stata-syntax", "do", "Stata syntax"),
        Representation("r", "application/x-r-syntax", "R", "R syntax"),
        Representation("sql", "application/sql", "sql", "SQL"),
        Representation("html", "text/html", "html", "HTML"),
    )
}

#: Extra media types accepted as synonyms in ``Accept``.
ALIASES: dict[str, str] = {
    "application/xml": "ddi-l",
    "text/xml": "ddi-l",
    "application/x-turtle": "turtle",
    "application/rdf+turtle": "turtle",
    "text/plain+spss": "spss",
}


def negotiate(offered: tuple[str, ...], default: str = "json") -> Representation:
    """Pick the representation for this request among ``offered`` keys.

    Args:
        offered: Representation keys this resource can produce, in preference order.
        default: The key used when the client expresses no preference.

    Returns:
        The chosen representation.

    Raises:
        ApiProblem: 406 with the offered media types when nothing fits, or 400 for an unknown
            ``?format=``.
    """
    fmt = request.args.get("format")
    if fmt is not None:
        key = fmt.strip().lower()
        if key in offered:
            return REPRESENTATIONS[key]
        raise ApiProblem(
            406,
            "Not Acceptable",
            f"format {fmt[:40]!r} is not offered for this resource",
            offered=[REPRESENTATIONS[k].key for k in offered],
        )
    accept: MIMEAccept = request.accept_mimetypes
    if not accept or accept.provided is False or str(accept) in ("", "*/*"):
        return REPRESENTATIONS[default]
    candidates: dict[str, str] = {}
    for key in offered:
        candidates.setdefault(REPRESENTATIONS[key].media_type, key)
    for alias, key in ALIASES.items():
        if key in offered:
            candidates.setdefault(alias, key)
    # Prefer the default when it ties with another type (e.g. Accept: */*).
    ordered = [REPRESENTATIONS[default].media_type] if default in offered else []
    ordered += [m for m in candidates if m not in ordered]
    best = accept.best_match(ordered)
    if best is None:
        raise ApiProblem(
            406,
            "Not Acceptable",
            "none of the media types in Accept is offered for this resource",
            offered=sorted({REPRESENTATIONS[k].media_type for k in offered}),
        )
    return REPRESENTATIONS[candidates[best]]
