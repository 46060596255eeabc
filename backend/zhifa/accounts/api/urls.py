from django.urls import path
from rest_framework.routers import SimpleRouter

from zhifa.accounts.api import views

router = SimpleRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("units", views.UnitViewSet, basename="unit")
router.register("credentials", views.CredentialViewSet, basename="credential")
router.register("saved-views", views.SavedViewViewSet, basename="saved-view")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/login/", views.SessionLoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.SessionLogoutView.as_view(), name="auth-logout"),
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    *router.urls,
]
