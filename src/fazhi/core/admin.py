"""The admin site in Chinese; its login is the staff login (see admin_site.py)."""

from django.contrib import admin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("fazhi Baiyun administration")
admin.site.site_title = _("fazhi Baiyun")
admin.site.index_title = _("Site administration")
admin.site.site_url = reverse_lazy("core:staff-home")
