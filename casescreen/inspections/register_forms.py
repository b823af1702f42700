"""Forms for the YOT register import."""

from __future__ import annotations

from django import forms

from casescreen.inspections.yots import MAX_BYTES


class RegisterUploadForm(forms.Form):
    register = forms.FileField(label="CSV file")

    def clean_register(self) -> bytes:
        upload = self.cleaned_data["register"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        return bytes(upload.read())


class RegisterConfirmForm(forms.Form):
    """The checked file comes back as text; it is checked again before import."""

    csv_text = forms.CharField(max_length=MAX_BYTES, strip=False)
