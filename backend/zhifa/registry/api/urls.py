from rest_framework.routers import SimpleRouter

from zhifa.registry.api import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("annual-inspections", views.AnnualInspectionViewSet, basename="annual-inspection")
router.register("illegal-organisations", views.IllegalOrganisationViewSet, basename="illegal-organisation")

urlpatterns = router.urls
