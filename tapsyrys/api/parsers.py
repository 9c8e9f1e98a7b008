"""The API's JSON parser (issue 7): a body is one JSON object of bounded size and depth
whose strings hold no control characters; anything else is a 400 naming the field."""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from tapsyrys.core.input import (
    CONTROL_CHARACTERS,
    control_character_message,
    has_control_characters,
)

MAX_DEPTH = 10  # objects and arrays inside each other (the deepest real body has 3)


def _walk(value, path, depth):
    """(field, problem) of the first refused item, or None."""
    if depth > MAX_DEPTH:
        return path or "body", "depth"
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if has_control_characters(key):
                return here, "control"
            found = _walk(item, here, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}[{i}]" if path else f"[{i}]", depth + 1)
            if found:
                return found
    elif has_control_characters(value):
        return path or "body", "control"
    return None


def _refuse_constant(name):
    raise ValueError(name)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise ParseError(
                _("The request body is too large: at most %(kb)d KB.") % {"kb": limit // 1024}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except (ValueError, UnicodeDecodeError):
            raise ParseError(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        found = _walk(data, "", 1)
        if found:
            path, problem = found
            # the field is the body's top-level key; the message names the item inside it
            field = CONTROL_CHARACTERS.sub("?", re.split(r"[.\[]", path, maxsplit=1)[0] or path)
            if problem == "depth":
                raise ValidationError({field: [_("The JSON body is nested too deeply.")]})
            raise ValidationError({field: [control_character_message(path)]})
        return data
