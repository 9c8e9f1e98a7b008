"""`manage.py check`: every permission rule the code asks for is registered (X-ACL).

A rule name is a string literal of the form "app.entity.verb" passed to the guard —
`guard(user, "…")`, `require(…)`, `check(…)`, `api_require(request, "…")` — or to the
`{% can "…" obj as flag %}` template tag. One that no `@rule` registers would raise
LookupError at the first request that reaches it; the check reports it at start-up instead,
as an Error naming the file and the line.
"""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.core import checks

GUARD_CALLS = frozenset({"guard", "require", "check", "api_require"})
RULE_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
TEMPLATE_TAG = re.compile(r"""{%-?\s*can\s+(["'])([^"']+)\1""")
ERROR_ID = "tapsyrys.E001"


def _call_name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def rule_names_in_python(source, filename="<source>"):
    """[(line, name)] of the rule-name literals passed to the guard in Python `source`."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node.func) not in GUARD_CALLS:
            continue
        for arg in [*node.args[:3], *(k.value for k in node.keywords if k.arg == "action")]:
            if (
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and RULE_NAME.match(arg.value)
            ):
                found.append((arg.lineno, arg.value))
    return found


def rule_names_in_template(source):
    """[(line, name)] of the rule names given to the `{% can %}` template tag."""
    found = []
    for lineno, line in enumerate(source.splitlines(), 1):
        found.extend((lineno, m.group(2)) for m in TEMPLATE_TAG.finditer(line))
    return found


def project_sources(root=None):
    """Every Python module and template of the project's apps (tests and migrations aside)."""
    root = Path(root or Path(settings.BASE_DIR) / "tapsyrys")
    for path in sorted(root.rglob("*")):
        parts = set(path.parts)
        if "migrations" in parts or "tests" in parts or "__pycache__" in parts:
            continue
        if path.suffix in (".py", ".html", ".txt") and path.is_file():
            yield path


def unregistered_rule_names(paths=None, *, registered=None):
    """[(path, line, name)] of the rule names used in `paths` that no rule registers."""
    if registered is None:
        from .permissions import registered_rules

        registered = registered_rules()
    problems = []
    for path in paths if paths is not None else project_sources():
        path = Path(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if path.suffix == ".py":
            names = rule_names_in_python(source, str(path))
        else:
            names = rule_names_in_template(source)
        problems.extend((path, line, name) for line, name in names if name not in registered)
    return problems


@checks.register(checks.Tags.security)
def check_rule_names(app_configs=None, paths=None, **kwargs):
    """Each use of an unregistered rule name is an Error with its file and line."""
    base = Path(settings.BASE_DIR)
    errors = []
    for path, line, name in unregistered_rule_names(paths):
        try:
            shown = path.resolve().relative_to(base.resolve())
        except ValueError:
            shown = path
        errors.append(
            checks.Error(
                f'permission rule "{name}" is used but not registered',
                hint=f'{shown}:{line}: register it with @rule("{name}") in the app\'s '
                "permissions.py, or fix the name.",
                obj=f"{shown}:{line}",
                id=ERROR_ID,
            )
        )
    return errors
