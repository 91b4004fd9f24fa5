"""The probe's findings: debug pages, bare error pages, missing headers, leaked passwords."""

import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import override_settings

from fazhi.core.logging import MaskDatabasePasswordFilter

pytestmark = pytest.mark.django_db

LEAKS = (
    "Traceback",
    "DATABASES",
    "SECRET_KEY",
    "urlpatterns",
    "Django tried",
    "hunter2",
)
PRODUCTION_ENV = {
    "FAZHI_SECRET_KEY": secrets.token_urlsafe(50),
    "FAZHI_ALLOWED_HOSTS": "fazhi.baiyun.example.gov.cn",
    "FAZHI_HTTPS": "1",
    "FAZHI_HSTS_SECONDS": "31536000",
}


def run_fazhi(args, env_extra, tmp_path, code=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FAZHI_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(FAZHI_VAR_DIR=str(tmp_path), **env_extra)
    if "FAZHI_DATABASE_URL" in os.environ:
        env["FAZHI_DATABASE_URL"] = os.environ["FAZHI_DATABASE_URL"]
    env["DJANGO_SETTINGS_MODULE"] = "fazhi.settings.base"
    command = (
        [sys.executable, "-c", code]
        if code
        else [sys.executable, "-m", "fazhi.cli", *args]
    )
    # Our own interpreter and module, fixed arguments: nothing untrusted.
    return subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=120
    )


def test_debug_is_off_unless_asked_for(tmp_path):
    code = "import fazhi.settings.base as s; print(s.DEBUG)"
    assert run_fazhi([], {}, tmp_path, code).stdout.strip() == "False"
    on = run_fazhi([], {"FAZHI_DEBUG": "1"}, tmp_path, code)
    assert on.stdout.strip() == "True"


def test_check_deploy_has_no_warning_with_the_documented_settings(tmp_path):
    result = run_fazhi(
        ["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_https_turns_on_secure_cookies_hsts_and_trusted_origins(tmp_path):
    code = (
        "import fazhi.settings.base as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.CSRF_TRUSTED_ORIGINS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    env = {**PRODUCTION_ENV, "FAZHI_HSTS_SECONDS": "600", "FAZHI_PROXY_SSL_HEADER": "1"}
    out = run_fazhi([], env, tmp_path, code).stdout.strip()
    assert out == (
        "True True True 600 ['https://fazhi.baiyun.example.gov.cn'] "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    plain = run_fazhi([], {}, tmp_path, code).stdout.strip()
    assert plain.startswith("False False False 0 ")
    assert plain.endswith(" None")


def test_the_404_page_is_chinese_in_the_site_chrome(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在（404）" in text
    assert "site-header" in text
    assert "site-footer" in text
    for leak in LEAKS:
        assert leak not in text


@override_settings(ROOT_URLCONF="fazhi.core.tests.urls_raising")
def test_the_500_page_is_chinese_and_shows_nothing_of_the_error(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "服务器错误（500）" in text
    assert "白云区法治政府建设平台" in text
    for leak in LEAKS:
        assert leak not in text


@pytest.mark.parametrize("status", [400, 403, 429])
def test_other_error_pages_are_chinese(rf, status):
    from django.template.loader import render_to_string

    text = render_to_string(f"{status}.html", {"message": ""}, request=rf.get("/"))
    assert f"（{status}）" in text
    assert "site-header" in text


def test_the_429_page_shows_the_message_it_is_given(rf):
    from django.template.loader import render_to_string

    text = render_to_string(
        "429.html", {"message": "请一小时后再查询。"}, request=rf.get("/")
    )
    assert "请一小时后再查询。" in text


def test_a_csp_header_forbids_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2]
        for part in policy.split(";")
        if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-inline" not in directives["default-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_the_log_filter_masks_the_database_password(monkeypatch, capsys):
    monkeypatch.setenv(
        "FAZHI_DATABASE_URL", "postgresql://fazhi:s3cret%2Fpw@db.internal:5432/fazhi"
    )
    logger = logging.getLogger("fazhi.test_masking")
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskDatabasePasswordFilter())
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError(
                "connection to postgresql://fazhi:s3cret%2Fpw@db.internal:5432/fazhi "
                "failed; password s3cret/pw refused"
            )
        except RuntimeError:
            logger.exception("database down: %s", "s3cret%2Fpw")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "database down" in err
    assert "RuntimeError" in err
    assert "postgresql://fazhi:********@db.internal" in err
    assert "s3cret" not in err


def test_the_site_logging_config_masks_passwords_of_any_url(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').error("
        "'boom %s', 'postgres://u:topsecret@h/db')"
    )
    result = run_fazhi([], {}, tmp_path, code)
    assert "boom postgres://u:********@h/db" in result.stderr
    assert "topsecret" not in result.stderr


def test_the_cache_is_the_database_cache_and_its_table_exists():
    cache.set("fazhi-test-key", 41)
    assert cache.incr("fazhi-test-key") == 42
