from django.urls import path

from bridgeway.accounts import views

app_name = "accounts"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.set_language, name="set_language"),
    path("two-step-required/", views.mfa_required_notice, name="mfa_required"),
    path("api-token/", views.api_token, name="api_token"),
    path("signed-in/", views.signed_in, name="signed_in"),
    path("sign-out-everywhere/", views.sign_out_everywhere_page, name="sign_out_everywhere"),
]
