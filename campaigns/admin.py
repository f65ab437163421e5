"""Platform admin (Django admin, for platform superusers): organizations only.

Tenant-owned data is managed in the product's own pages, inside each organization;
on PostgreSQL the admin could not read it anyway (row-level security)."""

from django.contrib import admin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "time_zone", "default_language", "created_at"]
    search_fields = ["slug", "name"]
