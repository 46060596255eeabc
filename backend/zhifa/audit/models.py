import pgtrigger
from django.db import models


class HistorySeal(models.Model):
    """One history row, sealed: its content hash, chained to the hash of every seal before it.

    audit_verify recomputes both, so an altered history row, a deleted one, or an altered seal is
    found and named. Seals themselves are append-only.
    """

    event_table = models.CharField("历史表", max_length=100)
    event_id = models.BigIntegerField("历史行编号")
    row_hash = models.CharField("行摘要（SHA-256）", max_length=64)
    chain_hash = models.CharField("链摘要（SHA-256）", max_length=64)
    sealed_at = models.DateTimeField("封存时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史封存"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event_table", "event_id"], name="seal_one_per_event_row"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"#{self.pk} {self.event_table}:{self.event_id}"
