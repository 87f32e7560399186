"""Technicians and what they are certified for (培训合格方可上岗)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aftersales.accounts.policy import Cap, can, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.views import domain_errors_to_form, handles_domain_errors, paginate

from . import selectors, services
from .forms import CertifyForm


@login_required
@handles_domain_errors
def technician_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Cap.VIEW)
    qs = selectors.visible_technicians(request.user)
    return render(
        request,
        "dispatch/technician_list.html",
        {"page": paginate(request, qs), "can_certify": can(request.user, Cap.EDIT_STAFF)},
    )


@login_required
@handles_domain_errors
def technician_certify(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Cap.EDIT_STAFF)
    technician = get_in_scope(selectors.visible_technicians(request.user), pk=pk)
    form = CertifyForm(
        request.POST or None, initial={"categories": list(technician.certifications.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.technician_certify(
                by=request.user,
                technician=technician,
                categories=list(form.cleaned_data["categories"]),
            )
        except DomainError as error:
            domain_errors_to_form(form, error)
        else:
            return redirect("dispatch:technicians")
    return render(
        request, "dispatch/technician_certify.html", {"form": form, "technician": technician}
    )
