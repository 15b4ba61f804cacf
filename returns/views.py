from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.forms import form_add_service_errors
from accounts.models import Role
from accounts.policy import AuthenticatedRequest, allow
from participants.access import participant_get_for_user
from returns.forms import ReturnForm
from returns.models import Return
from returns.services import return_record


@allow(Role.MANAGER, Role.COUNSELLOR, scope="site")
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = participant_get_for_user(user=request.user, pk=pk)
    existing = Return.objects.filter(participant=participant).first()
    initial = {"status_date": timezone.localdate()}
    form = ReturnForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            return_record(
                acting_user=request.user, participant=participant, today=timezone.localdate(),
                **{k: form.cleaned_data[k] for k in ("status", "status_date", "actual_departure", "reason")},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Return recorded."))
            return redirect("participants:case_file", pk=pk)
    return render(request, "returns/record.html", {"participant": participant, "form": form},
                  status=400 if form.errors else 200)
