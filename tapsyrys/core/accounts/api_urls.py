from django.urls import path

from . import apis

urlpatterns = [
    path("signup/", apis.CitizenSignUpApi.as_view(), name="accounts-signup"),
]
