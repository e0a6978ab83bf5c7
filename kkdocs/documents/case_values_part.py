"""The case's own values inside each Word file kkdocs writes, so that `kkdocs import` brings it back whole.

A form prints most of a case but not all of it: not the frist, the status (unless udkast), a
fordeling's nøgle, a row's årsværk × sats, a loan project's paragraf. Every .docx kkdocs renders
therefore carries the values of its case file (the data, not the file's comments) as YAML in
a custom XML part, the place Office keeps a document's own data; Word and LibreOffice keep such
a part when the document is edited and saved, and print nothing of it.

The part holds the YAML text and its SHA-256, so that an import can tell kkdocs' own values,
unchanged, from a part that was edited by hand; the import reads them with the same YAML
loader as a case file, and the printed form still wins where it says something else.

The text is one YAML flow collection in JSON's spelling, written here rather than by a YAML
dumper: every case of a build carries it, and ruamel's representer took 5-10 ms a case where
this takes 0,5. The loader reads the values back as the case file gave them: keys keep their
type (a year stays a number), a date stays a date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import uuid
from json.encoder import encode_basestring  # a JSON string, non-ASCII as it is
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

NAMESPACE = "urn:kkdocs:sag:1"
PART_NAME = "/customXml/kkdocs-sag.xml"  # beside a template's own customXml/itemN.xml
PROPS_NAME = "/customXml/kkdocs-sagProps.xml"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper() + "}"  # the same in every file: reproducible
# What a YAML reader refuses unescaped, or (NEL, the Unicode separators) reads as a line break.
NOT_PLAIN_YAML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def case_values_xml(case_id: str, data: dict) -> bytes:
    """The custom XML part's content for a case's id (its file name) and data (as the YAML loader gives them)."""
    text = flow_yaml(data) + "\n"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sag xmlns="{NAMESPACE}" id={quoteattr(case_id)} sha256={quoteattr(digest(text))}>'
            f'{escape(text)}</sag>').encode("utf-8")


def flow_yaml(value) -> str:
    """`value` (dicts, lists and the scalars the case loader gives) as one line of YAML that reads back equal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_yaml(key)}: {flow_yaml(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_yaml(item) for item in value) + "]"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()  # a YAML timestamp, unquoted
    if isinstance(value, str):
        return NOT_PLAIN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", encode_basestring(value))
    raise TypeError(f"{type(value).__name__} is not a case value")


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    return text.replace("e", ".0e") if "e" in text and "." not in text else text  # 1e-05: YAML 1.2 wants 1.0e-05


def attach_case_values(document, content: bytes) -> None:
    """Add the part (and the properties Word expects beside it) to a python-docx Document."""
    package = document.part.package
    item = Part(PackURI(PART_NAME), "application/xml", content, package)
    props = Part(PackURI(PROPS_NAME), PROPS_TYPE, (
        f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{ITEM_ID}" '
        f'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode("utf-8"),
        package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
