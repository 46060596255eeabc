from rest_framework.routers import SimpleRouter

from zhifa.enforcement.api.views import EnforcementViewSet, RefundViewSet

router = SimpleRouter()
router.register("enforcement", EnforcementViewSet, basename="enforcement")
router.register("refunds", RefundViewSet, basename="refund")
urlpatterns = router.urls
