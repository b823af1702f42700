from __future__ import annotations

from django import forms


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a proven reoffending table",
        help_text="A CSV or XLSX file with a heading row.",
        error_messages={"required": "Select a CSV or XLSX file to upload"},
    )


class FiguresConfirmForm(forms.Form):
    token = forms.CharField(max_length=64)
