"""Schemathesis hooks for guomen: PAXLST manifests travel as `application/edifact` text."""

import schemathesis


@schemathesis.serializer("application/edifact")
def edifact(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
