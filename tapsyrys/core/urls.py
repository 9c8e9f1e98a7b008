from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .accounts import forms as account_forms

# The password pages are the site's own (core/accounts/...): the admin's templates of the same
# registration/ names come first in the app order and would show "Django administration".
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("", include("tapsyrys.core.accounts.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=account_forms.PasswordChangeForm,
            template_name="core/accounts/password_change_form.html",
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="core/accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=account_forms.PasswordResetForm,
            template_name="core/accounts/password_reset_form.html",
            email_template_name="core/accounts/password_reset_email.html",
            subject_template_name="core/accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="core/accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=account_forms.SetPasswordForm,
            template_name="core/accounts/password_reset_confirm.html",
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("files/<uuid:pk>/", views.file_download, name="file"),
    path("history/<str:app_label>/<str:model>/<str:pk>/", views.object_history, name="history"),
]
