from celery.schedules import crontab

from .django import REDIS_URL
from .env import env

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Longer than any task or countdown, so an acks_late task is never handed out twice while it runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default="celerybeat-schedule")

# Queues: default, publish, ingest, reports. Unrouted tasks go to default. `reports` has its own
# worker (docker-compose.yml: worker-reports): document PDFs and export files.
CELERY_TASK_ROUTES = {
    "zhifa.cases.tasks.make_document_pdf": {"queue": "reports"},
    "zhifa.exports.tasks.*": {"queue": "reports"},
    "zhifa.disclosure.tasks.publish_notice": {"queue": "publish"},
    "zhifa.disclosure.tasks.withdraw_notice": {"queue": "publish"},
    "zhifa.disclosure.tasks.expire_notices": {"queue": "publish"},
    # Evidence: hashing, sniffing and storing uploads, and re-hashing originals, read whole files.
    "zhifa.evidence.tasks.ingest_upload": {"queue": "ingest"},
    "zhifa.evidence.tasks.verify_file": {"queue": "ingest"},
    "zhifa.evidence.tasks.fixity_scan": {"queue": "ingest"},
}

CELERY_BEAT_SCHEDULE = {
    "audit-seal-history": {
        "task": "zhifa.audit.tasks.seal_history",
        "schedule": env.float("AUDIT_SEAL_INTERVAL_SECONDS", default=60.0),
    },
    "cases-scan-deadlines": {
        "task": "zhifa.cases.tasks.scan_deadlines",
        "schedule": crontab(hour=6, minute=30),
    },
    "cases-legal-audit": {
        "task": "zhifa.cases.tasks.legal_audit_register",
        "schedule": crontab(hour=2, minute=30),
    },
    "reviews-scan-deadlines": {
        "task": "zhifa.reviews.tasks.scan_review_deadlines",
        "schedule": crontab(hour=6, minute=35),
    },
    "exports-requeue-stalled": {
        "task": "zhifa.exports.tasks.requeue_stalled_exports",
        "schedule": 300.0,
    },
    "disclosure-expire": {
        "task": "zhifa.disclosure.tasks.expire_notices",
        "schedule": crontab(hour=0, minute=10),
    },
    "disclosure-sweep": {
        "task": "zhifa.disclosure.tasks.sweep_publications",
        "schedule": 120.0,
    },
    "disclosure-scan-deadlines": {
        "task": "zhifa.disclosure.tasks.scan_disclosure_deadlines",
        "schedule": crontab(hour=6, minute=40),
    },
    "evidence-fixity-scan": {
        "task": "zhifa.evidence.tasks.fixity_scan",
        "schedule": crontab(minute=20),
    },
    "evidence-retention-scan": {
        "task": "zhifa.evidence.tasks.retention_scan",
        "schedule": crontab(hour=6, minute=45),
    },
    "evidence-maintain-uploads": {
        "task": "zhifa.evidence.tasks.maintain_uploads",
        "schedule": 600.0,
    },
    "registers-annual-report-reminders": {
        "task": "zhifa.registers.tasks.annual_report_reminders",
        "schedule": crontab(hour=6, minute=50),
    },
    # Before the deadline scans: an outcome that took effect overnight has withdrawn its notice by 06:00.
    "litigation-apply-effective-outcomes": {
        "task": "zhifa.litigation.tasks.apply_effective_outcomes",
        "schedule": crontab(hour=0, minute=20),
    },
    "litigation-scan-deadlines": {
        "task": "zhifa.litigation.tasks.scan_matter_deadlines",
        "schedule": crontab(hour=6, minute=55),
    },
    "enforcement-scan-deadlines": {
        "task": "zhifa.enforcement.tasks.scan_enforcement_deadlines",
        "schedule": crontab(hour=6, minute=57),
    },
    "sanctions-scan-deadlines": {
        "task": "zhifa.sanctions.tasks.scan_sanction_deadlines",
        "schedule": crontab(hour=6, minute=58),
    },
    "calendar-warn-missing-year": {
        "task": "zhifa.calendar.tasks.check_calendar_coverage",
        "schedule": crontab(hour=7, minute=0),
    },
}
