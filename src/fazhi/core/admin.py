"""The admin site in Chinese, with the same login lockout as the staff login."""

from django.contrib import admin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm

admin.site.site_header = _("fazhi Baiyun administration")
admin.site.site_title = _("fazhi Baiyun")
admin.site.index_title = _("Site administration")
admin.site.site_url = reverse_lazy("core:staff-home")
admin.site.login_form = AdminLoginForm
