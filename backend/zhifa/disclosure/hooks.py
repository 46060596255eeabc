"""What other areas of Zhifa do when publishing moves: every listener, named here.

Called inside the publication's transaction (a publication that is retried calls them again, harmlessly).
"""


def notice_published(*, notice) -> None:
    """The notice's page is on the public site. The annual report it carries is published now, not at the
    next daily run."""
    from zhifa.registers.services import annual_report_published

    annual_report_published(notice_id=notice.pk)
