"""History context for work done outside a request: Celery tasks and management commands."""

import pghistory
from celery.signals import task_postrun, task_prerun

_open_contexts = {}


@task_prerun.connect
def _enter_task_context(task_id=None, task=None, **kwargs):
    context = pghistory.context(origin="task", task=task.name, task_id=task_id)
    context.__enter__()
    _open_contexts[task_id] = context


@task_postrun.connect
def _exit_task_context(task_id=None, **kwargs):
    context = _open_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
