"""`bridgeway check --deploy`: what would break once a second web node or worker joins.

Each node reads the same environment file (docs/deployment.md). Two things in it are easy to
leave out on a single server and only fail when there are several: the signing key (a node
without BRIDGEWAY_SECRET_KEY generates its own, and sessions, forms and signed links made on one
node are refused by the others) and the folder of the files sent with messages (a folder of one
node's data directory is not seen by the others)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.checks import CheckMessage, Tags, register


@register(Tags.security, deploy=True)
def signing_key_is_shared(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not getattr(settings, "BRIDGEWAY_SECRET_KEY_GENERATED", False):
        return []
    return [
        checks.Warning(
            "BRIDGEWAY_SECRET_KEY is not set: this node signs sessions and forms with a key "
            f"generated into {settings.DATA_DIR}, which no other node has.",
            hint="Set the same BRIDGEWAY_SECRET_KEY on every web node and worker.",
            id="bridgeway.W001",
        )
    ]


@register(deploy=True)
def files_are_shared(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    storage = settings.STORAGES["attachments"]
    location = str(storage.get("OPTIONS", {}).get("location", ""))
    local = storage["BACKEND"].endswith("FileSystemStorage")
    if not (settings.REDIS_URL and local and location.startswith(str(settings.DATA_DIR))):
        return []
    return [
        checks.Warning(
            f"Files sent with messages are kept in {location}, inside this node's data "
            "folder: with Redis set for several nodes, the other nodes will not find them.",
            hint="Set BRIDGEWAY_ATTACHMENTS_DIR to a folder every node mounts, or "
            "BRIDGEWAY_ATTACHMENTS_S3_BUCKET (docs/deployment.md).",
            id="bridgeway.W002",
        )
    ]
