"""/api/docs/ is Swagger UI served from the application's own static files: it works with no Internet access."""

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_swagger_ui_loads_nothing_from_another_site(db, admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    scripts = [a for a in assets if a.endswith(".js")]
    assert scripts, page
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))], assets
    for url in scripts:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not among the static files"
