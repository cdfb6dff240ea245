"""No child of `kanslist bygg` outlives it, whatever signal ends it: LibreOffice, pool workers, profiles.

Each run is ended at a moment its children exist. They are recorded beforehand from the
build's own process tree (/proc/<pid>/task/*/children, never by name), with their start
times so that a reused pid is not mistaken for them, and found afterwards by those
records and by process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kanslist.pdf.convert import PdfConverter
from kanslist.workspace import DEFAULT_TEMPLATES
from support import REPO, copy_workspace, require_tool

KANSLIST = [sys.executable, "-c", "from kanslist.cli import main; main()"]
SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP]


def stat(pid: int) -> tuple[str, int, int] | None:
    """Return (state, process group, start time) of ``pid``, or None when there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[2]), int(fields[19])


def descendants(pid: int) -> set[tuple[int, int]]:
    """Return (pid, start time) of every live descendant of ``pid``."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                pids = [int(p) for p in children.read_text().split()]
            except OSError:
                continue
            for child in pids:
                info = stat(child)
                if info is not None and info[0] not in "ZX":
                    found.add((child, info[2]))
                    todo.append(child)
    return found


def alive(record: tuple[int, int]) -> bool:
    info = stat(record[0])
    return info is not None and info[0] not in "ZX" and info[2] == record[1]


def group_members(pgid: int) -> list[int]:
    """Return the live (not zombie) processes of process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = stat(int(entry.name))
            if info is not None and info[1] == pgid and info[0] not in "ZX":
                members.append(int(entry.name))
    return members


def leftovers(records: set[tuple[int, int]], groups: set[int]) -> tuple[list, list]:
    """Return what is still alive of ``records`` and ``groups``, waiting a little for the kernel."""
    deadline = time.monotonic() + 10
    while True:
        left = sorted(r for r in records if alive(r))
        members = sorted(m for g in groups for m in group_members(g))
        if not (left or members) or time.monotonic() > deadline:
            return left, members
        time.sleep(0.05)


def start_build(workspace: Path, home: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    """Start `kanslist bygg` in a session of its own, with its own HOME (cache) and TMPDIR."""
    tmp = home / "tmp"
    tmp.mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key not in ("XDG_CACHE_HOME", "TMPDIR")}
    env.update(HOME=str(home), TMPDIR=str(tmp))
    log = home / "stderr.txt"
    with open(log, "wb") as err:
        build = subprocess.Popen([*KANSLIST, "-C", str(workspace), "bygg", *args], env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                 start_new_session=True)
    return build, log


def wait_for(build: subprocess.Popen, log: Path, ready) -> set[tuple[int, int]]:
    """Return the build's descendants once ``ready(descendants)`` holds."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = descendants(build.pid)
        if ready(found):
            return found
        if build.poll() is not None:
            pytest.fail(f"bygget slutade (kod {build.returncode}) innan barnen fanns: {log.read_text()}")
        time.sleep(0.02)
    build.kill()
    pytest.fail("inga barnprocesser efter 60 s")


def end(build: subprocess.Popen, signum: int, children: set[tuple[int, int]]) -> tuple[list, list]:
    groups = {build.pid} | {info[1] for pid, _ in children if (info := stat(pid))}
    os.kill(build.pid, signum)
    build.wait(timeout=30)
    # The conventional status: the build ends by the signal itself (a shell shows 128 + n).
    assert build.returncode == -signum
    return leftovers(children, groups)


# A fake soffice.bin (beside a soffice script, as LibreOffice is laid out) that fills its
# profile and then hangs, as if converting a long document.
HANGING = """#!/bin/sh
profile="${1#-env:UserInstallation=file://}"
mkdir -p "$profile/user" && echo x > "$profile/user/registrymodifications.xcu"
echo $$ > "$(dirname "$0")/pid.tmp" && mv "$(dirname "$0")/pid.tmp" "$(dirname "$0")/pid"
exec sleep 300
"""

CONVERT = """
import sys
from kanslist.pdf.convert import PdfConverter, PdfJob
from kanslist.processes import stop_on_signals
with stop_on_signals(), PdfConverter(soffice=sys.argv[1], profiles=sys.argv[2]) as converter:
    converter.convert([PdfJob(sys.argv[3], None, "T", "A")])
"""


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_converter_ended_by_a_signal_leaves_neither_libreoffice_nor_its_profile(tmp_path, signum):
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("#!/bin/sh\nexit 1\n")
    (program / "soffice.bin").write_text(HANGING)
    for script in program.iterdir():
        script.chmod(0o755)
    cache = tmp_path / "cache"
    source = tmp_path / "brev.docx"
    shutil.copy(next(DEFAULT_TEMPLATES.glob("*.docx")), source)
    parent = subprocess.Popen([sys.executable, "-c", CONVERT, str(program / "soffice"), str(cache), str(source)],
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not (program / "pid").exists() and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        expected = {int((program / "pid").read_text())}
        # The fake's own `mv` may still be exiting when its pid file appears: wait for it to go.
        while {pid for pid, _ in descendants(parent.pid)} != expected and time.monotonic() < deadline:
            time.sleep(0.02)
        children = descendants(parent.pid)
        assert {pid for pid, _ in children} == expected
    except BaseException:
        os.killpg(parent.pid, signal.SIGKILL)  # nothing of a failed test outlives it
        parent.wait()
        raise

    assert end(parent, signum, children) == ([], [])
    if signum == signal.SIGKILL:
        assert sorted(p.name for p in (cache / "plats-0").iterdir()) == ["arbete", "oavslutad", "profil"]
        with PdfConverter(soffice=str(program / "soffice"), profiles=cache) as converter:
            converter.convert([])  # the next converter's first batch tidies what the killed one left
    assert sorted((cache / "plats-0").iterdir()) == []


@pytest.fixture(scope="module")
def pdf_workspace(tmp_path_factory) -> Path:
    """The root workspace, built once (the Word files): every run below goes to the PDF step at once."""
    require_tool("soffice")
    root = copy_workspace(REPO, tmp_path_factory.mktemp("pdf") / "ws")
    subprocess.run([*KANSLIST, "-C", str(root), "bygg", "--tyst"], check=True)
    return root


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_libreoffice_dies_with_the_build_and_leaves_no_profile(pdf_workspace, tmp_path, signum):
    for pdf in pdf_workspace.glob("build/*/*.pdf"):
        pdf.unlink()
    build, log = start_build(pdf_workspace, tmp_path / "home", "--pdf", "--tyst")
    cache = tmp_path / "home" / ".cache" / "kanslist" / "libreoffice"
    # LibreOffice is running in a slot of the cache (its marker says so).
    children = wait_for(build, log, lambda found: found and list(cache.glob("plats-*/oavslutad")))
    in_use = sorted(marker.parent for marker in cache.glob("plats-*/oavslutad"))

    assert end(build, signum, children) == ([], [])
    assert sorted((tmp_path / "home" / "tmp").iterdir()) == []  # nothing of LibreOffice's in TMPDIR
    if signum == signal.SIGKILL:
        # No code of the build ran: the next converter removes what was half written.
        assert sorted(marker.parent for marker in cache.glob("plats-*/oavslutad")) == in_use
        with PdfConverter(profiles=cache) as converter:
            converter.convert([])
    for slot in in_use:
        assert sorted(slot.iterdir()) == []  # profile, work folder and marker all gone


@pytest.fixture(scope="module")
def many_cases(tmp_path_factory) -> Path:
    """The root workspace with 40 more copies of one case: enough for worker processes."""
    root = copy_workspace(REPO, tmp_path_factory.mktemp("pool") / "ws")
    case = sorted((root / "arenden").glob("*.yaml"))[0]
    for n in range(40):
        shutil.copy(case, root / "arenden" / f"kopia-{n:02d}.yaml")
    return root


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_pool_workers_die_with_the_build(many_cases, tmp_path, signum):
    build, log = start_build(many_cases, tmp_path / "home", "--jobb", "2", "--tvinga", "--tyst")
    children = wait_for(build, log, lambda found: len(found) >= 2)

    assert end(build, signum, children) == ([], [])
    assert sorted((tmp_path / "home" / "tmp").iterdir()) == []
