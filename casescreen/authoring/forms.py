from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# A framework file is a few hundred kilobytes; anything far larger is not one.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a question set"),
        help_text=_("A .yaml file or a .xlsx workbook, smaller than 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
        error_messages={"required": _("Select a YAML file or an Excel workbook to upload")},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 5 MB"))
        if not upload.name.lower().endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(
                _("The file must be a YAML file (.yaml) or a workbook (.xlsx)")
            )
        return upload
