"""The Content-Security-Policy is on every answer — pages, the API, the API docs, error
pages — and no page template needs more than it allows: no inline <script>, no on…=
handler, no style attribute (the print templates under templates/exports/ are read by
WeasyPrint, not a browser)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from campaigns.roles import Role
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def _assert_strict(response):
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_carry_the_policy(client, world):
    _assert_strict(client.get("/accounts/login/"))
    client.force_login(world.a.members[Role.ADMIN].user)
    for url in ("/alpha/", "/alpha/members/", "/alpha/bundles/", "/bravo/", "/alpha/?q=%00"):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        _assert_strict(response)


def test_the_api_and_its_docs_carry_the_policy(world):
    api = Client(HTTP_AUTHORIZATION=f"Token {api_token_for(world.a.members[Role.ADMIN].user)}")
    for url in ("/api/v1/alpha/me/", "/api/v1/alpha/bundles/members/", "/api/v1/nope/me/"):
        _assert_strict(api.get(url))
    docs = api.get("/api/docs/")
    _assert_strict(docs)
    page = docs.content.decode()
    assert "<style" not in page
    assert not re.search(r"<script>", page)  # the init script is a file: /api/docs/?script=
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"] == "application/javascript"


def _page_templates():
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            if "exports" not in path.relative_to(directory).parts:
                yield path


def test_no_page_template_has_inline_script_handlers_or_styles():
    offenders = []
    for path in _page_templates():
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{name}: inline {tag}")
        offenders += [f"{name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text, re.I)]
        offenders += [f"{name}: style attribute" for _m in re.findall(r"\sstyle\s*=", text)]
        offenders += [f"{name}: <style>" for _m in re.findall(r"<style\b", text, re.I)]
    assert offenders == []
