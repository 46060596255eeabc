from rest_framework.routers import SimpleRouter

from zhifa.cases.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("violation-grounds", views.ViolationGroundViewSet, basename="violation-ground")
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = router.urls
