"""The sign-up form: allauth's, answering in the same time whether or not an address already
has an account.

It lives apart from `accounts.forms` because allauth's forms module imports that one (the
extra sign-up fields) while it loads."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest


class SignupForm(AllauthSignupForm):
    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        """For an address that already has an account, allauth creates nothing and emails
        the owner instead; the page and the email count are the same as for a new account
        (ACCOUNT_PREVENT_ENUMERATION). Only a new account hashes its password, though — about
        100 ms with Argon2 — which told the two apart by the time the answer took. Hash the
        submitted password here too, with the configured hasher, and throw the hash away."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
