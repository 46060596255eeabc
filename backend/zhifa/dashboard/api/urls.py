from django.urls import path

from zhifa.dashboard.api import views

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
