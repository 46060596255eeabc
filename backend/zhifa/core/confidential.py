"""Confidential fields, declared once, and the one function every emitter redacts a record with.

A confidential field is personal data that only some of the people who may read a record may see:

- the reporter of a lead (举报人姓名、联系方式): the handling officers and the agency's leaders only
  (举报人保密; the disclosure rules say a reporter is never named at all, in any form);
- the personal identifiers of a natural-person party (公民身份号码、住址): the case-file audience only,
  i.e. the people who may open the case's evidence and export its file (zhifa.evidence.rules): the case's
  unit and its assigned officers, the agency's legal reviewers and leaders, and the legal advisers
  defending that case's decision. The decision and other documents must carry them (行政处罚法 Art. 59),
  so they go exactly as far as the case file goes: not to administrators, disclosure editors or
  advisers of other matters.

Every path that emits a record about a case (the detail and the list, change history and its diffs, the
timeline, documents, the case-file and court-package ZIPs, review packages, notices, notifications,
exports) passes what it emits through `redact()`, with the record the data is about. A hidden field's
key is emptied wherever it appears (history rows and diffs carry field names as keys), and any value the
field ever held (now or in its change history) is cut out of free text, so a name copied into a
document, a draft or a message does not get out either.

To declare a new confidential field, add it to FIELDS. Nothing else changes: the meta-test
(tests/core/test_confidential_fields.py) plants a marker in every field listed here and sweeps every
GET route, export and ZIP for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.module_loading import import_string

# What a hidden value becomes inside free text. A hidden key's value becomes None.
REDACTED = "［已隐去］"
# Values shorter than this are not cut out of free text (a one-character value would mangle the text).
MIN_SECRET_LENGTH = 2


@dataclass(frozen=True)
class ConfidentialField:
    model: str        # app_label.ModelName
    name: str         # the field
    label: str        # what a person calls it
    audience: str     # dotted path of the predicate (user, owner) -> bool that may see it
    owner: str = ""   # attribute path from the record to the object the predicate judges ("" = the record)

    @cached_property
    def may_see(self):
        return import_string(self.audience)


REPORTER = "zhifa.cases.rules.can_see_reporter"
CASE_FILE_AUDIENCE = "zhifa.evidence.rules.can_see_case_evidence"

FIELDS: tuple[ConfidentialField, ...] = (
    ConfidentialField("cases.Case", "reporter_name", "举报人", REPORTER),
    ConfidentialField("cases.Case", "reporter_contact", "举报人联系方式", REPORTER),
    ConfidentialField("cases.Case", "person_id_number", "当事人公民身份号码", CASE_FILE_AUDIENCE),
    ConfidentialField("cases.Case", "person_address", "当事人住址", CASE_FILE_AUDIENCE),
    ConfidentialField("cases.Case", "electronic_service_address", "电子送达地址", CASE_FILE_AUDIENCE),
)


def declared(model) -> tuple[ConfidentialField, ...]:
    """The confidential fields of a model (a class, an instance or an "app_label.ModelName" label)."""
    if model is None:
        return ()
    label = model if isinstance(model, str) else model._meta.label
    return tuple(f for f in FIELDS if f.model == label)


def _owner(field: ConfidentialField, record):
    owner = record
    for part in filter(None, field.owner.split(".")):
        owner = getattr(owner, part, None)
    return owner


def hidden_fields(*, user, subject) -> tuple[ConfidentialField, ...]:
    """The confidential fields of `subject` (a model instance) that `user` may not see."""
    if subject is None:
        return ()
    fields = declared(subject)
    if not fields:
        return ()
    verdicts: dict[str, bool] = {}
    hidden = []
    for field in fields:
        owner = _owner(field, subject)
        key = f"{field.audience}:{id(owner)}"
        if key not in verdicts:
            verdicts[key] = bool(user is not None and owner is not None and field.may_see(user, owner))
        if not verdicts[key]:
            hidden.append(field)
    return tuple(hidden)


def secret_values(subject, fields) -> set[str]:
    """Every value the fields hold or ever held (from the record's change history), for cutting out of text."""
    names = [f.name for f in fields]
    values = {getattr(subject, name, None) for name in names}
    if subject is not None and getattr(subject, "pk", None) is not None:
        from zhifa.audit.selectors import object_history

        for data in object_history(obj=subject).values_list("pgh_data", flat=True):
            if isinstance(data, dict):
                values.update(data.get(name) for name in names)
    found = {v.strip() for v in values if isinstance(v, str) and len(v.strip()) >= MIN_SECRET_LENGTH}
    return found | {escape(v) for v in found}  # as it stands in an HTML document body too


@dataclass
class Redaction:
    """What one user may not see of one record: the hidden field names and the values to cut out of text."""

    names: frozenset[str]
    secrets: tuple[str, ...]  # longest first, so a value that contains another goes whole

    def __bool__(self) -> bool:
        return bool(self.names or self.secrets)

    def apply(self, data):
        if not self:
            return data
        return _apply(data, self)

    def text(self, value: str) -> str:
        return _scrub(value, self.secrets)

    def leaks(self, value) -> bool:
        """Whether bytes or text that can't be rewritten (a PDF, a binary) carry a hidden value."""
        if isinstance(value, bytes):
            return any(secret.encode("utf-8") in value for secret in self.secrets)
        return isinstance(value, str) and any(secret in value for secret in self.secrets)


NOTHING = Redaction(frozenset(), ())


def redaction_for(*, user, subject, text: bool = True) -> Redaction:
    """What `user` may not see of `subject`; compute it once and apply it to everything emitted about it.
    `text=False` empties the hidden keys only (no history read), for hot lists that carry no free text."""
    fields = hidden_fields(user=user, subject=subject)
    if not fields:
        return NOTHING
    secrets = sorted(secret_values(subject, fields), key=len, reverse=True) if text else ()
    return Redaction(frozenset(f.name for f in fields), tuple(secrets))


def redact(record, *, user, subject=None, text: bool = True):
    """The record as `user` may see it. `record` is a dict, a list, a string (anything JSON-like) or a model
    instance; `subject` is the instance the record is about (the instance itself when omitted). Returns a
    new structure (a dict for an instance: its concrete fields); the input is not changed.

    With `text=False` (a list row without free text), a record that names no confidential field costs
    nothing: the audience predicates are asked only when one of the subject's confidential keys is present."""
    if subject is None and hasattr(record, "_meta"):
        subject = record
    if hasattr(record, "_meta"):
        record = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    if not text and not (isinstance(record, dict) and any(f.name in record for f in declared(subject))):
        return record
    return redaction_for(user=user, subject=subject, text=text).apply(record)


def redact_in(data, context: dict, *, subject):
    """`redact` for a serializer: the user is the context's `user`, else its request's; what one user may
    not see of one record is worked out once per serializer tree (kept in the context)."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    cache = context.setdefault("_redactions", {}) if isinstance(context, dict) else {}
    key = (subject._meta.label, subject.pk, getattr(user, "pk", None))
    if key not in cache:
        cache[key] = redaction_for(user=user, subject=subject)
    return cache[key].apply(data)


def keep_hidden(data: dict, *, stored, user, subject) -> dict:
    """An edit made on a redacted view, made safe to write: what the user was shown hidden stays as stored.

    A list entry the user could not see (a third party who is the reporter) is kept, and its placeholder
    dropped; a text that still carries the placeholder is refused, naming the field, since writing it
    would replace what the user never saw."""
    redaction = redaction_for(user=user, subject=subject)
    if not redaction:
        return data
    kept, refused = dict(data), {}
    for name, value in data.items():
        if isinstance(value, list):
            hidden = [v for v in getattr(stored, name, None) or [] if isinstance(v, str) and redaction.text(v) != v]
            kept[name] = [*hidden, *[v for v in value if not (isinstance(v, str) and REDACTED in v) and v not in hidden]]
        elif isinstance(value, str) and REDACTED in value:
            refused[name] = [f"含有您无权查看而被隐去的内容（{REDACTED}），不能据此修改"]
    if refused:
        from zhifa.core.exceptions import InvalidInput

        raise InvalidInput("修改的内容含有已隐去的保密信息。", "The edit carries redacted confidential data.",
                           fields=refused)
    return kept


def _scrub(value: str, secrets) -> str:
    for secret in secrets:
        if secret in value:
            value = value.replace(secret, REDACTED)
    return value


def _apply(data, redaction: Redaction):
    if isinstance(data, dict):
        return {key: None if key in redaction.names else _apply(value, redaction) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_apply(value, redaction) for value in data]
    if isinstance(data, str):
        return _scrub(data, redaction.secrets)
    return data
