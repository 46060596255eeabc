from django.db.models import QuerySet

from zhifa.exports.models import ExportJob


def export_job_list(*, user) -> QuerySet[ExportJob]:
    """A user sees only the jobs they asked for."""
    if not (user and user.is_authenticated):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by_id=user.pk)
