"""The floors `make bench` measures in the same run as every scenario (served by
`config/urls_bench.py` under the bench settings only): what the framework costs before any of
our work, so each figure is read as a ratio on this shared, noisy machine.

- plain: a Django view returning "ok";
- api: a DRF view returning {"ok": true} (the same authentication and renderer as our APIs);
- page: an empty page on the site's layout (`base.html`: navigation, language switch, footer).
"""

from django.http import HttpResponse
from django.shortcuts import render
from rest_framework.response import Response
from rest_framework.views import APIView

from tapsyrys.api.permissions import Public


def plain(request):
    return HttpResponse("ok", content_type="text/plain")


class ApiFloor(APIView):
    permission_classes = [Public]

    def get(self, request):
        return Response({"ok": True})


def page(request):
    return render(request, "core/bench_floor.html")
