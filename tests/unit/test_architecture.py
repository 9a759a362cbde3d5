"""The layers of docs/architecture.md, enforced: every import inside learner/ points down."""

import ast
import sys
from pathlib import Path

LEARNER = Path(__file__).parents[2] / "learner"
BASE = {"common", "config", "extensions"}
DOMAIN = {"accounts", "learning", "certificates", "trainer", "programme"}
# package -> the packages of learner/ it may import (its own is always allowed)
ALLOWED = {
    "common": {"config"},
    "models": BASE,
    "accounts": BASE | {"models"},
    "learning": BASE | {"models", "accounts"},
    "certificates": BASE | {"models", "accounts", "learning"},
    "trainer": BASE | {"models", "accounts", "learning"},
    "programme": BASE | {"models", "accounts", "learning"},
    "web": BASE | {"models", "demo"} | DOMAIN,
    "views": BASE | {"models", "web"} | DOMAIN,
    "database": BASE,
    "demo": BASE | {"models", "accounts", "programme"},
    "cli": BASE | {"models", "demo"} | DOMAIN,
}


def package_of(path: Path) -> str:
    rel = path.relative_to(LEARNER)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported(path: Path) -> set[str]:
    """The learner modules a file imports, as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "learner":
                found |= {f"learner.{alias.name}" for alias in node.names}
            elif node.module.startswith("learner."):
                # `from learner.views import lessons` imports the module learner.views.lessons
                found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("learner.")}
    return found


def modules() -> list[Path]:
    return [p for p in LEARNER.rglob("*.py")
            if "content" not in p.relative_to(LEARNER).parts and p != LEARNER / "__init__.py"]


def test_every_import_points_down_the_layers():
    wrong = []
    for path in modules():
        source = package_of(path)
        for name in imported(path):
            target = name.split(".")[1]
            if target != source and target not in ALLOWED.get(source, set()):
                wrong.append(f"{path.relative_to(LEARNER)} imports {name}")
    assert wrong == []


def test_no_view_imports_another_view():
    # A view module defines a blueprint; views/charts.py is presentation they may share.
    views = {p for p in modules() if package_of(p) == "views" and "Blueprint(" in p.read_text()}
    names = {f"learner.views.{p.stem}" for p in views}
    wrong = [f"{p.name} imports {name}" for p in views for name in imported(p) if name in names]
    assert wrong == []


def test_only_the_factory_and_views_import_the_web_package():
    wrong = [str(p.relative_to(LEARNER)) for p in modules()
             if package_of(p) not in {"web", "views"}
             and any(name.startswith("learner.web") for name in imported(p))]
    assert wrong == []


def test_relative_imports_are_not_used():
    # Absolute imports make a moved module fail loudly, and keep the layer test above honest.
    wrong = [str(p.relative_to(LEARNER)) for p in modules()
             if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(p.read_text())))]
    assert wrong == []


def test_the_rules_catch_wrong_imports(tmp_path, monkeypatch):
    fake = tmp_path / "learner"
    (fake / "accounts").mkdir(parents=True)
    (fake / "accounts" / "bad.py").write_text("from learner.views import lessons\n")
    (fake / "views").mkdir()
    (fake / "views" / "one.py").write_text("bp = Blueprint('one', __name__)\n")
    (fake / "views" / "two.py").write_text("from learner.views import one\nbp = Blueprint('two', __name__)\n")
    monkeypatch.setattr(sys.modules[__name__], "LEARNER", fake)
    for rule, message in ((test_every_import_points_down_the_layers, "accounts/bad.py imports learner.views"),
                          (test_no_view_imports_another_view, "two.py imports learner.views.one")):
        try:
            rule()
        except AssertionError as error:
            assert message in str(error)
        else:
            raise AssertionError(f"{rule.__name__} let a wrong import pass")
