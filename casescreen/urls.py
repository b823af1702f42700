from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, register_converter

from casescreen.accounts import views as account_views
from casescreen.cases.converters import CaseReferenceConverter, IdConverter
from casescreen.web import case as case_views
from casescreen.web import inspection as inspection_views
from casescreen.web import views as web_views

# Registered before the apps' URLs below are included, which use them.
register_converter(CaseReferenceConverter, "case_ref")
register_converter(IdConverter, "id")

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("language/<str:code>/", web_views.choose_language, name="choose_language"),
    path(
        "sign-in/",
        account_views.SignInView.as_view(),
        name="login",
    ),
    path("sign-out/", account_views.SignOutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("inspections/<slug:reference>/", inspection_views.inspection_detail, name="inspection"),
    path(
        "inspections/<slug:reference>/cases/<case_ref:case_ref>/",
        case_views.case_detail,
        name="case",
    ),
    # Each app owns its URLs below its own prefix or under an inspection.
    path("", include("casescreen.accounts.urls")),
    path("", include("casescreen.inspections.urls")),
    path("", include("casescreen.assessments.urls")),
    path("", include("casescreen.findings.urls")),
    path("", include("casescreen.sampling.urls")),
    path("", include("casescreen.fieldwork.urls")),
    path("", include("casescreen.moderation.urls")),
    path("", include("casescreen.quality.urls")),
    path("", include("casescreen.reports.urls")),
    path("", include("casescreen.reoffending.urls")),
    path("", include("casescreen.programme.urls")),
    path("", include("casescreen.authoring.urls")),
    path("", include("casescreen.selfassessment.urls")),
]

handler400 = "casescreen.lib.errors.bad_request"
handler403 = "casescreen.lib.errors.permission_denied"
handler404 = "casescreen.lib.errors.page_not_found"
handler500 = "casescreen.lib.errors.server_error"
