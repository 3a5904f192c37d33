"""Feeds and citation downloads, under each language's prefix (/es/feeds/, /en/cite/...)."""

from django.urls import path

from . import views

app_name = "interop"

urlpatterns = [
    path("feeds/", views.feed_all, name="feed_all"),
    path("feeds/protocol/<int:work_id>/", views.feed_work, name="feed_work"),
    path("feeds/<slug:section>/", views.feed_section, name="feed_section"),
    path("cite/page/<int:page_id>.<str:file_format>", views.cite_page, name="cite_page"),
    path(
        "cite/version/<int:version_id>.<str:file_format>",
        views.cite_version,
        name="cite_version",
    ),
    path("subscriptions/protocol/<int:work_id>/", views.subscribe, name="subscribe"),
    path("subscriptions/confirm/<str:token>/", views.confirm_subscription, name="confirm"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
