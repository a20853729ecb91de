from django.contrib.auth.views import LoginView
from django.urls import include, path

from . import control

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="provider_login.html"), name="login"),
    path("control/users/", control.users),
]
