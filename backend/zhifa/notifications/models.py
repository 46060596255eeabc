import pghistory
from django.conf import settings
from django.db import models


@pghistory.track()
class Notification(models.Model):
    """A reminder for one user: a deadline due soon or overdue, a review assigned, an alarm."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类别", max_length=40)
    title = models.CharField("标题", max_length=200)
    message = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=200, blank=True, help_text="网页端的相对地址")
    due_on = models.DateField("办理期限", null=True, blank=True, help_text="提醒所述事项的截止日期")
    # Deduplicates: one notification per recipient and key (e.g. "deadline:12:overdue").
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提醒"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "-id"], name="notification_recipient")]

    def __str__(self):
        return self.title
