from django.contrib.admin.apps import AdminConfig


class FazhiAdminConfig(AdminConfig):
    """Django's admin, with fazhi's admin site (staff login, verified device)."""

    default_site = "fazhi.core.admin_site.FazhiAdminSite"
