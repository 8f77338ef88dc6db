from django.urls import path

from tryeza.directory import views

app_name = "directory"
urlpatterns = [
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/export/", views.institution_export, name="institutions-export"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution"),
    path("services/", views.service_list, name="services"),
    path("services/export/", views.service_export, name="services-export"),
    path("structures/", views.structure_list, name="structures"),
    path("structures/<int:pk>/", views.structure_detail, name="structure"),
]
