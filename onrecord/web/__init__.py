"""The web surface: ``onrecord serve`` — pages and a JSON API over the library.

FastAPI, uvicorn and Jinja2 are imported only here, and only when serving.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..errors import WebUnavailable
from ..store import open_store

_CONFIG_ENV = "ONRECORD_SERVE_CONFIG"  # how worker processes receive the configuration


def _require() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise WebUnavailable(f"serving needs the web extra ({exc.name} is missing): pip install 'onrecord[web]'") from exc


def app_from_environ() -> Any:
    """The app for a uvicorn worker process, configured through the environment."""
    from .app import ServeConfig, create_app

    return create_app(ServeConfig(**json.loads(os.environ[_CONFIG_ENV])))


MAX_AUTO_WORKERS = 4  # server processes started by default at most; each keeps its own caches


def serve(db: str, *, host: str = "127.0.0.1", port: int = 8001, workers: int = 0, token: str | None = None,
          allow_private_urls: bool = False) -> None:
    """Run the server until interrupted.

    Args:
        workers: server processes; 0 means one per CPU, at most 4. Requests
            are CPU-bound (templates, SQLite), so one process per core is
            what keeps latency flat under concurrent clients.

    Raises:
        StoreNotFound: there is no onrecord database at ``db``.
        WebUnavailable: the web extra is not installed.
    """
    _require()
    import uvicorn

    open_store(db, create=False).close()  # a missing or foreign database fails here, with its message
    workers = workers or min(os.cpu_count() or 1, MAX_AUTO_WORKERS)
    # one compute thread for torch (meaning search): concurrent requests already use every core
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ[_CONFIG_ENV] = json.dumps({"db": db, "token": token, "allow_private_urls": allow_private_urls})
    uvicorn.run("onrecord.web:app_from_environ", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)
