"""The `bridgeway` command: serve, worker, match-file, and every management command."""

from __future__ import annotations

import argparse
import os
import sys


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridgeway.config.settings")
    import django

    django.setup()


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bridgeway serve", description="Start the web server.")
    parser.add_argument("--host", default=os.environ.get("BRIDGEWAY_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BRIDGEWAY_PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("BRIDGEWAY_WEB_WORKERS", "1"))
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridgeway.config.settings")
    # Each web process builds what its first pages would before it listens (core/warm_up.py).
    os.environ.setdefault("BRIDGEWAY_WARM_UP", "1")
    import uvicorn

    uvicorn.run(
        "bridgeway.config.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        # Several processes take the connections in turn (serving.py); one listens as usual.
        loop="bridgeway.serving:BalancedEventLoop" if args.workers > 1 else "auto",
        proxy_headers=True,
        lifespan="off",
        # Each request is logged by the application (core/logs.py): its view, not its address
        # (addresses carry tokens and ids) and not the caller's IP.
        access_log=False,
    )
    return 0


def worker(argv: list[str]) -> int:
    """The job worker: runs due jobs and the periodic sweeps."""
    _django_setup()
    from django.core.management import call_command

    call_command("run_huey", *argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(
            "usage: bridgeway COMMAND [ARGS]\n\n"
            "  serve        start the web server (ASGI: pages, API, websockets)\n"
            "  worker       start the job worker\n"
            "  match-file   match participants from files (see docs/matching-format.md)\n"
            "  demo         load the demo network (safe to run twice)\n"
            "  migrate      create or update the database\n"
            "  backup       back up the database and files (--to FOLDER; docs/deployment.md)\n"
            "  restore      restore a backup folder and check it against its manifest\n"
            "  ...          any other management command (bridgeway help lists them)"
        )
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return serve(rest)
    if command == "worker":
        return worker(rest)
    if command == "match-file":
        from bridgeway.matching.engine.cli import main as match_file

        return match_file(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridgeway.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bridgeway", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
