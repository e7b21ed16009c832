"""A body larger than its path allows is refused with a 413 from Content-Length, before it is read."""
import io

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import RequestSizeMiddleware

GIB = 1024 ** 3


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def request_with_length(path, length):
    request = RequestFactory().post(path, data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    return request


def test_a_gibibyte_upload_is_refused_unread():
    middleware = RequestSizeMiddleware(lambda request: HttpResponse("view ran"))
    response = middleware(request_with_length("/account/import/", GIB))
    assert response.status_code == 413
    assert b"too large" in response.content and b"split the file" in response.content


def test_forms_are_small_and_the_import_larger(settings):
    middleware = RequestSizeMiddleware(lambda request: HttpResponse("view ran"))
    assert middleware(request_with_length("/episodes/quick/", settings.REQUEST_MAX_BYTES + 1)).status_code == 413
    assert middleware(request_with_length("/episodes/quick/", settings.REQUEST_MAX_BYTES)).status_code == 200
    five_files = 5 * 5 * 1024 * 1024
    assert middleware(request_with_length("/account/import/", five_files)).status_code == 200
    assert middleware(request_with_length("/accounts/login/", five_files)).status_code == 413


@pytest.mark.django_db
def test_through_the_whole_stack_in_the_users_language(owner, client):
    owner.profile.language = "de"
    owner.profile.save()
    client.force_login(owner)
    response = client.post("/episodes/quick/", {"intensity": "5"}, CONTENT_LENGTH=str(GIB))
    assert response.status_code == 413
    assert response["Content-Language"] == "de"
    assert not owner.episodes.exists()
