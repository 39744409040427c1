from django.urls import path

from .views import NomenklaturaList

urlpatterns = [
    path("api/v1/nomenklatura/", NomenklaturaList.as_view(), name="nomenklatura-list"),
]
