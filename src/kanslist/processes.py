"""Child processes that end with kanslist, however kanslist ends: parent-death signal and orderly stops.

Two mechanisms, because neither covers everything alone. The kernel's parent-death signal
(Linux ``PR_SET_PDEATHSIG``) kills a child when kanslist dies, even by SIGKILL, when no
code of ours runs any more. SIGTERM and SIGHUP (the terminal closed) instead run the
cleanups registered with :func:`on_stop` – LibreOffice's process group killed, its
half-written profile removed, the workers killed – and the command then ends by that same
signal, which is what a shell or a service manager expects (status 128 + n).
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import signal
import sys
import threading
from typing import Callable, Iterator

# Windows has no SIGHUP, no signal masks, no fork: there only SIGTERM applies.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_MASKS = hasattr(signal, "pthread_sigmask")
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_cleanups: dict[int, Callable[[], None]] = {}
_keys = itertools.count()

if sys.platform.startswith("linux"):
    # Looked up before any fork: the child only makes the call.
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
    _prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
else:  # pragma: no cover – elsewhere only the signal handlers apply
    _prctl = None


def die_with_parent(parent: int | None) -> None:
    """In a new child: have the kernel SIGKILL it when its parent dies (Linux only).

    ``parent`` is the pid that forked it, read before the fork: a parent that died before
    the call can no longer send the signal, so the child then ends at once. The signal
    follows the death of the forking *thread*, so a thread that starts a child must
    outlive it (ours wait for theirs).
    """
    if _prctl is None:
        return
    if _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # an old kernel or a sandbox without prctl: the signal handlers still apply
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def child_setup() -> Callable[[], None]:
    """Return a ``preexec_fn`` for :class:`subprocess.Popen`: die with us, signals unblocked."""
    parent = os.getpid()

    def setup() -> None:
        die_with_parent(parent)
        # held() blocked these in the parent; a blocked mask survives exec.
        if _MASKS:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    return setup


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Delay SIGTERM and SIGHUP while a child is started and recorded.

    Otherwise the handler could run between the fork and the assignment of the Popen
    object, and not know the child it should kill.
    """
    if not _MASKS or threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def on_stop(cleanup: Callable[[], None]) -> Iterator[None]:
    """Within: ``cleanup`` runs if SIGTERM or SIGHUP ends the command (see :func:`stop_on_signals`).

    It runs inside the signal handler, between two steps of the main thread, so it only
    kills, reaps and removes files: no locks, no logging, nothing that waits on the
    interrupted code. Without :func:`stop_on_signals` (kanslist as a library) it never runs.
    """
    key = next(_keys)
    _cleanups[key] = cleanup
    try:
        yield
    finally:
        _cleanups.pop(key, None)


def _stop(signum: int, _frame) -> None:
    # Cleaning up here, not by raising into the interrupted code: an exception raised in a
    # handler can land in a fork hook or a finaliser, where Python prints and drops it.
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)  # a second signal must not cut this short
    for cleanup in reversed(list(_cleanups.values())):
        try:
            cleanup()
        except Exception:  # noqa: BLE001 – the others must still run; children missed die with us
            pass
    signal.signal(signum, signal.SIG_DFL)
    if _MASKS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    os.kill(os.getpid(), signum)  # die by the signal itself: delivered before kill() returns


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP run the :func:`on_stop` cleanups, then end the process by that signal.

    For the command line only (a library must not take over a program's signals).
    Usable as a decorator.
    """
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _forget_in_child() -> None:
    # A forked child (a pool worker) is not the command: on SIGTERM it just ends, and
    # the parent's cleanups are not its own.
    _cleanups.clear()
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is _stop:
            signal.signal(signum, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)
