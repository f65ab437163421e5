"""Platform admin (Django admin, for platform superusers): organizations and user accounts.

Tenant-owned data is managed in the product's own pages, inside each organization; on
PostgreSQL the admin could not read it anyway (row-level security). For the same reason
organizations are not deleted here: that would have to reach every tenant table.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from knox.models import AuthToken

from . import organization_setup
from .models import Organization

# API tokens are credentials: nobody browses them, not even platform staff (people see
# and revoke their own under their account). knox registers its model; it is swapped
# for campaigns.ApiToken anyway.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """Accounts are deactivated, not deleted: their memberships live in tenant tables
    this admin cannot see."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "time_zone", "default_language", "created_at"]
    search_fields = ["slug", "name"]
    # Chosen by the organization's admin on its settings page; null runs every module.
    readonly_fields = ["modules"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # in the admin's transaction, as organization_create does
            organization_setup.set_up(obj)

    def has_delete_permission(self, request, obj=None):
        return False
