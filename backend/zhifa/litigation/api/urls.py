from rest_framework.routers import SimpleRouter

from zhifa.litigation.api.views import MatterViewSet

router = SimpleRouter()
router.register("litigation", MatterViewSet, basename="litigation")
urlpatterns = router.urls
