"""The HTML pages: server-rendered Jinja templates over the same services as the API.

Pages: home (programme at a glance and the coverage matrix), search, variable, core variable
(country variants side by side), crosswalk (translation table, history, diff, downloads),
question, figure (values chart and lineage graph) and validation (upload and report). Every page
also answers ``?format=json`` by redirecting to the API resource that holds the same data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from harmonise.config import Settings
from harmonise.errors import CatalogError, HarmoniseError, InputError, NotFoundError
from harmonise.model import (
    CodeList,
    CoreVariable,
    Crosswalk,
    LocalizedText,
    Question,
    Variable,
)
from harmonise.model.crosswalk import association_status
from harmonise.services.browse import Browser, ItemType, Record, open_browser
from harmonise.services.catalog import SearchQuery, search
from harmonise.services.catalog_access import current_catalog
from harmonise.services.crosswalks import diff
from harmonise.services.exports import offered_formats
from harmonise.services.uploads import UploadTooLargeError, validate_upload
from harmonise.web.svg import Bar, Edge, Node, bar_chart, lineage_graph

_log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "es": "Español", "sq": "Shqip", "": "—"}
STATUS_ORDER = ("complete", "partial", "undetermined", "impossible")
FACET_NAMES = {
    "type": "Item type",
    "country": "Country",
    "study": "Study",
    "module": "Module",
    "concept": "Concept",
    "language": "Language",
    "status": "Harmonisation status",
}


def _text(value: LocalizedText | None, prefer: tuple[str, ...] = ("en", "es", "sq")) -> str:
    return value.best(prefer) if value else ""


def create_web_blueprint(settings: Settings) -> Blueprint:
    """The blueprint of HTML pages."""
    bp = Blueprint("web", __name__)

    def browser() -> Browser:
        return open_browser(settings)

    @bp.before_request
    def _json_alternative() -> Response | None:
        if request.args.get("format") == "json" and request.endpoint in _API_ALTERNATIVES:
            target = _API_ALTERNATIVES[request.endpoint](request.view_args or {})
            return redirect(target, code=303)  # type: ignore[return-value]
        return None

    @bp.app_template_filter("num")
    def _num_filter(value: float | int | None) -> str:
        if value is None:
            return "—"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"

    @bp.app_template_filter("version_of")
    def _version_of(urn: str) -> str:
        return str(urn).rsplit(":", 1)[-1]

    @bp.app_template_filter("lang_name")
    def _lang_name(code: str) -> str:
        return LANGUAGE_NAMES.get(code, code)

    @bp.app_template_global("text")
    def _text_global(value: LocalizedText | None, *prefer: str) -> str:
        return _text(value, prefer or ("en", "es", "sq"))

    @bp.app_template_global("item_url")
    def _item_url(kind: str, urn: Any) -> str:
        endpoint = _ITEM_ENDPOINTS.get(kind)
        if endpoint is None:
            return f"/api/v1/items/{urn}"
        return url_for(endpoint, urn=str(urn))

    @bp.app_template_global("api_url")
    def _api_url(path: str, **params: str) -> str:
        return "/api/v1/" + path.lstrip("/") + (("?" + urlencode(params)) if params else "")

    @bp.get("/")
    def home() -> str:
        b = browser()
        content = b.content
        matrix = b.concordance()
        modules: dict[str, list[Any]] = {}
        for row in matrix.rows:
            modules.setdefault(row.module or "—", []).append(row)
        studies = list(content.latest_studies())
        coverage = {s: dict.fromkeys(STATUS_ORDER, 0) for s in matrix.studies}
        for row in matrix.rows:
            for cell in row.cells:
                if cell.status is not None:
                    coverage[cell.study][cell.status.value] += 1
        title = content.programme.get("title")
        title_text = (
            LocalizedText(title).best(("en",)) if isinstance(title, dict) else str(title or "")
        )
        module_titles = {
            str(m.get("code")): str(m.get("title") or "")
            for m in content.programme.get("modules") or ()
            if isinstance(m, dict)
        }
        countries = [c for c in content.programme.get("countries") or () if isinstance(c, dict)]
        return render_template(
            "home.html",
            module_titles=module_titles,
            countries=countries,
            programme_title=title_text or "Survey programme",
            programme_description=str(content.programme.get("note") or ""),
            programme=content.programme,
            matrix=matrix,
            modules=modules,
            studies=studies,
            all_studies=content.studies,
            coverage=coverage,
            figures=content.figures,
            core_count=len(content.core_variables),
            statuses=STATUS_ORDER,
        )

    @bp.get("/search")
    def search_page() -> str:
        q = request.args.get("q", "")[:2000]
        selected = {
            name: tuple(v for v in request.args.getlist(name) if v)[:20]
            for name in ("country", "study", "type", "module", "concept", "status")
        }
        lang = request.args.get("lang") or None
        if lang not in ("en", "es", "sq"):
            lang = None
        all_versions = request.args.get("all_versions") in ("1", "on", "true")
        try:
            page = max(1, min(500, int(request.args.get("page", "1") or 1)))
        except ValueError:
            page = 1
        results = None
        error = None
        if q or any(selected.values()):
            try:
                results = search(
                    current_catalog(settings),
                    SearchQuery(
                        q=q,
                        country=selected["country"],
                        study=selected["study"],
                        type=selected["type"],
                        module=selected["module"],
                        concept=selected["concept"],
                        status=selected["status"],
                        lang=lang,
                        all_versions=all_versions,
                        page=page,
                        page_size=20,
                    ),
                )
            except CatalogError as exc:
                error = f"The catalog is not built yet ({exc}). Run harmonise build."
        base_args = [(k, v) for k, vs in selected.items() for v in vs]
        if q:
            base_args.append(("q", q))
        if lang:
            base_args.append(("lang", lang))
        if all_versions:
            base_args.append(("all_versions", "1"))

        def page_url(n: int) -> str:
            return url_for("web.search_page") + "?" + urlencode([*base_args, ("page", str(n))])

        def toggle_url(name: str, value: str) -> str:
            if name == "language":  # the language facet sets the (single) language filter
                name = "lang"
            args = [(k, v) for k, v in base_args if not (k == name and v == value)]
            if name == "lang":
                args = [(k, v) for k, v in args if k != "lang"]
            if (name, value) not in base_args:
                args.append((name, value))
            return url_for("web.search_page") + "?" + urlencode(args)

        return render_template(
            "search.html",
            q=q,
            search_q=q,
            results=results,
            selected=selected,
            lang=lang,
            all_versions=all_versions,
            error=error,
            page_url=page_url,
            toggle_url=toggle_url,
            facet_names=FACET_NAMES,
            highlight=Markup,  # the index escapes text and only adds <b>
            hit_url=_hit_url,
        )

    @bp.get("/variables/<path:urn>")
    def variable_page(urn: str) -> str:
        b = browser()
        record, key, _ = _get(b, urn, ItemType.VARIABLE)
        var: Variable = record.obj
        sv = record.study
        question = sv.package.question(var.question) if sv else None
        code_list = b.content.code_list(var.code_list)
        crosswalks = [
            cw
            for s, cw in b.latest_crosswalks()
            if sv is not None
            and s.key == sv.key
            and cw.source_variable.unversioned() == var.urn.unversioned()
        ]
        crosswalk = crosswalks[0] if crosswalks else None
        view = b.crosswalk_view(crosswalk, sv) if crosswalk else None
        core = b.content.core_variable(crosswalk.target_variable) if crosswalk else None
        core_question = b.content.core.question(core.question) if core else None
        variants = b.core_variable_view(str(core.urn)).variants if core else []
        chart = _frequency_chart(var, code_list)
        study_langs = sv.package.study.languages if sv and sv.package.study else ()
        original = next((lang for lang in study_langs if lang != "en"), None) or (
            question.text.languages[0] if question and question.text.languages else "en"
        )
        return render_template(
            "variable.html",
            var=var,
            key=key,
            study=sv,
            question=question,
            code_list=code_list,
            crosswalk=crosswalk,
            view=view,
            core=core,
            core_question=core_question,
            variants=variants,
            chart=chart,
            original=original,
            formats=offered_formats(ItemType.VARIABLE),
        )

    @bp.get("/core-variables/<path:urn>")
    def core_variable_page(urn: str) -> str:
        b = browser()
        record, key, _ = _get(b, urn, ItemType.CORE_VARIABLE)
        cv: CoreVariable = record.obj
        view = b.core_variable_view(key)
        core_question = b.content.core.question(cv.question)
        core_list = b.content.code_list(cv.code_list)
        columns = []
        for variant in view.variants:
            vrec, _, _ = b.resolve(variant.variable.urn)
            var: Variable = vrec.obj
            cw_rec = b.resolve(variant.crosswalk)[0] if variant.crosswalk else None
            cw: Crosswalk | None = cw_rec.obj if cw_rec else None
            code_list = b.content.code_list(var.code_list)
            question = vrec.study.package.question(var.question) if vrec.study else None
            columns.append(
                {
                    "variant": variant,
                    "variable": var,
                    "question": question,
                    "code_list": code_list,
                    "crosswalk": cw,
                    "differences": _differences(core_list, code_list, cw),
                }
            )
        return render_template(
            "core_variable.html",
            cv=cv,
            module_title=next(
                (
                    str(m.get("title") or "")
                    for m in b.content.programme.get("modules") or ()
                    if isinstance(m, dict) and m.get("code") == cv.module
                ),
                "",
            ),
            key=key,
            question=core_question,
            code_list=core_list,
            columns=columns,
            formats=offered_formats(ItemType.CORE_VARIABLE),
        )

    @bp.get("/crosswalks/<path:urn>")
    def crosswalk_page(urn: str) -> str:
        b = browser()
        record, key, _ = _get(b, urn, ItemType.CROSSWALK)
        cw: Crosswalk = record.obj
        view = b.crosswalk_view(cw, record.study)
        source_list = b.content.code_list(cw.source_code_list)
        target_list = b.content.code_list(cw.target_code_list)
        source_var = record.study.variable(cw.source_variable) if record.study else None
        core = b.content.core_variable(cw.target_variable)
        versions = [b.resolve(v)[0].obj for v in view.versions]
        compare = request.args.get("diff")
        changes = None
        if compare:
            try:
                older = b.get(compare, ItemType.CROSSWALK)[0].obj
            except NotFoundError:
                older = None
            if older is not None:
                order = [v.urn for v in versions]
                later = older.urn in order and cw.urn in order
                if later and order.index(older.urn) > order.index(cw.urn):
                    changes = diff(cw, older)  # always from the earlier to the later version
                else:
                    changes = diff(older, cw)
        elif len(versions) > 1 and versions[-1].urn == cw.urn:
            changes = diff(versions[-2], cw)
        table = _translation_table(cw, source_list, target_list)
        return render_template(
            "crosswalk.html",
            cw=cw,
            key=key,
            view=view,
            table=table,
            study=record.study,
            source_list=source_list,
            target_list=target_list,
            source_var=source_var,
            core=core,
            versions=versions,
            changes=changes,
            formats=offered_formats(ItemType.CROSSWALK),
        )

    @bp.get("/questions/<path:urn>")
    def question_page(urn: str) -> str:
        b = browser()
        record, key, _ = _get(b, urn, ItemType.QUESTION)
        q: Question = record.obj
        code_list = b.content.code_list(q.response_domain.code_list)
        variables = [
            (sv, v) for sv in b.content.studies for v in sv.package.variables if v.question == q.urn
        ] + [(None, v) for v in b.content.core_variables if v.question == q.urn]
        return render_template(
            "question.html",
            q=q,
            key=key,
            study=record.study,
            code_list=code_list,
            variables=variables,
        )

    @bp.get("/figures/<path:urn>")
    def figure_page(urn: str) -> str:
        b = browser()
        record, key, _ = _get(b, urn, ItemType.FIGURE)
        definition = record.obj
        from harmonise.services.lineage import trace_figure

        trace = None
        problem = None
        try:
            trace = trace_figure(
                definition.id, settings.registry_dir / "figures" / "values", settings.root
            )
        except (NotFoundError, InputError) as exc:
            problem = str(exc)
        chart = graph = Markup("")
        if trace is not None:
            bars = [
                Bar(
                    f"{v.country} {' '.join(f'{k}={c}' for k, c in v.breakdown)}".strip(),
                    v.value or 0.0,
                )
                for v in trace.figure.values
                if v.value is not None
            ]
            unit = " %" if definition.indicator.type.value == "proportion" else ""
            chart = bar_chart(bars, _text(definition.title), unit)
            graph = _lineage_svg(b, trace)
        return render_template(
            "figure.html",
            sources=_lineage_rows(trace) if trace is not None else [],
            definition=definition,
            key=key,
            trace=trace,
            problem=problem,
            chart=chart,
            graph=graph,
        )

    @bp.route("/validate", methods=["GET", "POST"])
    def validate_page() -> tuple[str, int] | str:
        b = browser()
        core_names = sorted(cv.name for cv in b.content.core_variables)
        if request.method == "GET":
            return render_template("validate.html", result=None, core_names=core_names)
        part = request.files.get("file")
        if part is None or not part.filename:
            return render_template(
                "validate.html",
                result=None,
                core_names=core_names,
                error="Choose a file to validate.",
            ), 400
        core_variable = request.form.get("core_variable") or None
        if core_variable not in (None, *core_names):
            core_variable = None
        try:
            result, name = validate_upload(
                part.stream,
                filename=part.filename,
                media_type=part.mimetype,
                settings=settings,
                max_bytes=settings.max_upload_bytes,
                core_variable=core_variable,
            )
        except UploadTooLargeError as exc:
            return render_template(
                "validate.html", result=None, core_names=core_names, error=str(exc.message)
            ), 413
        except InputError as exc:
            return render_template(
                "validate.html",
                result=None,
                core_names=core_names,
                error=f"{exc.message} ({exc.hint})" if exc.hint else exc.message,
            ), 415
        groups = {
            sev: [i for i in result.report.sorted().issues if i.severity.value == sev]
            for sev in ("error", "warning", "info")
        }
        return render_template(
            "validate.html",
            result=result,
            name=name,
            groups=groups,
            core_names=core_names,
            core_variable=core_variable,
        )

    @bp.errorhandler(RequestEntityTooLarge)
    def _too_large(exc: RequestEntityTooLarge) -> tuple[str, int]:
        limit = settings.max_upload_bytes
        names = sorted(cv.name for cv in browser().content.core_variables)
        message = f"The file is larger than the upload limit of {limit:,} bytes."
        return render_template("validate.html", result=None, core_names=names, error=message), 413

    @bp.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return error_page(exc.code or 500, exc)

    @bp.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        _log.exception("unhandled error on %s", request.path)
        return error_page(500, exc)

    return bp


def _get(b: Browser, urn: str, kind: ItemType) -> tuple[Record, str, bool]:
    try:
        return b.get(urn, kind)
    except NotFoundError:
        abort(404)


def _hit_url(hit: Any) -> str:
    kind = hit.type
    endpoint = _ITEM_ENDPOINTS.get(kind)
    if endpoint is not None:
        return url_for(endpoint, urn=hit.urn)
    return "/api/v1/items/" + quote(hit.urn)


def _frequency_chart(var: Variable, code_list: CodeList | None) -> Markup:
    if code_list is None or not var.frequencies:
        return Markup("")
    bars = []
    for code in code_list.codes:
        freq = var.frequency(code.value)
        if freq is None:
            continue
        label = f"{code.value} {code.category.label.best(('es', 'sq', 'en'))}"
        bars.append(Bar(label, freq, code.missing))
    return bar_chart(bars, f"Frequencies of {var.name}")


def _translation_table(
    cw: Crosswalk, source: CodeList | None, target: CodeList | None
) -> list[dict[str, Any]]:
    """Core codes as rows, each source code on the row of the core code it maps to."""
    rows: dict[str, dict[str, Any]] = {}
    order = list(target.values) if target else []
    for value in order:
        code = target.code(value) if target else None
        rows[value] = {
            "target": value,
            "label": code.label if code else LocalizedText(),
            "missing": bool(code and code.missing),
            "sources": [],
            "status": set(),
        }
    unmatched: list[dict[str, Any]] = []
    for a in cw.associations:
        status = association_status(cw, a).value
        entries = []
        for s in a.sources:
            code = source.code(s) if source else None
            entries.append(
                {
                    "value": s,
                    "label": code.label if code else LocalizedText(),
                    "missing": bool(code and code.missing),
                    "rule": a.rule.value,
                }
            )
        if not a.targets:
            unmatched.extend({**e, "status": status} for e in entries)
            continue
        for t in a.targets:
            row = rows.setdefault(
                t,
                {
                    "target": t,
                    "label": LocalizedText(),
                    "missing": False,
                    "sources": [],
                    "status": set(),
                },
            )
            row["sources"].extend(entries)
            row["status"].add(status)
    table = list(rows.values())
    for row in table:
        row["declared_unmatched"] = row["target"] in cw.unmatched_targets
    if unmatched:
        table.append(
            {
                "target": None,
                "label": LocalizedText.of("no core code", "en"),
                "missing": False,
                "sources": unmatched,
                "status": {"impossible"},
                "declared_unmatched": False,
            }
        )
    return table


def _differences(
    core: CodeList | None, country: CodeList | None, cw: Crosswalk | None
) -> list[str]:
    notes: list[str] = []
    if core is None or country is None:
        return notes
    if len(core.valid_codes) != len(country.valid_codes):
        notes.append(
            f"{len(country.valid_codes)} valid categories against the core's "
            f"{len(core.valid_codes)}"
        )
    core_missing = {c.value for c in core.missing_codes}
    country_missing = {c.value for c in country.missing_codes}
    if core_missing != country_missing:
        notes.append(
            "missing codes "
            + (", ".join(sorted(country_missing)) or "none")
            + " against the core's "
            + (", ".join(sorted(core_missing)) or "none")
        )
    if cw is not None:
        merged = [a for a in cw.associations if len(a.sources) > 1 or len(a.targets) > 1]
        if merged:
            notes.append(
                f"{len(merged)} merged or split categor{'y' if len(merged) == 1 else 'ies'}"
            )
        if cw.comparability.difference:
            notes.append(cw.comparability.difference.best(("en",)))
    return notes


def _lineage_svg(b: Browser, trace: Any) -> Markup:
    lin = trace.lineage
    nodes: list[Node] = [
        Node(
            "figure",
            _text(lin.title) or str(lin.figure),
            "figure",
            url_for("web.figure_page", urn=str(lin.figure)),
        )
    ]
    edges: list[Edge] = []
    h = lin.harmonisation
    nodes.append(
        Node(
            "dataset",
            h.output.path.rsplit("/", 1)[-1],
            "dataset",
            f"/api/v1/figures/{quote(str(lin.figure))}/lineage?format=jsonld",
            detail=f"harmonised dataset {h.dataset}, SHA-256 {h.output.sha256[:12]}…",
        )
    )
    study_urns = {s.id: s.urn for s in h.studies}
    edges.append(Edge("figure", "dataset", "computed from"))
    used_vars = set(lin.core_variables)
    for cw in h.crosswalks:
        if used_vars and cw.target_name not in used_vars:
            continue
        cid = f"cw:{cw.urn}"
        nodes.append(
            Node(
                cid,
                f"{cw.study} → {cw.target_name}",
                "crosswalk",
                url_for("web.crosswalk_page", urn=str(cw.urn)),
                detail=f"{cw.urn} ({cw.status})",
            )
        )
        edges.append(Edge("dataset", cid, "harmonised with"))
        for var in h.variables:
            if var.urn != cw.source_variable:
                continue
            vid = f"var:{var.urn}"
            nodes.append(
                Node(
                    vid,
                    f"{var.study} {var.name}",
                    "variable",
                    url_for("web.variable_page", urn=str(var.urn)),
                )
            )
            edges.append(Edge(cid, vid, "maps"))
            if var.question is not None:
                qid = f"q:{var.question.urn}"
                if not any(n.id == qid for n in nodes):
                    nodes.append(
                        Node(
                            qid,
                            _text(var.question.text, ("es", "sq", "en")) or var.question.name,
                            "question",
                            url_for("web.question_page", urn=str(var.question.urn)),
                            detail=var.question.name,
                        )
                    )
                edges.append(Edge(vid, qid, "measured by"))
            if var.file:
                fid = f"file:{var.file}"
                if not any(n.id == fid for n in nodes):
                    ref = next((f for f in h.inputs if f.path == var.file), None)
                    study_urn = study_urns.get(var.study)
                    nodes.append(
                        Node(
                            fid,
                            f"{var.study} {var.file.rsplit('/', 1)[-1]}",
                            "file",
                            f"/api/v1/items/{quote(str(study_urn))}" if study_urn else None,
                            detail=(f"{var.file}, SHA-256 {ref.sha256[:12]}…" if ref else var.file),
                        )
                    )
                edges.append(Edge(vid, fid, "read from"))
    return lineage_graph(nodes, edges, f"Lineage of {_text(lin.title)}")


def _lineage_rows(trace: Any) -> list[dict[str, Any]]:
    """The lineage as rows (study, core variable, crosswalk, source variable, question, file)."""
    h = trace.lineage.harmonisation
    used = set(trace.lineage.core_variables)
    by_urn = {v.urn: v for v in h.variables}
    rows = []
    for cw in h.crosswalks:
        if used and cw.target_name not in used:
            continue
        var = by_urn.get(cw.source_variable)
        rows.append({"crosswalk": cw, "variable": var})
    return sorted(rows, key=lambda r: (r["crosswalk"].study, r["crosswalk"].target_name))


def error_page(status: int, exc: BaseException | None = None) -> Response:
    """An HTML error page (404, 413, 500...) in the site's layout."""
    titles = {
        404: "Not found",
        400: "Bad request",
        405: "Method not allowed",
        413: "File too large",
        500: "Something went wrong",
    }
    message = {
        404: "There is nothing at this address. Try the search.",
        413: "The file is larger than the upload limit.",
        500: "The page could not be shown. The error has been logged.",
    }.get(status, "The request could not be answered.")
    try:
        html = render_template(
            "error.html", status=status, title=titles.get(status, "Error"), message=message
        )
    except HarmoniseError:
        html = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{message}</p>"
    response = current_app.response_class(html, status=status, mimetype="text/html")
    return response


_ITEM_ENDPOINTS = {
    "variable": "web.variable_page",
    "core-variable": "web.core_variable_page",
    "crosswalk": "web.crosswalk_page",
    "question": "web.question_page",
    "figure": "web.figure_page",
}

_API_ALTERNATIVES: dict[str, Callable[[dict[str, Any]], str]] = {
    "web.home": lambda _a: "/api/v1/concordance",
    "web.search_page": lambda _a: (
        "/api/v1/search?"
        + urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "format"])
    ),
    "web.variable_page": lambda a: f"/api/v1/variables/{a['urn']}",
    "web.core_variable_page": lambda a: f"/api/v1/core-variables/{a['urn']}/variants",
    "web.crosswalk_page": lambda a: f"/api/v1/crosswalks/{a['urn']}",
    "web.question_page": lambda a: f"/api/v1/questions/{a['urn']}",
    "web.figure_page": lambda a: f"/api/v1/figures/{a['urn']}",
    "web.validate_page": lambda _a: "/api/v1/openapi.json",
}
