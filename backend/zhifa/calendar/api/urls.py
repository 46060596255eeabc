from django.urls import path
from rest_framework.routers import SimpleRouter

from zhifa.calendar.api import views

router = SimpleRouter()
router.register("calendar/days", views.CalendarDayViewSet, basename="calendar-day")
router.register("calendar/years", views.CalendarYearViewSet, basename="calendar-year")

urlpatterns = [
    path("deadlines/calc/", views.DeadlineCalcView.as_view(), name="deadline-calc"),
    *router.urls,
]
