"""Every module imports on its own, in a fresh interpreter: there is no import cycle to trip over."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# One fresh interpreter; before each module, every kanslist module is forgotten, so each is
# imported first, as a user's own script or a worker process would.
PROBE = """
import importlib, sys, traceback
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "kanslist" or m.startswith("kanslist.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=3))
print("\\n".join(failed))
"""


def modules() -> list[str]:
    names = []
    for path in sorted((SRC / "kanslist").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def it_imports_every_module_first_without_a_cycle():
    found = subprocess.run([sys.executable, "-c", PROBE, *modules()], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""


def it_finds_the_modules_it_checks():
    assert {"kanslist.api", "kanslist.pipeline.build", "kanslist.kinds.revisionssvar", "kanslist.cli"} <= set(modules())


# What `kanslist granska` must start without (start-up speed): the builder, the web app,
# the register, the meeting calendar, the importer. A workspace's own templates bring Jinja and
# python-docx in.
GRANSKA_PROBE = """
import sys
from kanslist.cli import main
try:
    main(["-C", sys.argv[1], "granska", *sys.argv[2:]])
except SystemExit:
    pass
heavy = {"docx", "docxtpl", "docxcompose", "lxml", "jinja2", "markdown", "starlette", "uvicorn", "xlsxwriter",
         "sqlalchemy", "holidays"}
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & heavy
                      | {m for m in sys.modules if m.startswith("kanslist.importera")})))
"""


def it_checks_a_case_without_importing_the_builder_web_app_or_register():
    root = SRC.parent
    found = subprocess.run([sys.executable, "-c", GRANSKA_PROBE, str(root), *sorted((root / "arenden").glob("*.yaml"))],
                           capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""


def it_names_the_consolidated_template_as_samla_does():
    from kanslist.granska.mallar import SAMLAT_SVAR
    from kanslist.samla import TEMPLATE

    assert SAMLAT_SVAR == TEMPLATE


# What `kanslist bygg` of a case that has not changed must start without: the renderer and what it brings.
BYGG_PROBE = """
import sys
from kanslist.cli import main
try:
    main(["-C", sys.argv[1], "bygg", *sys.argv[2:]])
except SystemExit:
    pass
heavy = {"docx", "docxtpl", "docxcompose", "jinja2", "markdown", "starlette", "uvicorn"}
print("importerade:", " ".join(sorted({m.split(".")[0] for m in sys.modules} & heavy
                                       | {"kanslist.pipeline.render"} & set(sys.modules))))
"""


def it_finds_a_case_unchanged_without_importing_the_renderer(tmp_path):
    from support import REPO, copy_workspace

    root = copy_workspace(REPO, tmp_path / "ws")
    case = sorted((root / "arenden").glob("*.yaml"))[0]
    first = subprocess.run([sys.executable, "-c", BYGG_PROBE, str(root), str(case)], capture_output=True, text=True,
                           check=True)
    assert "1 byggda" in first.stdout and "kanslist.pipeline.render" in first.stdout  # built: rendered
    again = subprocess.run([sys.executable, "-c", BYGG_PROBE, str(root), str(case)], capture_output=True, text=True,
                           check=True)
    assert "1 oförändrade" in again.stdout
    assert again.stdout.splitlines()[-1] == "importerade: "
