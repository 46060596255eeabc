"""The peer: django-simple-history records the very models Zhifa audits with pghistory triggers.

The case update service writes Case, TimelineEvent and CaseDeadline rows (and CaseOfficer on reassignment).
Registering simple-history on exactly those models, here in a bench-only app, gives the same workload on
identical models with the other audit mechanism. The tables have no migrations: the bench creates them with
`migrate --run-syncdb`. Recording happens only while settings.SIMPLE_HISTORY_ENABLED is true.
"""

import simple_history

from zhifa.cases.models import Case, CaseDeadline, CaseOfficer, TimelineEvent

PEER_MODELS = (Case, TimelineEvent, CaseDeadline, CaseOfficer)

for _model in PEER_MODELS:
    simple_history.register(_model, app="tests.bench.peer", manager_name="peer_history",
                            table_name=f"bench_peer_historical{_model._meta.model_name}")
