from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "agency_name")
    list_filter = ("role", "is_active", "groups")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Accord", {"fields": ("role", "agency_name", "job_title")}),
    )
