from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .models import Role

# Where each role starts its day; everyone else starts from the work-order list.
HOME_BY_ROLE = {
    Role.TECHNICIAN: "workorders:my_jobs",
    Role.DISPATCHER: "workorders:board",
    Role.AGENT: "intake:new",
    Role.SUPERVISOR: "workorders:supervisor",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_BY_ROLE.get(request.user.role, "workorders:list"))
