"""Printing: HTML → PDF for every document the product prints (plans, battle reports,
royalty and channel statements).

WeasyPrint renders in the long-lived worker process, never a subprocess per job, and may
only read local static and media files (`local_only_fetcher`): a document's text must
never make the worker fetch a URL on the network. Print templates take the page frame
from `page_frame` (running header, page counter, the document language) so every
document looks alike.
"""

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

DOCUMENT_LANG = "zh-CN"  # makes the CJK font pick Simplified Chinese glyph shapes
ILLEGAL_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_filename(title, *, most=180):
    """A title without the characters file systems refuse (/ \\ : * ? " < > | and control
    characters), spaces collapsed, at most `most` characters; "" when nothing is left."""
    name = ILLEGAL_IN_FILENAMES.sub(" ", title)
    return re.sub(r"\s+", " ", name).strip(" .")[:most]


def shorten(text, most):
    """`text` cut to `most` characters, an ellipsis marking the cut."""
    return text if len(text) <= most else text[: most - 1] + "…"


def page_counter_css():
    """The footer's page numbers in the document's language: 第 2 页 / 共 9 页."""
    if translation.get_language().startswith("zh"):
        return '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    return '"Page " counter(page) " of " counter(pages)'


def page_frame(organization, header, *, most=40):
    """The template context every print document shares: its language, the running
    header (the organization left, `header` cut to `most` characters right; None keeps it
    whole) and the page counter. Call it in the document's language."""
    return {
        "lang": DOCUMENT_LANG,
        "header_left": css_string(organization.name),
        "header_right": css_string(header if most is None else shorten(header, most)),
        "page_counter": mark_safe(page_counter_css()),  # noqa: S308 - constant CSS
    }


def css_string(value):
    """A quoted CSS string for `content:` (header texts come from user data): every ASCII
    character but letters, digits and spaces is written as a hex escape, so nothing can
    end the string or the <style> element."""
    out = []
    for char in str(value):
        if char.isalnum() or char == " " or (ord(char) > 0x7F and char.isprintable()):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return mark_safe('"' + "".join(out) + '"')  # noqa: S308 - every special char escaped


# -- PDF ------------------------------------------------------------------------------------


def write_pdf(html):
    """The PDF bytes of a print HTML document."""
    return render_pdf(html)[0]


def render_pdf(html):
    """(PDF bytes, page count). Rendering first gives the page count for free."""
    document = HTML(string=html, base_url=_base_url(), url_fetcher=local_only_fetcher).render()
    return document.write_pdf(), len(document.pages)


def _base_url():
    return path2url(str(Path(settings.STATIC_ROOT).resolve())) + "/"


class LocalOnlyURLFetcher(URLFetcher):
    """WeasyPrint's fetcher restricted to data: URLs and files under STATIC_ROOT,
    STATICFILES_DIRS and MEDIA_ROOT. Anything else (http, https, ftp, other files)
    raises ValueError, which WeasyPrint reports as a missing resource: the document
    renders without it and no request leaves the machine."""

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = local_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path2url(str(path)), body=path.read_bytes(), headers={"Content-Type": content_type}
            )
        raise ValueError(f"Refused to fetch {url!r}: only local static and media files.")


local_only_fetcher = LocalOnlyURLFetcher(allowed_protocols=("data", "file"))


def allowed_roots():
    roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT]
    return [Path(r[1] if isinstance(r, tuple | list) else r).resolve() for r in roots if r]


def local_file_for(url):
    """The file a file: URL names, if it lies inside an allowed directory (after following
    symlinks and ".."). A path under STATIC_URL or MEDIA_URL ("/static/css/x.css", as
    {% static %} writes it) and a path under STATIC_ROOT that was not collected yet are
    looked up in the directories they stand for."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"Refused to fetch {url!r}: not a local file.")
    raw = url2pathname(unquote(parts.path))
    candidates = [Path(raw)]
    static_root = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    static_dirs = [
        Path(d[1] if isinstance(d, tuple | list) else d).resolve()
        for d in settings.STATICFILES_DIRS
    ]
    for prefix, roots in (
        (settings.STATIC_URL, [static_root, *static_dirs]),
        (settings.MEDIA_URL, [Path(settings.MEDIA_ROOT).resolve()]),
    ):
        if prefix and prefix.startswith("/") and raw.startswith(prefix):
            candidates += [root / raw[len(prefix) :] for root in roots if root is not None]
    if static_root is not None:
        resolved = Path(raw).resolve()
        if resolved.is_relative_to(static_root):
            relative = resolved.relative_to(static_root)
            candidates += [d / relative for d in static_dirs]
    roots = allowed_roots()
    for candidate in candidates:
        path = candidate.resolve()
        if any(path.is_relative_to(root) for root in roots) and path.is_file():
            return path
    raise ValueError(f"Refused to fetch {url!r}: outside the static and media directories.")
