"""The same document gives the same deck, byte for byte: fixed core properties and a
zip written again with its entries sorted and one fixed timestamp (the charts'
embedded workbooks too, whose own core properties carry the time they were made)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

AUTHOR = "kam"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def core_properties(prs, title: str, subject: str, when: dt.datetime, language: str) -> None:
    props = prs.core_properties
    props.title = title
    props.subject = subject
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when
    props.language = language
    props.keywords = ""
    props.comments = ""


def normalized(package: bytes, when: dt.datetime) -> bytes:
    """`package` (a zip) with sorted entries, every date `when`, and the same for the
    workbooks inside it."""
    stamp = when.replace(tzinfo=None).timetuple()[:6]
    if stamp[0] < 1980:
        stamp = (1980, 1, 1, 0, 0, 0)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for name in sorted(source.namelist()):
            data = source.read(name)
            if name.endswith("core.xml"):
                data = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", data)
            elif name.endswith(".xlsx"):
                data = normalized(data, when)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()
