from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "zhifa.calendar"
    label = "calendar"
    verbose_name = "工作日历与期限"
