"""Every item in every format: the representations the API and the web downloads serve.

One function per item type turns a registry item into bytes for a representation key
(``json``, ``jsonld``, ``turtle``, ``ddi-l``, ``ddi-c``, ``csv``, ``csv-translation``, ``spss``,
``stata``, ``r``, ``sql``); all of them call the format writers on the same model objects
(DESIGN.md §2 principle 3: standards in, standards out).
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from harmonise.formats.crosswalk_exports import (
    long_csv,
    r_syntax,
    recode_plan,
    spss_syntax,
    sql_case,
    stata_syntax,
    translation_csv,
)
from harmonise.formats.ddi_codebook import ddi_codebook_bytes
from harmonise.formats.ddi_lifecycle import comparison_bytes, ddi_lifecycle_bytes
from harmonise.formats.rdf_export import graph_of, serialize
from harmonise.formats.xkos import xkos_bytes
from harmonise.model import (
    CodeList,
    Concept,
    ConceptScheme,
    CoreVariable,
    Crosswalk,
    MetadataPackage,
    Question,
    SourceFormat,
    Study,
    Variable,
)
from harmonise.model.figure import FigureDefinition

if TYPE_CHECKING:
    from harmonise.services.browse import Browser, ConcordanceMatrix, ItemType, Record

_OFFERED: dict[str, tuple[str, ...]] = {
    "study": ("json", "ddi-c", "ddi-l", "jsonld", "turtle"),
    "variable": ("json", "ddi-c", "ddi-l", "jsonld", "turtle", "csv"),
    "core-variable": ("json", "ddi-l", "jsonld", "turtle", "csv"),
    "question": ("json", "ddi-l", "jsonld", "turtle"),
    "code-list": ("json", "turtle", "jsonld", "ddi-l", "csv"),
    "concept": ("json", "turtle", "jsonld"),
    "concept-scheme": ("json", "turtle", "jsonld"),
    "crosswalk": (
        "json",
        "jsonld",
        "turtle",
        "ddi-l",
        "csv",
        "csv-translation",
        "spss",
        "stata",
        "r",
        "sql",
    ),
    "figure": ("json", "csv"),
}


def offered_formats(item_type: ItemType) -> tuple[str, ...]:
    """The representation keys an item type is served in (JSON first)."""
    return _OFFERED[item_type.value]


def response_model(item_type: ItemType) -> type[BaseModel]:
    """The pydantic model of an item type's JSON representation (for the OpenAPI document)."""
    from harmonise.services.browse import CrosswalkView

    models: dict[str, type[BaseModel]] = {
        "study": Study,
        "variable": Variable,
        "core-variable": CoreVariable,
        "question": Question,
        "code-list": CodeList,
        "concept": Concept,
        "concept-scheme": ConceptScheme,
        "crosswalk": CrosswalkView,
        "figure": FigureDefinition,
    }
    return models[item_type.value]


def _package_for(browser: Browser, record: Record) -> MetadataPackage:
    """A package holding the item and what it refers to (question, code list, study)."""
    obj = record.obj
    sv = record.study
    study = sv.package.study if sv is not None else None
    fmt = sv.package.source_format if sv is not None else SourceFormat.DDI_LIFECYCLE_3_3
    content = browser.content
    if isinstance(obj, Study):
        assert sv is not None
        return sv.package
    if isinstance(obj, Variable):
        pkg = sv.package if sv is not None else content.core
        question = pkg.question(obj.question)
        code_list = content.code_list(obj.code_list)
        if isinstance(obj, CoreVariable):
            return MetadataPackage(
                source_format=fmt,
                core_variables=(obj,),
                questions=(question,) if question else (),
                code_lists=(code_list,) if code_list else (),
            )
        return MetadataPackage(
            source_format=fmt,
            study=study,
            variables=(obj,),
            questions=(question,) if question else (),
            code_lists=(code_list,) if code_list else (),
        )
    if isinstance(obj, Question):
        cl = content.code_list(obj.response_domain.code_list)
        return MetadataPackage(source_format=fmt, questions=(obj,), code_lists=(cl,) if cl else ())
    if isinstance(obj, CodeList):
        return MetadataPackage(source_format=fmt, code_lists=(obj,))
    return MetadataPackage(source_format=fmt)


def _categories_csv(code_list: CodeList | None, variable: Variable | None = None) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    languages = code_list.languages if code_list else ()
    w.writerow(
        ["code", *[f"label_{lang}" for lang in languages], "missing", "missing_type", "frequency"]
    )
    if code_list is not None:
        for code in code_list.codes:
            freq = variable.frequency(code.value) if variable is not None else None
            w.writerow(
                [
                    code.value,
                    *[code.category.label.get(lang) or "" for lang in languages],
                    "yes" if code.missing else "no",
                    code.missing_type.value if code.missing_type else "",
                    "" if freq is None else f"{freq:g}",
                ]
            )
    return out.getvalue()


def _crosswalk(browser: Browser, record: Record, key: str) -> bytes | str:
    cw: Crosswalk = record.obj
    if key == "json":
        view = browser.crosswalk_view(cw, record.study)
        return view.model_dump_json()
    if key in ("turtle", "jsonld"):
        return xkos_bytes(
            [cw], "turtle" if key == "turtle" else "json-ld", browser.content.settings.iri_base
        )
    if key == "ddi-l":
        lists = [
            cl
            for cl in (
                browser.content.code_list(cw.source_code_list),
                browser.content.code_list(cw.target_code_list),
            )
            if cl
        ]
        return comparison_bytes([cw], lists)
    if key == "csv":
        return long_csv(cw)
    if key == "csv-translation":
        return translation_csv([cw])
    source = record.study.variable(cw.source_variable) if record.study else None
    target = browser.content.core_variable(cw.target_variable)
    plan = recode_plan(cw, source.name if source else None, target.name if target else None)
    renderers = {"spss": spss_syntax, "stata": stata_syntax, "r": r_syntax, "sql": sql_case}
    return renderers[key](plan)


def render(browser: Browser, record: Record, key: str) -> bytes | str:
    """The item in the representation ``key`` (one of :func:`offered_formats`)."""
    obj: Any = record.obj
    if record.type.value == "crosswalk":
        return _crosswalk(browser, record, key)
    if key == "json":
        if isinstance(obj, BaseModel):
            return obj.model_dump_json()
        return json.dumps(obj, default=str)
    if key in ("turtle", "jsonld"):
        items: list[object] = [obj]
        if isinstance(obj, Variable) and obj.code_list is not None:
            cl = browser.content.code_list(obj.code_list)
            if cl is not None:
                items.append(cl)
        return serialize(graph_of(items, browser.content.settings.iri_base), key)
    if key == "ddi-c":
        return ddi_codebook_bytes(_package_for(browser, record))
    if key == "ddi-l":
        return ddi_lifecycle_bytes(_package_for(browser, record))
    if key == "csv":
        if isinstance(obj, CodeList):
            return _categories_csv(obj)
        if isinstance(obj, Variable):
            return _categories_csv(browser.content.code_list(obj.code_list), obj)
        if isinstance(obj, FigureDefinition):
            return _figure_csv(browser, obj)
    raise ValueError(f"format {key!r} is not offered for a {record.type.value}")


def _figure_csv(browser: Browser, definition: FigureDefinition) -> str:
    from harmonise.services.browse import figure_values

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "figure",
            "version",
            "study",
            "country",
            "breakdown",
            "status",
            "value",
            "unweighted_n",
            "footnotes",
            "reason",
        ]
    )
    figure = figure_values(browser, definition)
    for v in figure.values if figure else ():
        w.writerow(
            [
                definition.id,
                definition.version,
                v.study,
                v.country,
                ";".join(f"{k}={c}" for k, c in v.breakdown),
                v.status.value,
                "" if v.value is None else f"{v.value:g}",
                v.unweighted_n,
                " | ".join(v.footnotes),
                v.reason or "",
            ]
        )
    return out.getvalue()


def concordance_csv(matrix: ConcordanceMatrix) -> str:
    """The concordance matrix as CSV: one row per core variable, two columns per study."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    header = ["core_variable", "name", "module"]
    for study in matrix.studies:
        header += [f"{study} variable", f"{study} status"]
    w.writerow(header)
    for row in matrix.rows:
        cells: list[str] = []
        for cell in row.cells:
            cells += [cell.variable or "", cell.status.value if cell.status else ""]
        w.writerow([row.core_variable, row.name, row.module or "", *cells])
    return out.getvalue()
