"""API of the platform core: token sign-in, one's own tokens, and /api/v1/<org>/me/.

Every organization endpoint subclasses OrgAPIView: it owns the membership check, the
tenant-scoped queryset and idempotency keys on POST (campaigns/idempotency.py); subclasses
declare `required_permission` (and `write_permission`, `model`). TenantMiddleware refuses
other API views under an org.
"""

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import api_tokens, idempotency, modules, signin_throttle
from .roles import Perm, can
from .tenancy import activate_organization_locale, membership_in


class OrgAPIMixin:
    """Base of every API view under /api/v1/<org>/: after DRF authenticates (401 when
    nobody is signed in), the user must be a member of the URL's organization (else 404,
    as for a missing one), the permission's module must be on for the organization (else
    404: the endpoint does not exist there) and the user must hold the view's permission
    from the roles matrix (else 403). A POST with an `Idempotency-Key` header answers a
    retry with its first answer (campaigns/idempotency.py). Subclasses may not override
    `initial`, `get_queryset`, `handle_exception` or `finalize_response`."""

    permission_classes = [IsAuthenticated]
    required_permission: Perm  # for reading (GET, HEAD, OPTIONS)
    write_permission: Perm | None = None  # for POST, PATCH, PUT, DELETE; default: the same
    model = None

    @classmethod
    def permission_for(cls, method):
        if method in ("GET", "HEAD", "OPTIONS") or cls.write_permission is None:
            return cls.required_permission
        return cls.write_permission

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in ("get_queryset", "initial", "handle_exception", "finalize_response"):
            if name in cls.__dict__:
                raise TypeError(f"{cls.__name__} must not override {name} (tenancy)")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            request.membership = membership_in(request.user, request.organization_id)
        except Http404 as exc:
            raise NotFound from exc
        request.organization = request.membership.organization
        activate_organization_locale(request, request.organization)
        perm = self.permission_for(request.method)
        if not modules.permission_is_on(request.organization, perm):
            raise NotFound
        if not can(request.membership.role, perm):
            raise PermissionDenied
        key = idempotency.requested_key(request)
        if key is not None:
            self.idempotency_key = idempotency.reserve(request, key)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            return exc.response()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        reserved, self.idempotency_key = getattr(self, "idempotency_key", None), None
        if reserved is not None:
            idempotency.record(reserved, response)
        return response

    def get_queryset(self):
        return self.model.objects.for_org(self.request.organization)


class OrgAPIView(OrgAPIMixin, APIView):
    pass


class OrgGenericAPIView(OrgAPIMixin, generics.GenericAPIView):
    pass


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="What the token is for (a device, a script); shown in the token list. "
        "Defaults to the User-Agent.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expiry = serializers.DateTimeField(
        help_text="Pushed on by each use: the token ends after this long without use."
    )


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    last_used = serializers.DateTimeField(allow_null=True)
    expiry = serializers.DateTimeField()
    current = serializers.SerializerMethodField(help_text="The token of this request.")

    def get_current(self, token) -> bool:
        return token.pk == getattr(self.context["request"].auth, "pk", None)


def _refused(wait):
    """429 with `Retry-After` (DRF's handler sets it from `wait`) and our own words: DRF
    would append its "Expected available in N seconds" to a detail given with `wait`."""
    exc = Throttled(detail=_("Too many failed sign-in attempts. Try again later."))
    exc.wait = wait
    return exc


THROTTLED_RESPONSE = OpenApiResponse(
    description="Too many failed sign-ins (this username from this address, or any "
    "usernames from this address); `Retry-After` tells the seconds to wait",
    response=inline_serializer("SignInRefused", {"detail": serializers.CharField()}),
)


class TokenView(APIView):
    """Exchange a username and password for a new API token (one per device)."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Missing fields or wrong username/password"),
            429: THROTTLED_RESPONSE,
        },
        tags=["auth"],
    )
    def post(self, request):
        wait = signin_throttle.retry_after(request._request)
        if wait:
            raise _refused(wait)
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            # AxesMiddleware answers this (signin_throttle.lockout_response, JSON).
            return Response(status=status.HTTP_429_TOO_MANY_REQUESTS)
        wait = getattr(request._request, "signin_refused_for", 0)
        if wait:  # blocked since the check above (a parallel request reached the limit)
            raise _refused(wait)
        if user is None:
            return Response(
                {"non_field_errors": [_("Wrong username or password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        name = data.validated_data.get("name") or request.headers.get("User-Agent", "")
        token, key = api_tokens.api_token_issue(user=user, name=name)
        return Response({"token": key, "id": token.pk, "name": token.name, "expiry": token.expiry})


NOT_SIGNED_IN = OpenApiResponse(description="No valid token (or session)")


class ApiTokenListView(APIView):
    """The signed-in user's own API tokens (never their keys); not organization-scoped."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: ApiTokenSerializer(many=True), 401: NOT_SIGNED_IN}, tags=["auth"]
    )
    def get(self, request):
        tokens = api_tokens.api_tokens_of(request.user)
        return Response(ApiTokenSerializer(tokens, many=True, context={"request": request}).data)


class ApiTokenDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            204: None,
            401: NOT_SIGNED_IN,
            404: OpenApiResponse(description="No such token of yours"),
        },
        tags=["auth"],
    )
    def delete(self, request, token_id):
        """Revoke one of your tokens (the one of this request too: sign out)."""
        try:
            api_tokens.api_token_revoke(user=request.user, token_id=token_id)
        except Http404 as exc:
            raise NotFound from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer):
    user = inline_serializer(
        "MeUser",
        {
            "id": serializers.IntegerField(),
            "username": serializers.CharField(),
            "name": serializers.CharField(),
        },
    )
    organization = inline_serializer(
        "MeOrganization",
        {
            "slug": serializers.CharField(),
            "name": serializers.CharField(),
            "time_zone": serializers.CharField(),
            "default_language": serializers.CharField(),
            "modules": serializers.ListField(
                child=serializers.CharField(),
                help_text="The modules (plan kinds) the organization runs; the endpoints "
                "of the others answer 404.",
            ),
        },
    )
    role = serializers.CharField()
    branch = serializers.CharField(allow_null=True)
    team = serializers.CharField(allow_null=True)


class MeView(OrgAPIView):
    required_permission = Perm.VIEW_HOME

    @extend_schema(responses=MeSerializer, tags=["organization"])
    def get(self, request, org_slug):
        m, org, user = request.membership, request.organization, request.user
        return Response(
            MeSerializer(
                {
                    "user": {
                        "id": user.pk,
                        "username": user.username,
                        "name": user.get_full_name() or user.username,
                    },
                    "organization": {
                        "slug": org.slug,
                        "name": org.name,
                        "time_zone": org.time_zone,
                        "default_language": org.default_language,
                        "modules": [m.key for m in modules.enabled_modules(org)],
                    },
                    "role": m.role,
                    "branch": m.branch.name if m.branch else None,
                    "team": m.team.name if m.team else None,
                }
            ).data
        )
