"""The ASGI application: pages, the JSON API under ``/api/v1``, and the documents verifiers
fetch. One ledger per process, opened at start-up; handlers run on the event loop one at a
time, so the ledger is never used by two requests at once.

Hardening: a Content-Security-Policy and the other security headers on every response, no
stack traces (a failure is a page or a JSON error, as the CLI's error map says), request logs
with the route and not the path or query (a name searched for is personal data), a body size
limit, and a rate limit per client on search.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as FastAPIPath
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_csrf_protect import CsrfProtect
from fastapi_csrf_protect.exceptions import CsrfProtectError
from pydantic import BaseModel, ValidationError
from pydantic import Field as PydanticField

from commands import public
from commands.cli import language
from commands.cli.language import say
from commands.web.pages import Pages
from commands.web.rates import RateLimits
from ledger.application import Ledger
from ledger.credential import TTL
from ledger.errors import InvalidInput, LedgerError, Refused
from ledger.numbers import REGISTRATION_NO
from ledger.wording import said

HERE = Path(__file__).resolve().parent
MAX_BODY = 2 * 1024 * 1024  # a pasted credential or an uploaded PDF; nothing larger
MAX_TOKEN = 20_000  # characters of a pasted credential (a printed one holds at most 2,300)
log = logging.getLogger("peksos.web")
# a search: two characters or more that are not spaces, and no control characters
_PRINTED, _SHOWN = r"[^\x00-\x1f\x7f-\x9f]", r"[^\s\x00-\x1f\x7f-\x9f]"
SEARCHED = rf"^{_PRINTED}*{_SHOWN}{_PRINTED}*{_SHOWN}{_PRINTED}*$"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HTTP_STATUS = {
    "invalid_input": 400,
    "refused": 422,
    "not_found": 404,
    "conflict": 409,
    "integrity_failure": 409,
    "not_authorised": 403,
    "rate_limited": 429,
}


class Failure(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    error: Failure


class Change(BaseModel):
    on: str
    status: str


class PublicCertificate(BaseModel):
    certificate_no: str
    field: str
    level: str
    certified_on: str
    valid_until: str
    status: str
    changes: list[Change]


class PublicStr(BaseModel):
    str_no: str
    certificate_no: str
    issued_on: str
    valid_until: str
    status: str
    changes: list[Change]


class PublicSipps(BaseModel):
    sipps_no: str
    str_no: str
    regency: str
    regency_name: str
    place: str
    granted_on: str
    valid_until: str
    status: str
    changes: list[Change]


class PublicLicence(BaseModel):
    licence_no: str
    certificate_no: str
    practice: list[str]
    granted_on: str
    valid_until: str
    status: str
    changes: list[Change]


class PublicEntry(BaseModel):
    """A member's public entry: never a NIK, birth date, email or phone."""

    registration_no: str
    name: str
    province: str
    province_name: str
    member_since: str
    in_good_standing: bool
    as_of: str
    certificates: list[PublicCertificate]
    strs: list[PublicStr]
    sipps: list[PublicSipps]
    licences: list[PublicLicence]


class Pasted(BaseModel):
    credential: str = PydanticField(max_length=MAX_TOKEN, description="A compact JWS (VC-JWT)")


class Verdict(BaseModel):
    verdict: str
    kind: str | None = None
    reasons: list[str]
    credential: dict[str, Any] | None = None


class Purpose(StrEnum):
    revocation = "revocation"
    suspension = "suspension"


class Numbers(BaseModel):
    numbers: list[str] = PydanticField(min_length=1, max_length=public.BULK_LIMIT)


class BulkRow(BaseModel):
    number: str
    found: bool
    registration_no: str | None
    name: str | None
    in_good_standing: bool | None
    credential: str | None
    status: str | None
    valid_until: str | None


class Found(BaseModel):
    registration_no: str
    name: str
    province: str
    province_name: str


class SearchResult(BaseModel):
    query: str
    found: list[Found]


@CsrfProtect.load_config
def _csrf_settings() -> list[tuple[str, Any]]:
    """The application form's CSRF check: a token in the form that must match the signed one
    in a same-site cookie (the double-submit pattern), valid for an hour."""
    return [
        ("token_location", "body"),
        ("token_key", "csrf_token"),
        ("cookie_key", "peksos_csrf"),
        ("cookie_samesite", "strict"),
        ("max_age", 3600),
    ]


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 404, 409, 429)
}


# How ``peksos serve --workers N`` tells its worker processes what to serve.
SERVED = {
    "db": "PEKSOS_SERVE_DB",
    "search_limit": "PEKSOS_SEARCH_LIMIT",
    "apply_limit": "PEKSOS_APPLY_LIMIT",
    "applicant": "PEKSOS_SERVE_AS",
    "csrf_secret": "PEKSOS_SERVE_SECRET",
}


def from_environment() -> FastAPI:
    """The service as each worker process of ``peksos serve --workers N`` makes it: over the
    store and with the settings the command put in the environment, one CSRF secret shared by
    all (a form one worker served is sent to another)."""
    from commands.bootstrap import open_ledger

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    given = {k: os.environ.get(v) or None for k, v in SERVED.items()}
    db = given.pop("db")
    return create_app(lambda: open_ledger(db), **{k: v for k, v in given.items() if v})


def create_app(
    open_ledger: Callable[[], Ledger],
    *,
    search_limit: str = "120/minute",
    apply_limit: str = "10/hour",
    applicant: str | None = None,
    csrf_secret: str | None = None,
) -> FastAPI:
    """The service over the ledger ``open_ledger`` opens (once, at start-up). Applications
    are recorded as ``applicant`` (by default the one actor enrolled with the ``web`` role;
    with none, the form says applications are not taken here)."""
    from commands import membership

    state: dict[str, Ledger] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        ledger()
        try:
            yield
        finally:
            if "ledger" in state:
                state.pop("ledger").close()

    app = FastAPI(
        title="peksos-ledger public register",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages = Pages(HERE / "templates")
    rates = RateLimits(search=search_limit, apply=apply_limit)
    streams = public.Checked()
    csrf, csrf_secret = CsrfProtect(), csrf_secret or secrets.token_urlsafe(32)

    def ledger() -> Ledger:
        """The ledger, opened at start-up (or by the first request of a server run without
        its lifespan, as a test client may)."""
        if "ledger" not in state:
            state["ledger"] = open_ledger()
        return state["ledger"]

    @app.middleware("http")
    async def guarded(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        lang = _language(request)
        with language.speaking(lang):
            length = request.headers.get("content-length", "0")
            if not length.isdigit() or int(length) > MAX_BODY:
                too_large = said("a request body of at most {limit} bytes", limit=MAX_BODY)
                response: Response = _failure(request, "invalid_input", too_large, None, 413)
            else:
                try:
                    response = await call_next(request)
                except Exception:  # never a stack trace: logged without the request's data
                    log.exception("internal error on %s", _route(request))
                    response = _failure(request, "error", said("internal error"), None, 500)
        if "lang" in request.query_params and lang in language.LANGUAGES:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        response.headers.update(SECURITY_HEADERS)
        millis = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.1fms", request.method, _route(request), response.status_code, millis)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        """A request the schema refuses: invalid input, each field named, as the CLI says it."""
        details = [
            {"field": ".".join(str(part) for part in e["loc"][1:]) or "body", "message": e["msg"]}
            for e in error.errors()
        ]
        fields = ", ".join(d["field"] for d in details)
        return _failure(
            request, "invalid_input", said("not valid: {fields}", fields=fields), details
        )

    @app.exception_handler(LedgerError)
    async def ledger_error(request: Request, error: LedgerError) -> Response:
        return _failure(request, error.code, error.message, error.details)

    def _failure(
        request: Request, code: str, message: str, details: Any, status: int | None = None
    ) -> Response:
        status = status or HTTP_STATUS.get(code, 400)
        if request.url.path.startswith("/api/"):
            body = {"error": {"code": code, "message": say(message), "details": details}}
            return JSONResponse(body, status_code=status)
        return pages.render(request, "error.html", {"message": say(message)}, status=status)

    def limited(request: Request, what: str = "search") -> None:
        rates.hit(what, request.client.host if request.client else "-")

    # --- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request, q: str = "", province: str = "") -> Response:
        found = None
        if q.strip():
            limited(request)
            found = public.search(ledger(), q[:200], province or None, streams)
        return pages.render(
            request,
            "index.html",
            {"q": q, "province": province, "found": found, "provinces": public.provinces()},
        )

    @app.get("/members/{registration_no}", response_class=HTMLResponse, include_in_schema=False)
    async def member(request: Request, registration_no: str) -> Response:
        return pages.render(
            request, "member.html", {"m": public.entry(ledger(), registration_no, streams)}
        )

    @app.get("/verify", response_class=HTMLResponse, include_in_schema=False)
    async def verify_form(request: Request) -> Response:
        return pages.render(request, "verify.html", {"token": "", "result": None})

    @app.post("/verify", response_class=HTMLResponse, include_in_schema=False)
    async def verify_page(
        request: Request,
        credential: str = Form(""),
        upload: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        """A pasted credential, or the one in the QR code of an uploaded PDF or photo."""
        from commands.scanned import qr_text

        content = await upload.read() if upload is not None else b""
        try:
            token = qr_text(content) if content else credential
        except InvalidInput as unread:
            result = {"verdict": "unreadable", "reasons": [unread.message]}
            return pages.render(request, "verify.html", {"token": "", "result": result}, 400)
        result = public.verify(ledger(), token[:MAX_TOKEN])
        return pages.render(request, "verify.html", {"token": credential, "result": result})

    @app.get("/eligibility", response_class=HTMLResponse, include_in_schema=False)
    async def eligibility(request: Request) -> Response:
        asked = dict(request.query_params)
        result = None
        if asked.get("field"):
            result = public.eligibility(
                ledger(),
                field_of_practice=asked.get("field", ""),
                level=asked.get("level", ""),
                major=asked.get("major", "")[:200],
                graduated_on=asked.get("graduated_on", ""),
                periods=[(asked.get(f"from_{n}", ""), asked.get(f"to_{n}", "")) for n in (1, 2, 3)],
                training_hours=asked.get("training_hours", ""),
            )
        choices = {"fields": public.fields(), "levels": public.education_levels()}
        return pages.render(
            request, "eligibility.html", {"asked": asked, "result": result, **choices}
        )

    @app.get("/bulk", response_class=HTMLResponse, include_in_schema=False)
    async def bulk_form(request: Request) -> Response:
        return pages.render(request, "bulk.html", {"numbers": "", "rows": None})

    @app.post("/bulk", include_in_schema=False)
    async def bulk_page(
        request: Request,
        numbers: str = Form(""),
        sheet: Annotated[UploadFile | None, File()] = None,
        download: str = Form(""),
    ) -> Response:
        text = numbers + "\n" + (sheet_text(await sheet.read()) if sheet else "")
        rows = public.bulk(ledger(), public.numbers_in(text), streams)
        if download in ("csv", "xlsx"):
            return downloaded(rows, download)
        return pages.render(request, "bulk.html", {"numbers": numbers, "rows": rows})

    def apply_form(
        request: Request,
        asked: dict[str, Any],
        status: int = 200,
        problems: dict[str, str] | None = None,
        unmet: list[str] | None = None,
        acting: str | None = None,
    ) -> Response:
        token, signed = csrf.generate_csrf_tokens(csrf_secret)
        context = {
            "asked": asked,
            "problems": problems or {},
            "unmet": unmet or [],
            "done": None,
            "open": (acting or membership.web_actor(ledger(), applicant)) is not None,
            "csrf_token": token,
            "provinces": public.provinces(),
            "levels": public.education_levels(),
        }
        page = pages.render(request, "apply.html", context, status=status)
        csrf.set_csrf_cookie(signed, page)
        return page

    @app.get("/apply", response_class=HTMLResponse, include_in_schema=False)
    async def apply_page(request: Request) -> Response:
        return apply_form(request, {"province": "32"})

    @app.post("/apply", response_class=HTMLResponse, include_in_schema=False)
    async def apply(request: Request) -> Response:
        """The one write of the service: an application, from this site's own form only
        (CSRF), a few per client an hour, checked by the CLI's own command model and rules."""
        form = await request.form()
        asked = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        acting = membership.web_actor(ledger(), applicant)
        if acting is None:
            return apply_form(request, asked, 503)
        try:
            await csrf.validate_csrf(request, secret_key=csrf_secret)
        except CsrfProtectError:
            message = said("the form expired or was not sent from this site: send it again")
            return apply_form(request, asked, 403, unmet=[message], acting=acting)
        limited(request, "apply")
        try:
            cmd = membership.ApplyForMembership(**{k: v for k, v in asked.items() if v.strip()})
            done = membership.apply_for_membership(ledger(), acting, cmd)
        except ValidationError as error:
            problems = {
                str(e["loc"][0]): say(e["msg"].removeprefix("Value error, "))
                for e in error.errors()
                if e["loc"]
            }
            return apply_form(request, asked, 400, problems=problems, acting=acting)
        except Refused as refused:
            return apply_form(request, asked, 422, unmet=refused.unmet, acting=acting)
        page = pages.render(request, "apply.html", {"done": done, "asked": {}, "problems": {}})
        csrf.unset_csrf_cookie(page)
        return page

    @app.get("/apply/status", response_class=HTMLResponse, include_in_schema=False)
    async def apply_status(request: Request, reference: str = "") -> Response:
        found = None
        if reference.strip():
            limited(request)
            found = membership.status_of(ledger(), reference)
        return pages.render(
            request, "apply_status.html", {"reference": reference[:40], "found": found}
        )

    # --- the JSON API -----------------------------------------------------------------------

    @app.post("/api/v1/bulk", response_model=list[BulkRow], responses=ERRORS)
    async def api_bulk(asked: Numbers) -> Any:
        """Up to 100 numbers at once: each one's holder, standing and credential status."""
        wanted = list(dict.fromkeys(n.strip().upper() for n in asked.numbers))
        return public.as_json(public.bulk(ledger(), wanted, streams))

    @app.post("/api/v1/verify", response_model=Verdict, responses=ERRORS)
    async def api_verify(pasted: Pasted) -> Any:
        """A credential's verdict: valid, revoked, suspended, expired, altered or unreadable,
        with its reasons (checked against the issuers' keys and the ledger)."""
        return public.as_json(public.verify(ledger(), pasted.credential))

    @app.get("/api/v1/search", response_model=SearchResult, responses=ERRORS)
    async def api_search(
        request: Request,
        q: Annotated[str, Query(max_length=200, pattern=SEARCHED)],
        province: Annotated[str | None, Query(max_length=2)] = None,
    ) -> Any:
        """Members by registration, certificate, STR, SIPPS or licence number, or by name."""
        limited(request)
        return {"query": q, "found": public.search(ledger(), q[:200], province, streams)}

    @app.get("/api/v1/members/{registration_no}", response_model=PublicEntry, responses=ERRORS)
    async def api_member(
        registration_no: Annotated[str, FastAPIPath(pattern=REGISTRATION_NO.pattern)],
    ) -> Any:
        """A member's public entry."""
        return public.as_json(public.entry(ledger(), registration_no, streams))

    @app.get("/.well-known/jwks.json", responses=ERRORS)
    async def jwks() -> Any:
        """Every key the ledger's issuers and its log ever held, as one JWK Set."""
        return public.jwks(ledger())

    @app.get(
        "/status/{purpose}",
        response_class=Response,
        responses={
            200: {"content": {"application/vc+jwt": {"schema": {"type": "string"}}}},
            **ERRORS,
        },
    )
    async def status(purpose: Purpose) -> Response:
        """The signed status list (a W3C Bitstring Status List credential, as a JWS)."""
        return Response(
            public.status_list(ledger(), purpose.value),
            media_type="application/vc+jwt",
            headers={"Cache-Control": f"public, max-age={int(TTL.total_seconds())}"},
        )

    @app.get("/sth", responses=ERRORS)
    async def sth() -> Any:
        """The signed tree head of the whole log, now."""
        return public.tree_head(ledger())

    return app


def sheet_text(content: bytes) -> str:
    """The text of an uploaded list: an .xlsx workbook's cells, or a CSV's text."""
    if content[:4] == b"PK\x03\x04":
        import io

        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise InvalidInput(
                said("the uploaded file is not a readable .xlsx workbook"),
                [{"field": "sheet", "message": "not a workbook"}],
            ) from None
        return "\n".join(
            " ".join(str(v) for v in row if v is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8-sig", errors="replace")


def downloaded(rows: list[dict[str, Any]], kind: str) -> Response:
    """The bulk check as a file: CSV as the CLI's ``--format excel`` writes it (a BOM, ``;``,
    cells that would be formulas quoted), or a workbook with typed cells."""
    import csv
    import io

    from commands.cells import safe_cell
    from commands.spreadsheets import write_workbook

    columns = list(public.BULK_COLUMNS)
    if kind == "xlsx":
        out = io.BytesIO()
        write_workbook(out, [("bulk check", rows, columns)])
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = out.getvalue()
    else:
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.DictWriter(text, fieldnames=columns, delimiter=";")
        writer.writeheader()
        for row in public.as_json(rows):
            writer.writerow({k: safe_cell("" if row[k] is None else str(row[k])) for k in columns})
        media, body = "text/csv; charset=utf-8", text.getvalue().encode("utf-8")
    headers = {"Content-Disposition": f'attachment; filename="bulk-check.{kind}"'}
    return Response(body, media_type=media, headers=headers)


def _language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get("lang") or language.DEFAULT
    return chosen if chosen in language.LANGUAGES else language.DEFAULT


def _route(request: Request) -> str:
    """The route a request matched (``/members/{registration_no}``), never its path or query:
    a number or a name looked up is not written to the log."""
    route = request.scope.get("route")
    return getattr(route, "path", None) or (
        "/api/..." if request.url.path.startswith("/api") else "/..."
    )
