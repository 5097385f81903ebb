"""HTML tree helpers the readers share: parse a page once, read its JSON-LD objects.

A leaf module: attribution and htmlmeta import it, and it imports neither.
"""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html


def parse(page: str | lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """A parsed page; an already parsed one is passed through (parse once, read many times)."""
    if not isinstance(page, str):
        return page
    try:
        return lxml_html.fromstring(page)
    except ValueError:
        # lxml refuses a str that declares its encoding (<?xml version="1.0" encoding="utf-8"?> on
        # XHTML pages): the text is decoded already, so the declaration goes.
        if not XML_DECLARATION.match(page):
            return None
        try:
            return lxml_html.fromstring(XML_DECLARATION.sub("", page, count=1))
        except (ValueError, lxml_html.etree.ParserError):
            return None
    except lxml_html.etree.ParserError:
        return None


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            # strict=False: raw line breaks inside strings, as CMSs write descriptions, are not fatal
            data = json.loads(script.text_content(), strict=False)
        except (ValueError, TypeError, RecursionError):  # RecursionError: arrays nested thousands deep
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return out
