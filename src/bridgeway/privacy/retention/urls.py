from django.urls import path

from bridgeway.privacy.retention import views

app_name = "privacy_retention"

urlpatterns = [
    path("manage/<slug:org>/retention/", views.policy, name="policy"),
]
