"""Turn a loaded YAML document into a typed model, translating pydantic's errors to Danish findings.

Each error becomes FELT-MANGLER, FELT-UKENDT (with "mente du …?") or FELT-TYPE, placed at the
line and column of the value it is about.
"""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from decimal import Decimal
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from kkdocs.findings import Finding, Level, cut, shown
from kkdocs.source.pasted_characters import DASHES, SPACES, first, name, plain
from kkdocs.source.yaml_source import PathKey, Source
from kkdocs.workspace import suggested_id


def suggestion(word: str, choices: typing.Iterable[str]) -> str:
    """" (mente du 'titel'?)" for the closest choice, or '' when none is close; 'økf' is 'ØKF' in other letters."""
    choices = [str(c) for c in choices]
    same = [c for c in choices if c.casefold() == str(word).casefold()]
    close = same or difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (mente du '{close[0]}'?)" if close else ""


def dotted(path: PathKey) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{cut(part)}" if text else cut(part)
    return text or "dokumentet"


def typed_case(source: Source, models: Mapping[str, type[BaseModel]]) -> tuple[BaseModel | None, list[Finding]]:
    """Pick the case model from `type` (the key of `models`) and validate the document against it."""
    data = source.data
    names = list(models)
    if not isinstance(data, dict):
        return None, [source.finding((), Level.FEJL, "FELT-TYPE", "En sagsfil skal være et afsnit med felter (nøgle: værdi).")]
    if "type" not in data:
        return None, [source.finding((), Level.FEJL, "FELT-MANGLER",
                                     f"Feltet 'type' mangler. Det skal være en af: {', '.join(names)}.")]
    case_type = data["type"]
    if not isinstance(case_type, str) or case_type not in models:
        return None, [source.finding(("type",), Level.FEJL, "FELT-TYPE",
                                     f"Ukendt sagstype {shown(str(case_type))}{suggestion(str(case_type), names)}. "
                                     f"Gyldige typer: {', '.join(names)}.")]
    return typed(source, models[case_type])


def typed(source: Source, model: type[BaseModel]) -> tuple[BaseModel | None, list[Finding]]:
    """Validate `source.data` against `model`; return the model or the findings."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        return None, _findings(source, model, exc)


def _findings(source: Source, model: type[BaseModel], exc: ValidationError) -> list[Finding]:
    by_path: dict[tuple[PathKey, bool], Finding] = {}
    for error in exc.errors(include_url=False):
        path, on_key = _data_path(source.data, error["loc"])
        finding = _finding(source, model, error, path, on_key)
        key = (path, on_key)
        if key in by_path and by_path[key].code == finding.code == "FELT-TYPE" and error["type"] != "value_error":
            continue  # the alternatives of a union: keep the first message
        by_path[key] = finding
    return sorted(by_path.values(), key=lambda f: (f.line, f.column, f.code))


def _data_path(data: Any, loc: tuple) -> tuple[PathKey, bool]:
    """Keep the parts of pydantic's location that exist in the data.

    Dropped are union tags ('str', 'int', …) and the '[key]' marker, which sets `on_key`. The
    name of a missing field is kept: it is the last part and absent from its mapping.
    """
    parts = [part for part in loc if part != "[key]"]
    on_key = "[key]" in loc
    path: list[Any] = []
    node = data
    for index, part in enumerate(parts):
        if isinstance(node, dict):
            key = _match_key(node, part)
            if key is not _MISSING:
                path.append(key)
                node = node[key]
            elif index == len(parts) - 1:
                path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path), on_key


_MISSING = object()


def _match_key(node: dict, part: Any) -> Any:
    if part in node:
        return part
    for key in node:  # pydantic reports int dict keys as strings in some locations
        if str(key) == str(part):
            return key
    return _MISSING


def _finding(source: Source, model: type[BaseModel], error: dict, path: PathKey, on_key: bool) -> Finding:
    kind = error["type"]
    field = dotted(path)
    value = error.get("input")
    if kind == "missing":
        return source.finding(path[:-1], Level.FEJL, "FELT-MANGLER", f"Feltet '{field}' mangler.")
    if kind == "extra_forbidden":
        known = _known_fields(model, path[:-1])
        return source.finding(path, Level.FEJL, "FELT-UKENDT",
                              f"Ukendt felt {shown(str(path[-1]))} i {dotted(path[:-1])}{suggestion(path[-1], known)}.", key=True)
    message = _type_message(kind, error, value, path, _key_written(source.data, path))
    if on_key:
        message = f"Nøglen {shown(str(path[-1]))} i {dotted(path[:-1])} {message}"
        return source.finding(path, Level.FEJL, "FELT-TYPE", message, key=True)
    return source.finding(path, Level.FEJL, "FELT-TYPE", f"{field} {message}")


def _type_message(kind: str, error: dict, value: Any, path: PathKey, key: Any) -> str:
    """The message after the field's name; `key` is what the fix writes before the colon (None: a list item)."""
    ctx = error.get("ctx") or {}
    shown = _shown(value)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, float):
            return f"skal være et helt tal, ikke {shown} (beløb står i hele 1.000 kr.)."
        return f"skal være et helt tal, ikke {shown}.{_number_fix(value, path, key, whole=True)}"
    if kind in ("string_type",):
        hint = " Skriv den i anførselstegn, hvis den skal læses som tekst." if isinstance(value, (int, float)) else ""
        return f"skal være tekst, ikke {shown}.{hint}"
    if kind in ("decimal_type", "decimal_parsing", "float_type", "is_instance_of"):
        return f"skal være et tal, ikke {shown}.{_number_fix(value, path, key, whole=False)}"
    if kind == "bool_type":
        return f"skal være true eller false, ikke {shown}."
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return _impossible_date(value) or f"skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke {shown}."
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"har den ugyldige værdi {shown}{suggestion(value, _literal_choices(expected))}. Gyldige værdier: {_danish_or(expected)}."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"skal være et afsnit med felter (nøgle: værdi), ikke {shown}."
    if kind in ("list_type", "tuple_type"):
        return f"skal være en liste, ikke {shown}.{_list_fix(value, key)}"
    if kind == "too_short":
        return f"skal have mindst {ctx.get('min_length')} element(er)."
    if kind == "too_long":
        return f"må højst have {ctx.get('max_length')} element(er)."
    if kind == "string_pattern_mismatch":
        return f"har den ugyldige værdi {shown}; kun små bogstaver a-z, cifre og bindestreg er tilladt.{_id_fix(value, key)}"
    if kind == "value_error":
        return f"{str(ctx.get('error', error.get('msg', '')))}."
    if kind == "finite_number":
        return f"skal være et tal, ikke {shown}: .nan, .inf og tal med over 308 cifre kan kkdocs ikke regne med."
    if kind == "int_parsing_size":
        return f"er et for stort tal ({shown}); beløb står i hele 1.000 kr."
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        relation = {"greater_than": "større end", "greater_than_equal": "mindst",
                    "less_than": "mindre end", "less_than_equal": "højst"}[kind]
        return f"skal være {relation} {limit}, ikke {shown}."
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "må ikke være tom." if least == 1 else f"skal have mindst {least} tegn."
    if kind == "string_too_long":
        return f"må højst have {ctx.get('max_length')} tegn, men har {len(str(value)):,}.".replace(",", ".")
    return f"har en ugyldig værdi: {shown}."  # pydantic's own text is English: it never reaches the user


# units people write after a number; the field's unit is fixed by the case format, so the number stands alone
UNIT = re.compile(r"(?<=\d)\s*(t\.?\s*kr\.?|tkr\.?|mio\.?\s*kr\.?|kr\.?|%|pct\.?|procent)$", re.IGNORECASE)


def _number_fix(value: Any, path: PathKey, key: Any, *, whole: bool) -> str:
    """What to write for a number written as text, naming each thing that kept it from being one.

    The things are those a number copied from Word or a spreadsheet carries: a dash or minus sign
    that is not "-", spaces or points between thousands, a decimal comma, a unit, a per cent
    sign, quotes around it. Each is said, and the sentence ends with the line to write.
    """
    if not isinstance(value, str):
        return ""
    text, said = value.strip(" \t"), []
    edge = first(text[:1] + text[-1:], SPACES)
    if edge:
        said.append(f"{name(edge)} før eller efter tallet skal væk")
        text = text.strip(SPACES + " ")
    dash = first(text, DASHES)
    if dash:
        said.append(f"{name(dash)} er ikke bindestregen -, som YAML læser som minus")
        text = plain(text, DASHES)
    unit = UNIT.search(text)
    percent = bool(unit) and unit.group(1).lower() in ("%", "pct.", "pct", "procent")
    if unit:
        text = text[:unit.start()]
        if unit.group(1).lower().startswith("mio"):
            return (f" Skriv kun tallet, uden '{unit.group(1)}', i feltets enhed (i forslagenes tabeller hele 1.000 "
                    f"kr.: 2 mio. kr. er {_written(key, '2000')}).")
        if not percent:
            said.append(f"enheden '{unit.group(1)}' skal ikke stå i feltet")
    space = first(text, SPACES + " ")
    if space and re.fullmatch(rf"[-+]?\d{{1,3}}([ {SPACES}]\d{{3}})+([.,]\d+)?", text):
        said.append(f"{'mellemrum' if space == ' ' else name(space)} mellem tusinderne skal væk")
        text = re.sub(rf"[ {SPACES}]", "", text)
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text) and (whole or unit):
        said.append("punktum mellem tusinderne skal væk")
        text = text.replace(".", "")
    elif re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", text) and whole:
        said.append("komma mellem tusinderne skal væk")
        text = text.replace(",", "")
    elif re.fullmatch(r"[-+]?\d+,\d+", text):
        if whole:
            return " Beløb står i hele 1.000 kr. uden decimaler."
        said.append("decimaltegnet er punktum")
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+" if whole else r"[-+]?\d+(\.\d+)?", text):
        return ""
    if percent:
        if any(part == "indfasning" for part in path):
            fraction = (Decimal(text) / 100).normalize()
            return f" Indfasningen er en andel mellem 0 og 1, ikke procent: skriv {_written(key, f'{fraction:f}')} for {text} pct."
        said.append("procenttegnet skal væk (feltet står i procent)")
    if not said:
        return f" Fjern anførselstegnene, så det læses som et tal: skriv {_written(key, text)}."
    sentence = "; ".join(said)
    return f" {sentence[0].upper()}{sentence[1:]}: skriv {_written(key, text)}."


def _list_fix(value: Any, key: Any) -> str:
    """`år: [2024, 2029]` for `år: 2024-2029`, `sager: [a, b]` for `sager: a, b`."""
    if not isinstance(value, str) or not value.strip():
        return ""
    years = re.fullmatch(rf"\s*(\d{{4}})\s*[-{DASHES}]\s*(\d{{4}})\s*", value)
    parts = list(years.groups()) if years else [part.strip() for part in value.split(",") if part.strip()]
    return f" Skriv værdierne i [ ] med komma imellem: {_written(key, '[' + ', '.join(parts) + ']')}."


def _id_fix(value: Any, key: Any) -> str:
    """The id to write for a case named by its file name or title: `mobil.yaml` is `mobil`."""
    if not isinstance(value, str):
        return ""
    stem = re.sub(r"\.ya?ml$", "", value.strip().rsplit("/", 1)[-1])
    fixed = suggested_id(stem)
    reason = " (sagens id er filnavnet uden .yaml)" if stem != value.strip() else ""
    return f" Skriv {_written(key, fixed)}{reason}." if fixed != value else ""


def _written(key: Any, value: str) -> str:
    """`key: value` as the line to write, or the value alone for a list item (no key)."""
    return value if key is None else f"{key}: {value}"


def _key_written(data: Any, path: PathKey) -> Any:
    """The key a fix writes for the value at `path`, or None when the value is an item of a list."""
    if not path:
        return None
    node = data
    for part in path[:-1]:
        node = node[part] if isinstance(node, (dict, list)) else None
    return None if isinstance(node, list) else path[-1]


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def _impossible_date(value: Any) -> str:
    """"er ikke en dato, der findes: februar 2024 har kun 29 dage." for a date written right that does not exist."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value) if isinstance(value, str) else None
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"er ikke en dato, der findes: måned {month} findes ikke (skriv ÅÅÅÅ-MM-DD, måneden i midten)."
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"er ikke en dato, der findes: {MONTHS[month - 1]} {year} har kun {days} dage."
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return "et afsnit"
    if isinstance(value, list):
        return "en liste"
    if value is None:
        return "en tom værdi"
    if isinstance(value, (float, Decimal)) and value != value:
        return "'.nan'"
    if isinstance(value, (float, Decimal)) and abs(value) == float("inf"):
        return "'.inf'" if value > 0 else "'-.inf'"
    return str(value)


def _danish_or(expected: str) -> str:
    return expected.replace(" or ", " eller ")


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def _known_fields(model: type[BaseModel], path: PathKey) -> list[str]:
    """The field names of the model that sits at `path` (lists and dicts are stepped through)."""
    annotation: Any = model
    for part in path:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model_cls = _model_in(annotation)
    return list(model_cls.model_fields) if model_cls else []


def _step(annotation: Any, part: Any) -> Any:
    model_cls = _model_in(annotation)
    if model_cls is not None and isinstance(part, str) and part in model_cls.model_fields:
        return model_cls.model_fields[part].annotation
    for arg in _alternatives(annotation):
        origin = typing.get_origin(arg)
        if origin in (list, tuple) and isinstance(part, int):
            return typing.get_args(arg)[0]
        if origin is dict:
            return typing.get_args(arg)[1]
    return None


def _alternatives(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    if origin is typing.Annotated:
        return [typing.get_args(annotation)[0]]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for arg in _alternatives(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None
