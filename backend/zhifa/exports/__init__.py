"""Background exports: a file built by a worker for a user, tracked as an ExportJob row.

- models.ExportJob: kind, params, status (queued/running/done/failed), progress, file and SHA-256.
- registry: one Exporter per kind. An exporter validates request parameters into plain JSON, names
  the file and writes it; services.export_job_run does the rest for every kind (claim, temporary
  file, progress, hashing, storage, failure). To add a kind (an evidence case-file ZIP, a court
  package …): add it to choices.ExportKind, write an exporter, register it, and import its module in
  apps.ExportsConfig.ready.
- tasks (queue `reports`): run_export_job(job_id) and the beat sweep requeue_stalled_exports.
- API: GET /api/exports/, /api/exports/{id}/ and /api/exports/{id}/download/ (own jobs only).
- case_ledger: the case ledger (案件台账), GET /api/cases/export/.
"""
