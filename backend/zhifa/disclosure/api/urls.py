from rest_framework.routers import SimpleRouter

from zhifa.disclosure.api import views

router = SimpleRouter()
router.register("disclosures", views.NoticeViewSet, basename="disclosure")
router.register("public/notices", views.PublicNoticeViewSet, basename="public-notice")
urlpatterns = router.urls
