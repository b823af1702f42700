from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.assessments import case_views, views

CASE = "inspections/<slug:reference>/cases/<case_ref:case_ref>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(CASE + "facts/", case_views.case_facts, name="case_facts"),
    path(CASE + "themes/<str:theme_id>/", views.theme_page, name="theme"),
    path(CASE + "answers/", views.answer_save, name="answer_save"),
    path(CASE + "practice-examples/", views.practice_examples, name="practice_examples"),
    path(
        CASE + "practice-examples/<id:example_id>/delete/",
        views.practice_example_delete,
        name="practice_example_delete",
    ),
    path(CASE + "check/", views.check_answers, name="check_answers"),
    path(CASE + "reopen/", views.reopen, name="reopen_assessment"),
    path(CASE + "history/", case_views.case_history_page, name="case_history"),
]
