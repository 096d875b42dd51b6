"""`factcheck serve`: uvicorn with the connection limits, trusted proxies and worker processes
that do not outlive the process that started them.

With FACTCHECK_WORKERS > 1 uvicorn's supervisor starts the workers; killed with SIGKILL it
cannot stop them, and they went on serving (and held the port, so the next `serve` failed with
"address already in use"). Each worker therefore asks Linux for SIGTERM when its parent dies
(`PR_SET_PDEATHSIG`), and a watchdog thread, for systems without it, notices the parent is gone
within a second and stops the worker the same way.
"""

import ctypes
import ctypes.util
import logging
import os
import signal
import sys
import threading
import time

from litestar import Litestar

from service.settings import Settings

log = logging.getLogger("factcheck")

SUPERVISOR_ENV = "_FACTCHECK_SUPERVISOR_PID"  # not FACTCHECK_*: not a setting
PARENT_CHECK_SECONDS = 0.5
GRACE_SECONDS = 10.0  # after SIGTERM, before the watchdog exits regardless
PR_SET_PDEATHSIG = 1


def serve(settings: Settings) -> None:
    import uvicorn

    from service.api.edge.connections import BoundedHttpToolsProtocol
    from service.api.edge.observability import uvicorn_log_config
    from service.api.edge.security import load_key_ring, refuse_open_exposure
    from service.matching.semantic.engine import require_weights

    # Fail here, with one line, before uvicorn would fail the same way in every worker.
    refuse_open_exposure(settings, load_key_ring(settings))
    require_weights(settings.semantic)
    several = settings.workers > 1
    if several:
        os.environ[SUPERVISOR_ENV] = str(os.getpid())
    uvicorn.run(
        "service.serving:worker_app" if several else "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        log_config=uvicorn_log_config(settings.log_level),  # one JSON log format
        http=BoundedHttpToolsProtocol,
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=int(GRACE_SECONDS),
        # X-Forwarded-For and -Proto are believed only from the configured proxies: from anyone
        # else they would let a client pick the address it is rate-limited and logged as.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        access_log=False,  # the app writes its own JSON access lines, with request ids
    )


def worker_app() -> Litestar:
    """The app factory of a worker process: it dies with its supervisor."""
    from service.app import create_app

    supervisor = int(os.environ.get(SUPERVISOR_ENV, "0"))
    if supervisor:
        exit_with_parent(supervisor)
    return create_app()


def exit_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    # Also covers a parent that died before prctl, and systems without it.
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    log.warning("the supervisor (pid %d) is gone: stopping this worker", parent)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE_SECONDS)
    os._exit(1)
