"""Account pages: signing in, changing one's password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from casescreen.accounts.forms import ChangePasswordForm, SignInForm
from casescreen.accounts.models import User
from casescreen.accounts.services import user_change_password
from casescreen.lib.summary import error_summary


@method_decorator(login_not_required, name="dispatch")
class SignOutView(LogoutView):
    """Django's sign-out, which also empties what the site kept in this browser: the
    drafts of answers not yet saved (``static/js/assessment.js``), which may describe a
    child's case, so that whoever uses the browser next finds none. Open to a session
    that has already ended too: its person, choosing "Sign out" on a page left open,
    expects this browser emptied, not the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


class SignInView(LoginView):
    """Django's sign-in, with the error summary every other form page has."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # A ``next`` of this page itself would send a signed-in person back here for ever
        # (Django refuses it with an error): they go to the start page instead.
        url = super().get_success_url()
        return self.get_default_redirect_url() if url == self.request.path else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["errors"] = error_summary(context["form"])
        return context


@sensitive_post_parameters()
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # sign-in is required everywhere
    form = ChangePasswordForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user_change_password(
            request=request, user=user, new_password=form.cleaned_data["new_password1"]
        )
        messages.success(
            request, _("Your password has been changed. You have been signed out everywhere else.")
        )
        return redirect("home")
    errors = error_summary(form)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/password_change.html", {"form": form, "errors": errors}, status=status
    )
