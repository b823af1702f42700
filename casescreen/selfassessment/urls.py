from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from casescreen.selfassessment import views

P = "self-assessments/<slug:reference>/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("self-assessments/", views.self_assessment_list, name="self_assessments"),
    # Outside <reference>/ so that no reference can hide them.
    path("self-assessment-start/", views.self_assessment_start, name="self_assessment_start"),
    path("yot-auditors/", views.auditors, name="self_assessment_auditors"),
    path(P, views.self_assessment_detail, name="self_assessment"),
    path(P + "auditors/", views.self_assessment_auditor_add, name="self_assessment_auditor_add"),
    path(P + "share/", views.self_assessment_share, name="self_assessment_share"),
    path(P + "findings/", views.self_assessment_findings, name="self_assessment_findings"),
    path(P + "report.<str:fmt>", views.self_assessment_report, name="self_assessment_report"),
    path(P + "cases/add/", views.self_assessment_case_add, name="self_assessment_case_add"),
    path(P + "trend/", views.self_assessment_trend, name="self_assessment_trend"),
    path(P + "next/", views.self_assessment_repeat, name="self_assessment_repeat"),
    path(P + "finish/", views.self_assessment_finish, name="self_assessment_finish"),
    path(P + "actions/", views.self_assessment_action_add, name="self_assessment_action_add"),
    path(
        P + "actions/<int:action_id>/done/",
        views.self_assessment_action_done,
        name="self_assessment_action_done",
    ),
]
