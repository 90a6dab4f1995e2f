"""The one HTML renderer: a Jinja environment over reports/templates, shared by the CLI and the web.

`careerpath assess -f html`, `match -f html` and `fit -f html` render the same templates as the web's
result and matches pages; the web adds its layout and interactive parts (links to other pages, the
progress forms) by extending these templates (careerpath.web.templating). Autoescape is always on:
resumes and postings are untrusted text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# The layout of a standalone report: one self-contained page, its stylesheet inline, no scripts.
REPORT_LAYOUT = "page.html"


def percent(value: float | None) -> str:
    """Return a share in [0, 1] as a whole percentage, '–' when unknown."""
    return "–" if value is None else f"{100 * value:.0f}%"


def bar_width(value: float | None) -> int:
    """Return a bar width in percent; a sliver stays visible for tiny non-zero values."""
    if not value:
        return 0
    return max(2, min(100, round(100 * value)))


def number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def usd(value: float | None) -> str:
    return "–" if value is None else f"${value:,.0f}"


def highlight(sentence: str | None, text: str | None) -> Markup:
    """Return ``sentence`` escaped, with the first occurrence of ``text`` wrapped in <mark>."""
    sentence = sentence or text or ""
    safe = str(escape(sentence))
    needle = str(escape(text or ""))
    if needle and needle in safe:
        safe = safe.replace(needle, f"<mark>{needle}</mark>", 1)
    return Markup(safe)  # both parts were escaped above


def web_url(url: str | None) -> str | None:
    """Return ``url`` when it is an http(s) link, so data can never inject a javascript: href."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


FILTERS = {
    "percent": percent,
    "bar_width": bar_width,
    "number": number,
    "usd": usd,
    "highlight": highlight,
    "web_url": web_url,
}


def environment(first: Sequence[Path] = ()) -> Environment:
    """Return a Jinja environment over ``first`` (an interface's own templates), then reports/templates."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(list(first)), FileSystemLoader(TEMPLATE_DIR)]),
        autoescape=True,  # every template, whatever its extension: resumes are untrusted text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


@cache
def _report_environment() -> Environment:
    return environment()


def render_report(name: str, **context: Any) -> str:
    """Return the template ``name`` as one standalone HTML document (what ``-f html`` writes)."""
    page = _report_environment().get_template(name).render(layout=REPORT_LAYOUT, **context)
    return page.rstrip("\n") + "\n"
