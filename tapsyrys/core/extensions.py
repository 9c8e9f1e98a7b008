"""How domain apps plug into shared features without core knowing them.

An installed `tapsyrys.<app>` may define any of these modules:
- `nav.py`        `items(request) -> list[NavItem]`       navigation entries for this user
- `deadlines.py`  `run(*, now) -> dict[str, int]`         the daily deadline job (idempotent)
- `demo.py`       `seed(ctx)`                              demo data (seed_demo), in app order
- `bench.py`      `scenarios() -> list[Scenario]`          `make bench` measurements
- `desk.py`       `cards(request, *, now) -> list[dict]`   cards on the personal desk (/dashboard/)
- `panels`        `contract_panels(request, contract)`     sections of the contract page

A large app is built of parts (`<app>/parts.py`: `PARTS`), each with a module in every layer;
`present(app, parts, layer)` imports the ones that exist.
"""

import functools
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(submodule):
    """The installed apps' `submodule` modules, in app order. Looked up once per process
    (every page's menu asks for them: issue 8)."""
    return _app_modules(submodule) if apps.ready else tuple(_find_app_modules(submodule))


@functools.cache
def _app_modules(submodule):
    return tuple(_find_app_modules(submodule))


def _find_app_modules(submodule):
    for config in apps.get_app_configs():
        if not config.name.startswith("tapsyrys."):
            continue
        name = f"{config.name}.{submodule}"
        if find_spec(name) is not None:
            yield import_module(name)


@functools.cache
def present(package, parts, layer):
    """The modules `<package>.<layer>.<part>` that exist, in the parts' order (looked up once)."""
    return tuple(
        import_module(f"{package}.{layer}.{part}")
        for part in parts
        if find_spec(f"{package}.{layer}.{part}") is not None
    )


def contract_panels(request, contract):
    """Every app's panels for the contract page, in app order (`<app>.panels`)."""
    return [
        p for module in app_modules("panels") for p in module.contract_panels(request, contract)
    ]
