from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
