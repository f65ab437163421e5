"""API of the platform core: token sign-in and /api/v1/<org>/me/.

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
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import idempotency
from .roles import Perm, can
from .tenancy import activate_organization_locale, membership_for


class OrgAPIMixin:
    """Base of every API view under /api/v1/<org>/: after DRF authenticates (401 when
    nobody is signed in), the user must be a member of the URL's organization (else 404,
    as for a missing one) and hold the view's permission from the roles matrix (else
    403). A POST with an `Idempotency-Key` header answers a retry with its first answer
    (campaigns/idempotency.py). Subclasses may not override `initial`, `get_queryset`,
    `handle_exception` or `finalize_response`."""

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
            request.membership = membership_for(request.user, request.organization)
        except Http404 as exc:
            request.organization = None
            raise NotFound from exc
        activate_organization_locale(request, request.organization)
        if not can(request.membership.role, self.permission_for(request.method)):
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


class TokenView(APIView):
    """Exchange a username and password for the API token (one per user)."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Missing fields or wrong username/password"),
            429: OpenApiResponse(description="Too many failed attempts; locked for a while"),
        },
        tags=["auth"],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": _("Too many failed sign-in attempts. Try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return Response(
                {"non_field_errors": [_("Wrong username or password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
                    },
                    "role": m.role,
                    "branch": m.branch.name if m.branch else None,
                    "team": m.team.name if m.team else None,
                }
            ).data
        )
