"""Account pages: changing one's password."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from casescreen.accounts.forms import ChangePasswordForm
from casescreen.accounts.models import User
from casescreen.accounts.services import user_change_password
from casescreen.lib.summary import error_summary


@sensitive_post_parameters()
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # sign-in is required everywhere
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_change_password(
            request=request, user=user, new_password=form.cleaned_data["new_password1"]
        )
        messages.success(
            request, "Your password has been changed. You have been signed out everywhere else."
        )
        return redirect("home")
    errors = error_summary(form)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/password_change.html", {"form": form, "errors": errors}, status=status
    )
