from django.urls import path

from bridgeway.privacy.consent import views

app_name = "consent"

urlpatterns = [
    path("account/consents/", views.mine, name="mine"),
    path("account/consents/give/", views.give, name="give"),
    path("account/consents/withdraw/", views.withdraw, name="withdraw"),
    path("account/consents/review/", views.ask_again, name="ask_again"),
    path("manage/enrollments/<int:pk>/consents/", views.staff_person, name="staff_person"),
    path("manage/network/consent-texts/", views.texts_page, name="texts"),
]
