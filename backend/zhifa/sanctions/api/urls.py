from rest_framework.routers import SimpleRouter

from zhifa.sanctions.api.views import CreditListingViewSet, StopOrderViewSet

router = SimpleRouter()
router.register("stop-orders", StopOrderViewSet, basename="stop-order")
router.register("credit-listings", CreditListingViewSet, basename="credit-listing")
urlpatterns = router.urls
