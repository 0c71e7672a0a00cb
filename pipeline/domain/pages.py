"""A printed page's running foot or head: the line that numbers the page.

A report printed over pages numbers each one in its foot (or head), on a line of its own:

    >>> feet = ("- 3 -", "第 3 页 共 12 页", "共12页第3页", "3/12", "Page 3")
    >>> [bool(PAGE_NUMBER.fullmatch(s)) for s in feet]
    [True, True, True, True, True]
    >>> [bool(PAGE_NUMBER.fullmatch(s)) for s in ("3", "第3章", "3-6岁", "1/2杯")]
    [False, False, False, False]

A bare `3` is a page number only where the pages around it are numbered the same way (the PDF
reader checks that): alone, it is as likely a figure.
"""

from __future__ import annotations

import re

# Words round the number: `- 3 -`, `第 3 页 共 12 页`, `共12页第3页`, `Page 3 of 12`.
DECORATED_PAGE_NUMBER = re.compile(
    r"[-—–] *\d{1,4} *[-—–]"
    r"|第 *\d{1,4} *页(?: *[,，/]? *共 *\d{1,4} *页)?"
    r"|共 *\d{1,4} *页 *[,，/]? *第 *\d{1,4} *页"
    r"|[Pp]age *\d{1,4}(?: *(?:of|/) *\d{1,4})?"
)
# Any page number a page's edge holds: decorated, or `3/12` (page of pages).
PAGE_NUMBER = re.compile(rf"{DECORATED_PAGE_NUMBER.pattern}|\d{{1,4}} */ *\d{{1,4}}")
BARE_PAGE_NUMBER = re.compile(r"\d{1,4}")
