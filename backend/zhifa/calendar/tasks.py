import logging

from celery import shared_task

from zhifa.calendar.services import calendar_years_missing

logger = logging.getLogger(__name__)


@shared_task(name="zhifa.calendar.tasks.check_calendar_coverage")
def check_calendar_coverage() -> list[int]:
    """Warn while this year (or, from 1 November, next year) has no official holiday calendar."""
    missing = calendar_years_missing()
    if missing:
        years = "、".join(str(year) for year in missing)
        logger.warning(
            "工作日历缺少 %s 年的官方节假日安排，相关期限按周一至周五扣除法定节假日计算并标为暂定；请系统管理员录入国务院通知。"
            " No official holiday calendar for %s: deadlines there are provisional.",
            years, ", ".join(str(year) for year in missing),
        )
    return missing
