"""Bundled demo government websites on 127.0.0.1 (the demo and the test fixtures).

See demo_sites/README.md for the URL map; `DemoSites` is the entry point.
"""

from demo_sites.server import DemoSites, DemoSitesError

__all__ = ["DemoSites", "DemoSitesError"]
