"""The pages a person reaches from an e-mail before logging in: choosing a password from an invitation."""

from django.urls import path

from . import views

urlpatterns = [
    path("passord/ferdig/", views.password_set_done, name="password_set_done"),
    path("passord/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
]
