from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("calculator/", views.deadline_calculator, name="calculator"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
