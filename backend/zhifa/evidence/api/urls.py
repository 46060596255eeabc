from django.urls import path
from rest_framework.routers import SimpleRouter

from zhifa.evidence.api import tus, views

router = SimpleRouter()
router.register("evidence/devices", views.DeviceViewSet, basename="evidence-device")
router.register("evidence/disposals", views.DisposalViewSet, basename="evidence-disposal")
router.register("evidence/tombstones", views.TombstoneViewSet, basename="evidence-tombstone")
router.register("evidence/alarms", views.AlarmViewSet, basename="evidence-alarm")
router.register("evidence/access-log", views.AccessLogViewSet, basename="evidence-access")
router.register("evidence/case-files", views.CaseFileViewSet, basename="evidence-case-file")
router.register("evidence", views.EvidenceItemViewSet, basename="evidence")

urlpatterns = [
    path("evidence/uploads/", tus.UploadCollectionView.as_view(), name="evidence-uploads"),
    path("evidence/uploads/<uuid:uid>/", tus.UploadDetailView.as_view(), name="evidence-upload"),
    *router.urls,
]
