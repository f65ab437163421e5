"""Prize pools: add one and its prizes, seal it (its seed's SHA-256 published), draw for a
guest who holds a place of an offer drawing from it, hand the prize over, reveal the seed
after the event, verify every draw."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from campaigns.api import OrgAPIView
from campaigns.money.inputs import AmountSerializerField
from campaigns.pagination import PAGE_PARAMETERS, paginated_response, paginated_schema

from .. import selectors, services
from ..models import Draw
from ..permissions import Perm
from .events import PoolSerializer, PrizeSerializer

MONEY = {"max_digits": 12, "decimal_places": 2}
COUNT = {"max_value": 2_147_483_647}


class PoolInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    no_prize_weight = serializers.IntegerField(
        min_value=0,
        **COUNT,
        required=False,
        help_text='The weight of "no prize"; 0: every draw wins while stock lasts',
    )


class PrizeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    stock = serializers.IntegerField(min_value=1, **COUNT)
    weight = serializers.IntegerField(min_value=1, **COUNT, required=False)
    value = AmountSerializerField(required=False)


class PoolListAPI(OrgAPIView):
    """The event's prize pools with their prizes and what is left; POST adds one."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(PoolSerializer),
        operation_id="v1_events_pools_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        return paginated_response(
            request, selectors.pools_of(request.organization, event), PoolSerializer
        )

    @extend_schema(request=PoolInputSerializer, responses={201: PoolSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id):
        event = selectors.event_get(request.organization, event_id)
        data = PoolInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pool = services.pool_save(
            organization=request.organization, event=event, **data.validated_data
        )
        pool = selectors.pool_detail(request.organization, event, pool.pk)
        return Response(PoolSerializer(pool).data, status=status.HTTP_201_CREATED)


class PoolDetailAPI(OrgAPIView):
    """One pool; PUT renames it or changes "no prize" (before the seal only)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS
    http_method_names = ["get", "put", "options"]

    @extend_schema(responses=PoolSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_detail(request.organization, event, pool_id)
        return Response(PoolSerializer(pool).data)

    @extend_schema(request=PoolInputSerializer, responses={200: PoolSerializer}, tags=["events"])
    def put(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        data = PoolInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pool_save(
            organization=request.organization, event=event, pool=pool, **data.validated_data
        )
        return Response(
            PoolSerializer(selectors.pool_detail(request.organization, event, pool.pk)).data
        )


class PrizeListAPI(OrgAPIView):
    """A pool's prizes; POST adds one (before the seal only)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.MANAGE_EVENTS

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(PrizeSerializer),
        operation_id="v1_events_pools_prizes_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        return paginated_response(
            request, selectors.prizes_of(request.organization, pool), PrizeSerializer
        )

    @extend_schema(request=PrizeInputSerializer, responses={201: PrizeSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        data = PrizeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prize = services.prize_save(
            organization=request.organization, pool=pool, **data.validated_data
        )
        prize.left = prize.stock - prize.taken
        return Response(PrizeSerializer(prize).data, status=status.HTTP_201_CREATED)


class PoolSealAPI(OrgAPIView):
    """Seal the pool: the secret seed is drawn and its SHA-256 published; the prizes are
    fixed from now on."""

    required_permission = Perm.MANAGE_EVENTS
    http_method_names = ["post", "options"]
    apply = staticmethod(services.pool_seal)

    @extend_schema(request=None, responses={200: PoolSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        self.apply(organization=request.organization, pool=pool)
        return Response(
            PoolSerializer(selectors.pool_detail(request.organization, event, pool.pk)).data
        )


class PoolRevealAPI(PoolSealAPI):
    """Reveal the seed, after the event has ended: then anyone can redo every draw."""

    apply = staticmethod(services.pool_reveal)


class DrawSerializer(serializers.ModelSerializer):
    guest_name = serializers.CharField(source="guest.name")
    guest_mobile = serializers.CharField(source="guest.masked_mobile")
    place_number = serializers.IntegerField(source="place.number")
    prize_name = serializers.CharField(source="prize.name", default=None)
    drawn_by = serializers.CharField(source="drawn_by.username", default=None)

    class Meta:
        model = Draw
        fields = [
            "id",
            "number",
            "guest",
            "guest_name",
            "guest_mobile",
            "place_number",
            "prize",
            "prize_name",
            "drawn_at",
            "drawn_by",
            "handed_over_at",
        ]
        read_only_fields = fields


class DrawInputSerializer(serializers.Serializer):
    guest = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        help_text="A guest holding an unused place of an offer that draws from this pool",
    )


class DrawListAPI(OrgAPIView):
    """The pool's draws, by number; POST draws for a guest (the prize, or none, decided
    by the sealed seed)."""

    required_permission = Perm.VIEW_EVENTS
    write_permission = Perm.WORK_DESK

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated_schema(DrawSerializer),
        operation_id="v1_events_pools_draws_list",
        tags=["events"],
    )
    def get(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        return paginated_response(
            request, selectors.draws_of(request.organization, pool), DrawSerializer
        )

    @extend_schema(request=DrawInputSerializer, responses={201: DrawSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        data = DrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest = selectors.guest_chosen(request.organization, event, data.validated_data["guest"])
        draw = services.draw_take(
            organization=request.organization, pool=pool, guest=guest, actor=request.user
        )
        draw = selectors.draw_get(request.organization, pool, draw.pk)
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class DrawHandOverAPI(OrgAPIView):
    """The prize of a draw is handed over (once; recorded apart from the draw)."""

    required_permission = Perm.WORK_DESK
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: DrawSerializer}, tags=["events"])
    def post(self, request, org_slug, event_id, pool_id, draw_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        draw = selectors.draw_get(request.organization, pool, draw_id)
        services.prize_hand_over(organization=request.organization, draw=draw, actor=request.user)
        draw = selectors.draw_get(request.organization, pool, draw_id)
        return Response(DrawSerializer(draw).data)


class DrawVerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="Every draw redone from the seed matches the log")
    count = serializers.IntegerField(help_text="Draws in the log")
    seed_matches = serializers.BooleanField(help_text="The seed's SHA-256 is the one published")
    first_bad = serializers.IntegerField(allow_null=True, help_text="The first draw that differs")
    expected = serializers.IntegerField(allow_null=True, help_text="The prize it should have given")
    logged = serializers.IntegerField(allow_null=True, help_text="The prize logged")
    missing = serializers.BooleanField(help_text="Draw `first_bad` is missing from the log")
    seed = serializers.CharField()
    seed_sha256 = serializers.CharField()


class PoolVerifyAPI(OrgAPIView):
    """Redo every draw of a revealed pool from its seed, prizes and log (400 before the
    reveal)."""

    required_permission = Perm.VIEW_EVENTS

    @extend_schema(responses=DrawVerificationSerializer, tags=["events"])
    def get(self, request, org_slug, event_id, pool_id):
        event = selectors.event_get(request.organization, event_id)
        pool = selectors.pool_get(request.organization, event, pool_id)
        result = services.pool_verify(organization=request.organization, pool=pool)
        return Response(
            DrawVerificationSerializer(
                {**vars(result), "seed": pool.seed, "seed_sha256": pool.seed_sha256}
            ).data
        )
