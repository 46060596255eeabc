from rest_framework.routers import SimpleRouter

from zhifa.registers.api import views

router = SimpleRouter()
router.register("registers/normative-documents", views.NormativeDocumentViewSet, basename="normative-document")
router.register("registers/cleanup-campaigns", views.CleanupCampaignViewSet, basename="cleanup-campaign")
router.register("registers/certification-matters", views.CertificationMatterViewSet, basename="certification-matter")
router.register("registers/discretion-benchmarks", views.DiscretionBenchmarkViewSet, basename="discretion-benchmark")
router.register("registers/power-lists", views.PowerListViewSet, basename="power-list")
router.register("registers/personnel", views.PersonnelViewSet, basename="personnel")
router.register("registers/inspection-plans", views.InspectionPlanViewSet, basename="inspection-plan")
router.register("registers/inspection-connections", views.InspectorConnectionViewSet, basename="inspection-connection")
router.register("registers/annual-reports", views.AnnualReportViewSet, basename="annual-report")
router.register("registers/publications", views.RegisterPublicationViewSet, basename="register-publication")
urlpatterns = router.urls
