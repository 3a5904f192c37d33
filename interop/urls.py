"""Feed addresses, under each language's prefix (/es/feeds/, /en/feeds/)."""

from django.urls import path

from . import views

app_name = "interop"

urlpatterns = [
    path("feeds/", views.feed_all, name="feed_all"),
    path("feeds/protocol/<int:work_id>/", views.feed_work, name="feed_work"),
    path("feeds/<slug:section>/", views.feed_section, name="feed_section"),
]
