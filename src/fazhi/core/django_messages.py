"""Django's own interface text that its zh_Hans catalogue lacks (Django 5.2).

Nothing calls these at runtime: they are listed so that `makemessages` keeps their msgids in
our catalogue, where the Chinese translation lives. Remove an entry once Django ships it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MSGIDS = [
    # django.contrib.auth.password_validation.MinimumLengthValidator (5.2 changed the msgid)
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
    # admin/change_form.html, the page title when a form has errors
    gettext_noop("Error:"),
]
