"""Read-only views of follow-ups and the registers for the administration pages: every change
goes through the services, which audit it."""

from django.contrib import admin

from .models import CallRecord, FollowUp, Letter, PhoneLog, Question


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ["kind", "customer", "work_order", "due_by", "status", "attempts", "branch"]
    list_filter = ["kind", "status", "branch"]


@admin.register(CallRecord)
class CallRecordAdmin(ReadOnly):
    list_display = ["follow_up", "at", "by", "channel", "reached", "satisfied"]


@admin.register(PhoneLog)
class PhoneLogAdmin(ReadOnly):
    list_display = ["at", "direction", "phone", "customer", "subject", "handled_by"]
    list_filter = ["direction", "branch"]


@admin.register(Letter)
class LetterAdmin(ReadOnly):
    list_display = ["number", "date", "direction", "kind", "customer", "subject", "replied_on"]
    list_filter = ["direction", "kind", "branch"]


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ["customer", "raised_at", "assigned_to", "due_at", "answered_at"]
