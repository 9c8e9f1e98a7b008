"""`manage.py check` reports a permission rule name that is used but not registered (X-ACL)."""

from django.core.management import call_command

from tapsyrys.core import checks
from tapsyrys.core.permissions import registered_rules

BAD_MODULE = """
from tapsyrys.core.permissions import check, guard, require
from tapsyrys.api.permissions import api_require


def view(request, cycle):
    guard(request.user, "formation.cycle.view", cycle)  # registered
    guard(request.user, "formation.cycle.frobnicate", cycle)  # line 8: not registered
    if check(request.user, "contracting.report.edit", cycle):
        require(request.user, "core.nothing.here")  # line 10
    api_require(request, "formation.typo.view", cycle)  # line 11
    log("formation.cycle.opened")  # an event name, not a guard call: ignored
"""

BAD_TEMPLATE = """{% load i18n %}
<p>{% can "formation.cycle.edit" cycle as ok %}</p>
<p>{% can 'formation.cycle.nope' cycle as no %}</p>
"""


def test_unregistered_names_in_a_module_are_errors_with_file_and_line(tmp_path):
    module = tmp_path / "bad_views.py"
    module.write_text(BAD_MODULE, encoding="utf-8")
    errors = checks.check_rule_names(paths=[module])
    found = sorted((e.obj.rsplit(":", 1)[1], e.msg) for e in errors)
    assert found == [
        ("10", 'permission rule "core.nothing.here" is used but not registered'),
        ("11", 'permission rule "formation.typo.view" is used but not registered'),
        ("8", 'permission rule "formation.cycle.frobnicate" is used but not registered'),
    ]
    assert all(e.id == "tapsyrys.E001" and e.is_serious() for e in errors)
    assert all(str(module) in e.obj or "bad_views.py" in e.obj for e in errors)


def test_unregistered_names_in_a_template_tag_are_errors(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(BAD_TEMPLATE, encoding="utf-8")
    errors = checks.check_rule_names(paths=[template])
    assert [(e.obj.rsplit(":", 1)[1], e.msg) for e in errors] == [
        ("3", 'permission rule "formation.cycle.nope" is used but not registered')
    ]


def test_the_source_scanner_finds_guard_literals_only():
    source = 'guard(u, "a.b.c")\ncheck(u, "x.y.z", o)\nprint("p.q.r")\nrequire(u, name)\n'
    assert checks.rule_names_in_python(source) == [(1, "a.b.c"), (2, "x.y.z")]
    assert checks.rule_names_in_python("def broken(:\n") == []


def test_the_project_uses_registered_names_only():
    assert checks.check_rule_names() == []
    assert "formation.cycle.view" in registered_rules()


def test_manage_py_check_runs_the_rule_name_check(tmp_path, monkeypatch):
    module = tmp_path / "views.py"
    module.write_text('guard(user, "formation.cycle.missing")\n', encoding="utf-8")
    monkeypatch.setattr(checks, "project_sources", lambda root=None: [module])
    import pytest
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="formation.cycle.missing"):
        call_command("check")
