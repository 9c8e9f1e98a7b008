"""The OpenAPI schema documents the refusals the API really answers (issue 7): every
operation may answer 400 (a parameter with a control character, a bad filter or body),
401 (a wrong or expired token) and 403; those with a path parameter 404; writes 409 (a
change of status not allowed) and 413 (a body too large); throttled ones and the token
endpoint 429. All of them in the project's error shape (tapsyrys/core/errors.py)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(required=False),
        "field": serializers.CharField(required=False),
        "errors": serializers.DictField(required=False),
    },
)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    def error_codes(self):
        codes = ["400", "401", "403"]
        if "{" in self.path:
            codes.append("404")
        if self.method in UNSAFE:
            codes += ["409", "413"]
        if getattr(self.view, "throttle_classes", None) or getattr(self.view, "answers_429", False):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ERROR, code, direction=direction)
        return responses
