from django.urls import path

from .apis import DeadlineApi

urlpatterns = [path("deadline/", DeadlineApi.as_view(), name="calendar-deadline")]
