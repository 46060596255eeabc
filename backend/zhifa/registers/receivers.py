from zhifa.registers.services import annual_report_published


def mark_annual_report_published(sender, notice, **kwargs):
    """The report's notice is on the public site: the report is published now, not at the next daily run."""
    annual_report_published(notice_id=notice.pk)
