from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from aftersales.core.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("aftersales.accounts.urls")),
    path("customers/", include("aftersales.customers.urls")),
    path("dispatch/", include("aftersales.dispatch.urls")),
    path("calls/", include("aftersales.intake.urls")),
    path("work-orders/", include("aftersales.workorders.urls")),
    path("billing/", include("aftersales.billing.urls")),
    path("claims/", include("aftersales.claims.urls")),
    path("parts/", include("aftersales.parts.urls")),
    path("warranty/", include("aftersales.warranty.urls")),
    path("tools/", include("aftersales.tools.urls")),
    path("loaners/", include("aftersales.loaners.urls")),
    path("outlet-settlements/", include("aftersales.settlements.urls")),
    path("returns/", include("aftersales.returns.urls")),
    path("deadlines/", include("aftersales.deadlines.urls")),
    path("notifications/", include("aftersales.notifications.urls")),
    path("follow-ups/", include("aftersales.followups.urls")),
    path("maintenance/", include("aftersales.maintenance.urls")),
    path("calendars/", include("aftersales.calendars.urls")),
]
# Uploaded photos and signatures; a production deployment serves /media/ from its web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
