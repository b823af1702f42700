"""An error summary's every link goes to something on the page that can take the focus."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from casescreen.lib.summary import error_summary


def test_a_bad_sort_on_the_programme_page_links_to_a_field_on_the_page(
    viewer: Any, as_user: Any
) -> None:
    response = as_user(viewer).get("/programme/?qsort=nonsense")

    assert response.status_code == 400
    page = response.content.decode()
    start = page.index('<div class="govuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links
    for target in links:
        assert f'id="{target}"' in page, target
        assert not re.search(rf'<input type="hidden"[^>]*id="{target}"', page), target


class _Form(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField()


def test_a_hidden_fields_message_links_to_the_first_field_shown() -> None:
    form = _Form({"version": "x", "name": ""})

    assert error_summary(form) == [
        {"href": "#id_name", "message": "Enter a whole number."},
        {"href": "#id_name", "message": "This field is required."},
    ]
