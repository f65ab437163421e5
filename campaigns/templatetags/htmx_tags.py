"""htmx on every page, without django-htmx's debug error handler.

`{% htmx_script %}` adds django-htmx's debug script when DEBUG is on; it replaces the
whole document with the body of any 400 answer. Our 400s (form errors) and 409s (edit
conflicts) are fragments that carry the form back into its place (base.html's
`responseHandling`), so under `make run` every form error wiped the page: no navigation,
no styles. This tag ships the same htmx file (deferred, with the CSP nonce when there is
one) and, under DEBUG only, `js/htmx-debug.js`, which shows Django's debug page for
the answers htmx treats as errors (never 400 or 409), and only when it is a whole page.
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

HTMX = "django_htmx/htmx-2.min.js"
DEBUG_HANDLER = "js/htmx-debug.js"


@register.simple_tag(takes_context=True)
def htmx_scripts(context):
    nonce = context.get("csp_nonce")
    paths = [HTMX, DEBUG_HANDLER] if settings.DEBUG else [HTMX]
    return mark_safe(  # noqa: S308 - each part is escaped by format_html
        "".join(_script(path, nonce) for path in paths)
    )


def _script(path, nonce):
    if nonce is None:
        return format_html('<script src="{}" defer></script>', static(path))
    return format_html('<script src="{}" defer nonce="{}"></script>', static(path), nonce)
