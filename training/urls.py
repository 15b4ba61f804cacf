from django.urls import path

from training import offline_views, views

app_name = "training"

urlpatterns = [
    path("meetings/<int:meeting_pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:meeting_pk>/countersign/", views.attendance_countersign, name="attendance_countersign"),
    path("meetings/<int:meeting_pk>/scan/", views.attendance_scan, name="attendance_scan"),
    path("meetings/<int:meeting_pk>/scan/upload/", views.attendance_scan_upload, name="attendance_scan_upload"),
    path("attendance/<int:pk>/correct/", views.attendance_correct, name="attendance_correct"),
    path("attendance/<int:pk>/proof/", views.attendance_proof, name="attendance_proof"),
    path("attendance/<int:pk>/proof/upload/", views.attendance_proof_upload, name="attendance_proof_upload"),
    path("sessions/<int:session_pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:session_pk>/attendance/<int:year>-W<int:week>.pdf", views.attendance_week,
         name="attendance_week"),
    path("sessions/<int:session_pk>/results/", views.results, name="results"),
    # Offline attendance: the service worker's scope is /training/offline/ (its own path).
    path("offline/", offline_views.offline, name="offline"),
    path("offline/sw.js", offline_views.offline_worker, name="offline_worker"),
    path("offline/manifest.webmanifest", offline_views.offline_manifest, name="offline_manifest"),
    path("offline/key/", offline_views.offline_key, name="offline_key"),
    path("offline/device/", offline_views.offline_device_state, name="offline_device_state"),
    path("offline/sheets/", offline_views.offline_sheets, name="offline_sheets"),
    path("offline/devices/", offline_views.offline_devices, name="offline_devices"),
    path("offline/devices/<int:pk>/revoke/", offline_views.offline_device_revoke, name="offline_device_revoke"),
    path("offline/sync/", offline_views.offline_sync, name="offline_sync"),
]
