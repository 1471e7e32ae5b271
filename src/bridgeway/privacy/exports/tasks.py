"""Background jobs of data exports: build one when asked, expire old links every hour."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.privacy.exports.services import export_build, exports_expire_due


@db_task()
def build_export(export_id: int) -> int | None:
    export: ExportRequest | None = export_build(export_id=export_id)
    return export.pk if export is not None else None


@db_periodic_task(crontab(minute="25"))
def expire_exports() -> int:
    """Links last 7 days; their files are removed within the hour after."""
    return exports_expire_due()
