"""Child processes that end with kanslist, however kanslist ends: parent-death signal and orderly stops.

Two mechanisms, because neither covers everything alone. The kernel's parent-death signal
(Linux ``PR_SET_PDEATHSIG``) kills a child when kanslist dies, even by SIGKILL, when no
code of ours runs any more. SIGTERM and SIGHUP (the terminal closed) instead raise
:class:`Stopped` in the main thread, so that every ``finally`` runs – LibreOffice's
process group is killed, its half-written profile removed – and the command then ends by
that same signal, which is what a shell or a service manager expects (status 128 + n).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from typing import Callable, Iterator

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

if sys.platform.startswith("linux"):
    # Looked up before any fork: the child only makes the call.
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
    _prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
else:  # pragma: no cover – elsewhere only the signal handlers apply
    _prctl = None


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived; a BaseException so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def die_with_parent(parent: int | None) -> None:
    """In a new child: have the kernel SIGKILL it when its parent dies (Linux only).

    ``parent`` is the pid that forked it, read before the fork: a parent that died before
    the call would never send the signal, so the child then ends at once. The signal
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
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    return setup


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Delay SIGTERM and SIGHUP while a child is started and recorded.

    Otherwise :class:`Stopped` could be raised between the fork and the assignment of
    the Popen object, and the child's process group would go unkilled.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _raise_stopped(signum: int, _frame) -> None:
    # A second signal must not cut the cleanup of the first short.
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise :class:`Stopped`; after the cleanup the process dies by it.

    For the command line only (a library must not take over a program's signals). Usable
    as a decorator.
    """
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        yield
    except Stopped as stop:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        os.kill(os.getpid(), stop.signum)  # delivered before kill() returns
        raise  # pragma: no cover – not reached
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def reset_stop_signals() -> None:
    """In a forked worker: the default SIGTERM and SIGHUP again (fork copies the handlers)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
