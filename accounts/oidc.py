"""Single sign-on through the company's identity provider (OpenID Connect, code flow).

Off unless ACCORD_OIDC_ISSUER and ACCORD_OIDC_CLIENT_ID are set (README, "Production").
Built on mozilla-django-oidc; what Accord decides on top of it:

- the provider's endpoints come from its discovery document
  (`<issuer>/.well-known/openid-configuration`), read once per process;
- the id_token must be RS256-signed by a key in the provider's JWKS, issued by that
  issuer, for this client (aud), unexpired, with the nonce of this sign-in;
- a person is matched on email, case-insensitively, among active accounts only; an email
  the provider says is unverified, or that two accounts share, signs nobody in; accounts
  are not created unless ACCORD_OIDC_CREATE_USERS is on, since roles and agencies are
  set by HR.
"""

import functools
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# mozilla-django-oidc setting name -> key in the discovery document
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_enabled() -> bool:
    return bool(
        getattr(settings, "ACCORD_OIDC_ISSUER", "") and getattr(settings, "OIDC_RP_CLIENT_ID", "")
    )


@functools.cache
def discovery(issuer: str) -> dict:
    """The provider's discovery document; its issuer must be the one configured."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured(f"{url} names another issuer: {document.get('issuer')!r}")
    return document


def oidc_setting(attr, *args):
    """Django settings first, then the discovery document for the endpoints."""
    if attr in DISCOVERED and not getattr(settings, attr, None) and oidc_enabled():
        return discovery(settings.ACCORD_OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *args)


class CompanyOIDCBackend(OIDCAuthenticationBackend):
    """Listed in AUTHENTICATION_BACKENDS always; does nothing while SSO is off."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.enabled = oidc_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token, key):
        """Signature, algorithm, issuer, audience, expiry: all checked (the library checks
        only the signature and expiry)."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The id_token is not signed with the agreed algorithm.")
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.ACCORD_OIDC_ISSUER,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=60,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"id_token refused: {error}") from error

    def verify_claims(self, claims):
        if not claims.get("email"):
            return False
        # Providers that say nothing about verification (Entra ID) are trusted; one that
        # says "unverified" is not.
        return claims.get("email_verified", True) not in (False, "false")

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            logger.info("OIDC sign-in refused: no single active account with that email")
        return user


class SignInStart(OIDCAuthenticationRequestView):
    """Redirects to the provider. Endpoints are read per request, not at start-up."""

    def __init__(self, *args, **kwargs):
        # The parent reads the endpoints in __init__; SSO may be off: read them in dispatch.
        View.__init__(self, *args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404("Single sign-on is not configured.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, ImproperlyConfigured):
            logger.exception("OIDC discovery failed")
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().dispatch(request, *args, **kwargs)


class SignInCallback(OIDCAuthenticationCallbackView):
    @staticmethod
    def get_settings(attr, *args):
        return oidc_setting(attr, *args)

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404("Single sign-on is not configured.")
        try:
            return super().dispatch(request, *args, **kwargs)
        except (requests.RequestException, ValueError, ImproperlyConfigured):
            # The provider is down or answers nonsense: nobody is signed in, nothing breaks.
            logger.exception("OIDC token or userinfo request failed")
            return _unavailable(request)

    def login_failure(self):
        messages.error(
            self.request,
            "Single sign-on did not sign you in. Your company account needs an Accord "
            "account with the same email address; ask HR.",
        )
        return redirect("accounts:login")


def _unavailable(request):
    messages.error(
        request,
        "Your company's sign-in service is not answering. Try again in a moment, or log in "
        "with your Accord password.",
    )
    return redirect("accounts:login")
