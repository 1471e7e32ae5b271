from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.module_loading import import_string

from bridgeway.core.notify import language_for_address


@dataclass(frozen=True)
class ProductSite:
    """What account emails call the site: the product's name and its public address, never
    the host name a request happened to use (such as 127.0.0.1:8101)."""

    name: str
    domain: str


def product_site() -> ProductSite:
    return ProductSite(name=settings.BRIDGEWAY_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def public_links(context: dict[str, Any], request: HttpRequest | None) -> dict[str, Any]:
    """The links allauth builds from the request (reset, confirm, sign up) moved onto the public
    address: the host a request names is chosen by whoever sent it, and may be an internal
    one such as 127.0.0.1:8101 that the reader cannot open."""
    if request is None:
        return context
    origin = request.build_absolute_uri("/")
    public = settings.SITE_URL.rstrip("/") + "/"
    return {
        key: public + value.removeprefix(origin)
        if isinstance(value, str) and value.startswith(origin)
        else value
        for key, value in context.items()
    }


def sign_in_step(person: Any) -> str:
    """The first page a person signing in must see before going on (a consent text changed
    since they agreed to it, say), from the functions listed in BRIDGEWAY_SIGN_IN_STEPS;
    "" when there is none."""
    for path in getattr(settings, "BRIDGEWAY_SIGN_IN_STEPS", []):
        url = str(import_string(path)(person))
        if url:
            return url
    return ""


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        step = sign_in_step(user)
        if step and isinstance(response, HttpResponseRedirect):
            # The step sends the person on to where they were going once they have answered.
            response = HttpResponseRedirect(f"{step}?{urlencode({'next': response.url})}")
        return response

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new account starts in the language the person was reading the site in.
        user.preferred_language = translation.get_language() or "en"
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.BRIDGEWAY_SITE_NAME}] {subject}"

    def render_mail(
        self,
        template_prefix: str,
        email: str,
        context: dict[str, Any],
        headers: dict[str, Any] | None = None,
    ) -> EmailMessage:
        # Written in the language of the account the address belongs to (a sign-in code asked
        # for from a page in another language), else in the page's.
        language = language_for_address(email, translation.get_language() or "")
        with translation.override(language):
            return super().render_mail(
                template_prefix,
                email,
                {
                    **public_links(context, context.get("request")),
                    "current_site": product_site(),
                    "site_url": settings.SITE_URL,
                },
                headers=headers,
            )
