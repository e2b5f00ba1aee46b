"""`python -m demo_sites serve [--port-base N] [--registry PATH]`: serve the demo sites in
the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading

from demo_sites.server import PORT_BASE_ENV, DemoSites, DemoSitesError, default_port_base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo_sites",
                                     description="Bundled demo government sites.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the sites on 127.0.0.1 until Ctrl-C")
    serve.add_argument("--port-base", type=int, default=None,
                       help=f"sites listen on base+1..base+6 (default ${PORT_BASE_ENV} "
                            "or 18800; 0 = ephemeral ports)")
    serve.add_argument("--registry", default=None,
                       help="also write the demo registry with the bound ports to this path")
    args = parser.parse_args(argv)

    sites = DemoSites()
    try:
        sites.start(default_port_base() if args.port_base is None else args.port_base)
    except DemoSitesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        for key in sites.keys:
            note = "  (nothing listens: the 'down' site)" if key == "down" else ""
            print(f"{key:8} {sites.list_url(key)}{note}", flush=True)
        if args.registry:
            print(f"registry written to {sites.write_registry(args.registry)}", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sites.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
