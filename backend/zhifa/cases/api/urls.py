from django.urls import path
from rest_framework.routers import SimpleRouter

from zhifa.cases.api import signature, views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("violation-grounds", views.ViolationGroundViewSet, basename="violation-ground")
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = [
    # The electronic seal (DOMAIN.md §11); before the router, whose document detail would take "validate".
    path("documents/validate/", signature.DocumentValidateView.as_view(), name="document-validate"),
    path("documents/lookup/", signature.DocumentLookupView.as_view(), name="document-lookup"),
    path("documents/<int:pk>/signature/", signature.DocumentSignatureView.as_view(), name="document-signature"),
    *router.urls,
]
