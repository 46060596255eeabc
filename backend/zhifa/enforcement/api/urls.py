from rest_framework.routers import SimpleRouter

from zhifa.enforcement.api.views import EnforcementViewSet

router = SimpleRouter()
router.register("enforcement", EnforcementViewSet, basename="enforcement")
urlpatterns = router.urls
