from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vault.uploads import CSV, XLSX, CheckedUpload, upload_check

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class MarketImportForm(forms.Form):
    file = forms.FileField(
        label=_("file (CSV or Excel)"),
        help_text=_("CSV as saved by German Excel (semicolon, decimal comma, dd.mm.yyyy) or .xlsx; header row first."),
    )
    illustrative = forms.BooleanField(
        label=_("illustrative values (demo, not real statistics)"), required=False
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def clean_file(self) -> CheckedUpload:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        # Type by content, safe name, no archive bombs: the shared upload guard.
        return upload_check(name=upload.name, content=upload.read(), allowed={CSV, XLSX}, max_megabytes=5)
