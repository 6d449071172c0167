"""Client workflows, one module per area. Importing this package registers them all (in order)."""

from . import (  # noqa: F401
    scans,
    findings,
    compare,
    reports,
    sse,
    webhooks,
    notifications,
    triage,
    sbom,
    dashboard,
    keys,
    auth,
    legacy,
)
