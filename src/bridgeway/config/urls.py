from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("bridgeway.core.urls")),
    path("", include("bridgeway.programs.urls")),
    path("account/", include("bridgeway.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("bridgeway.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

handler404 = "bridgeway.core.views.not_found"
handler403 = "bridgeway.core.views.forbidden"
handler500 = "bridgeway.core.views.server_error"
