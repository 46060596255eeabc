import pghistory
from django.conf import settings
from django.db import models

from zhifa.exports.choices import ExportKind, ExportStatus


@pghistory.track()
class ExportJob(models.Model):
    """A file built in the background: a large ledger, later a case-file ZIP or a court package.

    The row is the job. A worker gets only its primary key, claims it with a conditional UPDATE
    (queued -> running), builds the file and records it with its SHA-256. Running the task twice
    does no harm: the second run finds the job claimed or done and leaves it alone.
    """

    kind = models.CharField("导出种类", max_length=32, choices=ExportKind.choices)
    params = models.JSONField("导出参数", default=dict, blank=True,
                              help_text="格式、筛选条件和排序，与请求时一致；任务据此重新查询")
    status = models.CharField("状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    row_count = models.PositiveIntegerField("已写入行数", default=0)
    total = models.PositiveIntegerField("总行数", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True, max_length=300)
    filename = models.CharField("下载文件名", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", null=True, blank=True)
    error = models.TextField("错误信息", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                     related_name="export_jobs")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出任务"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["requested_by", "-id"], name="export_job_requester"),
            models.Index(fields=["status", "created_at"], name="export_job_unfinished",
                         condition=models.Q(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])),
        ]
        constraints = [
            models.CheckConstraint(name="export_job_progress_range", condition=models.Q(progress__lte=100)),
            models.CheckConstraint(
                name="export_job_done_has_file",
                condition=~models.Q(status=ExportStatus.DONE) | (~models.Q(file="") & ~models.Q(sha256="")),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}（{self.get_status_display()}）"
