from rest_framework.routers import SimpleRouter

from zhifa.reviews.api import views

router = SimpleRouter()
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("review-catalogues", views.CatalogueViewSet, basename="review-catalogue")
router.register("review-checklists", views.ChecklistViewSet, basename="review-checklist")
urlpatterns = router.urls
