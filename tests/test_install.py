"""Installing kg as a user would: a wheel in a fresh virtualenv, used from a folder
outside the checkout; and the dependencies declared in pyproject.toml.

The wheel test builds ``pip wheel --no-deps .``, installs it (and nothing else) into a
new virtualenv whose only other path is this environment's site-packages (the
dependencies already installed, through a ``.pth`` file; that folder's own ``.pth``
files, such as the editable install's, are not read), then runs ``kg build``,
``kg validate`` and ``kg query`` in a temporary folder. It skips with the reason when
this Python cannot make a virtualenv or pip is missing; in CI (``CI`` set) it fails
instead. About 30 s.
"""
from __future__ import annotations

import ast
import importlib.metadata as md
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def missing(message: str):
    """Skip, except in CI, where .ci/run provides python3-venv and pip."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(*args, cwd: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtualenv with kg installed from a wheel built from this checkout; its bin folder."""
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError as err:
        missing(f"this Python cannot make a virtualenv ({err}; on Debian: apt-get install python3-venv)")
    if run(sys.executable, "-m", "pip", "--version", cwd=REPO).returncode != 0:
        missing("pip is not installed in this environment (python -m ensurepip)")
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    # copy the sources, so the build's own build/ and *.egg-info stay out of the checkout
    src = work / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "output", "tests", "bench", "node_modules"))
    isolation = []
    try:
        import setuptools
        if int(setuptools.__version__.split(".")[0]) >= 68:      # pyproject.toml's build requirement
            isolation = ["--no-build-isolation"]
    except ImportError:
        pass
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", wheels, src, cwd=work)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("kg-*.whl"))

    venv_dir = work / "venv"
    made = run(sys.executable, "-m", "venv", venv_dir, cwd=work)
    if made.returncode != 0:
        missing(f"python -m venv failed: {made.stderr.strip()[-300:]} (on Debian: apt-get install python3-venv)")
    bin_dir = venv_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip()
    # the dependencies: this environment's site-packages, after the new venv's own
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "_kg_test_deps.pth").write_text("".join(f"{p}\n" for p in sorted(deps)), encoding="utf-8")
    done = run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, cwd=work)
    assert done.returncode == 0, done.stderr
    return bin_dir


def test_install_wheel_carries_the_ontology_identical_to_the_checkout(installed, tmp_path):
    where = run(installed / "python", "-c", "import kg.vocab as v; print(v.ONTOLOGY_DIR)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    shipped = Path(where.stdout.strip())
    assert shipped.parts[-2:] == ("kg", "ontology") and "site-packages" in shipped.parts, shipped
    sources = sorted(p.name for p in (REPO / "ontology").iterdir() if p.is_file())
    assert sorted(p.name for p in shipped.iterdir() if p.is_file()) == sources
    for name in sources:
        assert (shipped / name).read_bytes() == (REPO / "ontology" / name).read_bytes(), name


def test_install_wheel_build_validate_query_outside_the_checkout(installed, tmp_path, seed_dir):
    """The commands of the README work from any folder with a non-editable install."""
    corpus = tmp_path / "articles"
    shutil.copytree(seed_dir, corpus)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    kg = installed / "kg"

    built = run(kg, "build", "articles", "--out", "out", "-q", "--workers", "1", cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert re.match(r"10 articles -> \d+ entities", built.stdout)
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    html = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "@version 9.1.2" in html and "<script src" not in html      # vis-network inlined, offline

    checked = run(kg, "validate", "out/graph.ttl", cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("out/graph.ttl conforms (")

    # the class hierarchy comes from the shipped ontology: DevelopmentZone under District
    asked = run(kg, "query", "class-members", "--graph", "out/graph.ttl", "--format", "csv", cwd=tmp_path, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "District" in asked.stdout and "DevelopmentZone" in asked.stdout

    # the installed kg is the one that ran, not the checkout's
    origin = run(installed / "python", "-c", "import kg; print(kg.__file__)", cwd=tmp_path, env=env)
    assert str(REPO) not in origin.stdout and "site-packages" in origin.stdout


# --- every third-party module kg imports is a declared dependency ---

def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-")
            for d in project["dependencies"]}


def _imported_top_levels() -> set[str]:
    names = set()
    for path in (REPO / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"kg"}


def test_install_every_imported_package_is_declared():
    providers = md.packages_distributions()
    undeclared = {}
    for module in sorted(_imported_top_levels()):
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not dists & _declared():
            undeclared[module] = sorted(dists)
    assert not undeclared, f"imported by kg/ but not in pyproject.toml's dependencies: {undeclared}"


def test_install_every_dependency_has_a_reason():
    """pyproject.toml says why each dependency is there (a comment on its line)."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    lines = [line.strip() for line in block.splitlines() if line.strip().startswith('"')]
    assert lines and all("#" in line for line in lines), [line for line in lines if "#" not in line]
    assert "pyvis" not in _declared()     # the view ships vis-network itself (kg/export/vendor/)


# --- an OSError's hint names its cause ---

@pytest.mark.parametrize("errno_name, where, hint", [
    ("ENOENT", "kg/ontology/shapes.ttl", "a file of kg itself is missing; reinstall kg"),
    ("ENOENT", "/tmp/nowhere/x.txt", "check the path"),
    ("EACCES", "/tmp/x", "check its permissions"),
    ("ENOSPC", "/tmp/out/graph.ttl", "free some disk space"),
    ("EIO", "/tmp/x", "check the path, its permissions and the free disk space"),
])
def test_install_os_error_hint_names_the_cause(errno_name, where, hint):
    import errno

    from kg.cli import os_error_hint

    path = REPO / where if where.startswith("kg/") else Path(where)
    code = getattr(errno, errno_name)
    assert os_error_hint(OSError(code, os.strerror(code), str(path))) == hint


def test_install_missing_ontology_is_one_line_with_the_fix(tmp_path, monkeypatch):
    """A kg whose ontology went missing says so in one line, not 'check the free disk space'."""
    from click.testing import CliRunner

    import kg.validate
    from kg.cli import main

    gone = REPO / "kg" / "ontology" / "shapes.ttl"      # where a wheel keeps it; absent in a checkout
    monkeypatch.setattr(kg.validate.validate_file, "__kwdefaults__",
                        {**kg.validate.validate_file.__kwdefaults__, "shapes_path": gone})
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(graph)])
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {gone}: No such file or directory (a file of kg itself is missing; reinstall kg)\n"


# --- the README's commands leave nothing untracked in the checkout ---

def test_install_readme_commands_write_under_tmp_or_the_committed_output():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```bash\n(.*?)```", text, re.S))
    targets = re.findall(r"--(?:out|store|cache)\s+(\S+)", blocks)
    assert targets
    for target in targets:
        if target.startswith(("http://", "https://", "URL")):
            continue
        assert target.startswith("/tmp/") or target.rstrip("/") == "output", target


@pytest.mark.parametrize("path", ["output/store/data", "output/graph.nt", "output/graph.jsonld",
                                  "output/.graph.ttl.x1y2.tmp", "output/.graph.ttl.part.abc", "output/.store.a.new/x",
                                  "kg/ontology/kg.ttl", "build/lib/kg/cli.py", "dist/kg-0.1.0-py3-none-any.whl",
                                  "kg.egg-info/PKG-INFO", "tests/artifacts/view_1400x900.png",
                                  "tests/js/node_modules/n3/package.json"])
def test_install_gitignore_covers_what_builds_and_tests_leave(path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=REPO)
    assert done.returncode == 0, f"{path} is not ignored by .gitignore"
