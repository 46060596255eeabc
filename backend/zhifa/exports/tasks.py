"""Export tasks (queue `reports`): each gets a job's primary key and nothing else."""

from celery import shared_task

from zhifa.exports import services


@shared_task(name="zhifa.exports.tasks.run_export_job", acks_late=True, soft_time_limit=1500, time_limit=1600)
def run_export_job(job_id: int) -> str | None:
    """Build an export job's file. Safe to run twice: a job already claimed or done is left alone."""
    job = services.export_job_run(job_id=job_id)
    return job.status if job else None


@shared_task(name="zhifa.exports.tasks.requeue_stalled_exports", acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stalled_exports() -> int:
    """Beat: send again the jobs whose message was lost or whose worker died."""
    return services.export_jobs_requeue_stalled()
