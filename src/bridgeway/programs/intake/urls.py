from django.urls import path

from bridgeway.programs.intake import views

app_name = "intake"

urlpatterns = [
    path("start/", views.intake_start, name="start"),
    path("start/confirm/<str:token>/", views.intake_confirm, name="confirm"),
    path("referrals/<str:token>/", views.referral_answer, name="referral_answer"),
    path("manage/enrollments/<int:pk>/refer/", views.referral_new, name="referral_new"),
    path("manage/<slug:org>/referrals/", views.referral_list, name="referral_list"),
    path("manage/referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("manage/referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("manage/referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
]
