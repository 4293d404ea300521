"""The public surface: __all__ is exact, and the docs name every command and setting."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import onrecord
from onrecord.cli import main
from onrecord.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

PUBLIC = {
    "DEFAULT_SETTINGS", "Actor", "Article", "ExtractedArticle", "IngestReport", "OnrecordError",
    "Problem", "RawDocument", "SearchHit", "Settings", "Span", "Statement", "__version__",
    "clean_text", "evaluate_polnear", "extract", "extract_article", "extract_statements",
    "ingest", "iter_documents", "open_store",
}


def test_all_is_exact_and_importable():
    assert set(onrecord.__all__) == PUBLIC
    for name in onrecord.__all__:
        assert hasattr(onrecord, name), name


def test_import_does_not_load_spacy():
    code = "import sys, onrecord; print('spacy' in sys.modules, 'trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, full + " ")
        else:
            yield full, cmd


def test_every_command_and_option_is_in_the_readme():
    for full, cmd in _commands(main):
        assert f"onrecord {full}" in README, f"README does not document `onrecord {full}`"
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in README, f"README does not document {opt} of `onrecord {full}`"


def test_readme_opens_with_the_two_setup_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split()[:2] for line in block.strip().splitlines()] == [["make", "demo"], ["make", "test"]]


def test_every_setting_is_commented_and_documented():
    source = (ROOT / "onrecord" / "settings.py").read_text(encoding="utf-8")
    for field in dataclasses.fields(Settings):
        lines = source.splitlines()
        at = next(i for i, l in enumerate(lines) if l.strip().startswith(f"{field.name}:"))
        line = lines[at] + lines[at - 1]  # a comment on the line or just above it
        assert "#" in line or field.name.endswith(("_s", "_bytes", "_items")), f"{field.name} needs a comment or unit"
        assert f"`{field.name}`" in README, f"README does not document the setting {field.name}"


def test_every_web_route_is_in_the_readme():
    from onrecord.web.app import ServeConfig, create_app
    from onrecord.store import open_store

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/empty.db"
        open_store(db).close()
        app = create_app(ServeConfig(db=db))
    from test_web import route_paths

    paths = route_paths(app) - {"/static"}
    assert paths
    for path in paths:
        shown = path.replace("{name:path}", "{name}")
        assert f"`{shown}`" in README, f"README does not document the route {shown}"
