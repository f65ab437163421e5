import os

import pytest

from campaigns.roles import Role
from tests.factories import (
    BranchFactory,
    MembershipFactory,
    OrganizationFactory,
    TeamFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not on_postgres:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not settings.CELERY_BROKER_URL:
        # CI runs the real-worker tests too: a missing broker must not skip them quietly.
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but CELERY_BROKER_URL is not set")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (RLS, real concurrency)"))
        if "broker" in item.keywords and not settings.CELERY_BROKER_URL:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL (Redis)"))


RUNTIME_ROLE = os.environ.get("DATABASE_RUNTIME_ROLE", "")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With DATABASE_RUNTIME_ROLE (CI): the test database is created and migrated as the
    connecting owner role, as production migrates; then the runtime role gets the
    privileges `scripts/pg_app_role.sh` gives it, and every connection the tests open
    works as that role (`SET ROLE`), which owns nothing. TRUNCATE is granted here only:
    the transactional tests empty the tables with it."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    if not RUNTIME_ROLE or connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public "
            f'TO "{RUNTIME_ROLE}"; GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA '
            f'public TO "{RUNTIME_ROLE}"'
        )
    connection_created.connect(_work_as_the_runtime_role, dispatch_uid="runtime-role")
    connection.close()
    yield
    # The owner drops the test database afterwards.
    connection_created.disconnect(dispatch_uid="runtime-role")
    connection.close()


def _work_as_the_runtime_role(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{RUNTIME_ROLE}"')


@pytest.fixture(scope="session", autouse=True)
def _media_in_a_temporary_directory(tmp_path_factory):
    """Files the tests store (exports) go to a directory that disappears afterwards."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters in the cache (sign-in failures per address) start from zero in each test:
    every test client comes from the same address."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(request):
    """Every Chromium journey on the `page` fixture runs under the Content-Security-Policy
    and fails on anything it refuses (an inline script or style, eval)."""
    if request.node.get_closest_marker("browser") is None or "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []
    # Django's own debug pages (DEBUG only, never in production) carry inline styles.
    debug_page = request.node.get_closest_marker("django_debug_page") is not None

    def note(text):
        if debug_page and "style-src" in text:
            return
        if "Content Security Policy" in text or "unsafe-eval" in text:
            refused.append(text)

    page.on("console", lambda message: note(message.text))
    page.on("pageerror", lambda error: note(str(error)))
    yield
    assert refused == []


@pytest.fixture
def in_english(client, settings):
    """Messages read in English: the services' (the active language) and the pages' (the
    language cookie, which wins over the organization's default)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


class World:
    """Two organizations, each with one member per role, a branch and a team.
    B's names carry a canary string that must never show up in A's responses."""

    CANARY = "CANARY-B-7f3a"

    def __init__(self):
        self.a = self._org("alpha", "Alpha Co")
        # B speaks English and keeps UTC: nothing of that may show before membership is known.
        self.b = self._org("bravo", f"Bravo {self.CANARY}", default_language="en", time_zone="UTC")
        # Each organization has invited the other's franchisee (not yet accepted).
        self.a.invitation = self._invite(self.a.org, self.b.members[Role.FRANCHISEE].user)
        self.b.invitation = self._invite(self.b.org, self.a.members[Role.FRANCHISEE].user)

    @staticmethod
    def _invite(org, user):
        from campaigns.models import Invitation
        from campaigns.tenancy import tenant_context

        with tenant_context(org):
            return Invitation.objects.create(organization=org, user=user, role=Role.MANAGER)

    def _org(self, slug, name, **fields):
        org = OrganizationFactory(slug=slug, name=name, **fields)
        tag = self.CANARY if slug == "bravo" else slug
        branch = BranchFactory(organization=org, name=f"{tag} branch")
        team = TeamFactory(organization=org, name=f"{tag} team", branch=branch)
        members = {
            role: MembershipFactory(
                organization=org,
                user__username=f"{slug}_{role.value}",
                user__first_name=f"{tag} {role.value}",
                role=role,
                team=team if role == Role.BRANCH_STAFF else None,
            )
            for role in Role
        }
        plan, parts, export = self._plan(org, tag, members[Role.MANAGER].user)
        contest, agent, policy = self._contest(
            org, tag, plan, team, members[Role.BRANCH_STAFF].user
        )
        import_batch = self._import_batch(org, tag, contest, members[Role.BRANCH_STAFF].user)
        battle_report = self._battle_report(org, tag, contest)
        franchise = self._franchise(org, tag, members)
        bundle = self._bundle(org, tag, branch, members[Role.BRANCH_STAFF].user)
        events = self._events(org, tag, members)
        return type(
            "Org",
            (),
            {
                "org": org,
                "branch": branch,
                "team": team,
                "members": members,
                "plan": plan,
                "parts": parts,
                "export": export,
                "contest": contest,
                "agent": agent,
                "policy": policy,
                "import_batch": import_batch,
                "battle_report": battle_report,
                "franchise": franchise,
                "events": events,
                **bundle,
            },
        )

    @staticmethod
    def _bundle(org, tag, branch, staff_user):
        """A family-network registration (tagged form number) of the branch with ten
        members, one confirmed (in the activation queue) and one declined today, its
        coupons, and an SMS whose text carries the tag."""
        from datetime import date

        from django.core.files.base import ContentFile
        from django.utils import timezone

        from campaigns.sms.models import SmsMessage
        from campaigns.tenancy import tenant_context
        from promotions.models import (
            BundleMember,
            BundleTier,
            Channel,
            ChannelStatement,
            ChannelStock,
            Coupon,
            Registration,
            StockEntry,
        )

        with tenant_context(org):  # the tiers come with the organization
            tier = BundleTier.objects.get(organization=org, members=10)
            registration = Registration.objects.create(
                organization=org,
                form_number=f"{tag}-form",
                tier=tier,
                branch=branch,
                initiator_phone="13900000000",
                signed_on=date(2026, 1, 2),
                entered_on=date(2026, 1, 2),
                entered_by=staff_user,
            )
            members = [
                BundleMember.objects.create(
                    organization=org,
                    registration=registration,
                    phone=f"1380000{i:04d}",
                    short_number=661001 + i,
                    status="awaiting",
                    reason=f"{tag} reason",
                )
                for i in range(10)
            ]
            BundleMember.objects.filter(pk=members[0].pk).update(status="confirmed")
            BundleMember.objects.filter(pk=members[1].pk).update(
                status="declined", settled_at=timezone.now()
            )
            Coupon.objects.create(
                organization=org, registration=registration, code=f"{org.slug[:3].upper()}CODE0001"
            )
            message = SmsMessage.objects.create(
                organization=org,
                phone="13800000002",
                body=f"{tag} confirmation",
                purpose="bundle.confirm",
                ref_id=members[2].pk,
                awaiting_reply=True,
                status="delivered",
                attempts=1,
                branch=branch,
            )
            channel = Channel.objects.create(
                organization=org, name=f"{tag} channel", kind="county", branch=branch
            )
            ChannelStock.objects.create(organization=org, channel=channel, tier=tier, quantity=5)
            StockEntry.objects.create(
                organization=org, channel=channel, tier=tier, kind="drawn", quantity=5
            )
            statement = ChannelStatement(organization=org, channel=channel, month=date(2026, 1, 1))
            statement.file.save(
                f"world-{org.slug}-statement.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
        return {
            "registration": registration,
            "bundle_member": members[0],
            "sms_message": message,
            "channel": channel,
            "statement": statement,
        }

    @staticmethod
    def _events(org, tag, members):
        """A decoration event (ended: its day is past) started from a tagged plan: a guest
        who signed (golden-egg place no. 1) and drew from the sealed, revealed egg pool,
        her 51 card; a second guest who did not sign, on the branch staff member's
        follow-up list with one contact; a tagged agenda item, and a vendor with a deposit
        paid, an agreement scan and an order."""
        from datetime import date
        from decimal import Decimal
        from types import SimpleNamespace

        from django.core.files.base import ContentFile

        from campaigns.plans.models import Plan
        from campaigns.tenancy import tenant_context
        from promotions.events import services
        from promotions.events.models import (
            AgendaItem,
            Contact,
            FollowUp,
            PrizePool,
            Quota,
            Vendor,
        )

        manager, staff = members[Role.MANAGER], members[Role.BRANCH_STAFF]
        with tenant_context(org):
            plan = Plan.objects.create(
                organization=org,
                kind="decoration_event",
                title=f"{tag} event plan",
                owner=manager.user,
                start_date=date(2026, 1, 10),
                end_date=date(2026, 1, 10),
            )
        event = services.event_start(
            organization=org, plan=plan, date=date(2026, 1, 10), venue=f"{tag} venue"
        )
        with tenant_context(org):
            quota = Quota.objects.get(organization=org, event=event, size=30)
            pool = PrizePool.objects.get(organization=org, event=event)
        prize = services.prize_save(
            organization=org, pool=pool, name=f"{tag} prize", stock=5, weight=1
        )
        pool = services.pool_seal(organization=org, pool=pool)
        guest, _new = services.guest_register(
            organization=org, event=event, mobile="13900001111", name=f"{tag} guest"
        )
        card = services.card_sell(
            organization=org, event=event, buyer=guest, number=f"{org.slug}-51", price=99
        )
        signing = services.signing_record(
            organization=org,
            event=event,
            guest=guest,
            contract_total=Decimal("80000"),
            signed_on=event.date,
        )
        draw = services.draw_take(organization=org, pool=pool, guest=guest, actor=staff.user)
        pool = services.pool_reveal(organization=org, pool=pool)
        other, _new = services.guest_register(
            organization=org,
            event=event,
            mobile="13900002222",
            name=f"{tag} lead",
            invited_by=staff.user,
        )
        services.followups_split(organization=org, event=event, employees=[staff.user])
        vendor = services.vendor_save(
            organization=org,
            event=event,
            data={"name": f"{tag} vendor", "booth": "A1", "deposit_due": Decimal("5000")},
        )
        with tenant_context(org):
            followup = FollowUp.objects.get(organization=org, event=event, guest=other)
            Contact.objects.create(
                organization=org, followup=followup, outcome="reached", note=f"{tag} note"
            )
            agenda_item = AgendaItem.objects.create(
                organization=org, event=event, position=9, title=f"{tag} item", limit_minutes=10
            )
            vendor.agreement_file.save(
                f"world-{org.slug}-agreement.pdf", ContentFile(f"%PDF- {tag}".encode()), save=True
            )
            vendor = Vendor.objects.get(pk=vendor.pk)
            from campaigns.models import Job
            from promotions.events.models import EventReport

            report = EventReport(
                organization=org,
                event=event,
                job=Job.objects.create(organization=org, kind="events.report_pdf", status="done"),
            )
            report.file.save(
                f"world-{org.slug}-event-report.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
            from promotions.events.models import GuestImport

            # a checked guest list (the dry run done), its bad row tagged
            guest_import = GuestImport(
                organization=org,
                event=event,
                original_name=f"{tag}-guests.csv",
                job=Job.objects.create(
                    organization=org, kind="events.guests_import", status="done"
                ),
                report={
                    "committed": False,
                    "new": 1,
                    "found": 0,
                    "bad": 1,
                    "errors": [{"line": 3, "message": f"{tag} bad row"}],
                },
            )
            guest_import.file.save(
                f"world-{org.slug}-guests.csv",
                ContentFile(f"手机,姓名\n13912349999,{tag}\n123,bad\n".encode()),
                save=True,
            )
            # Telecom Day: an invitation campaign and a day's ranking PDF.
            from promotions.events.models import InvitationCampaign, RankingReport

            campaign = InvitationCampaign.objects.create(
                organization=org, event=event, name=f"{tag} campaign", body=f"{tag} {{code}}"
            )
            ranking_report = RankingReport(organization=org, event=event, day=date(2026, 1, 5))
            ranking_report.file.save(
                f"world-{org.slug}-ranking.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
        services.deposit_record(
            organization=org, vendor=vendor, kind="paid", amount=Decimal("5000"), reason=tag
        )
        services.vendor_order_record(
            organization=org, vendor=vendor, guest=guest, items=f"{tag} tiles", amount=1200
        )
        from tests.telecom_world import telecom_world  # Telecom Day, items 5–9

        telecom = telecom_world(org, tag, event, guest, staff)
        return SimpleNamespace(
            **telecom,
            event=event,
            guest=guest,
            card=card,
            signing=signing,
            quota=quota,
            pool=pool,
            prize=prize,
            draw=draw,
            agenda_item=agenda_item,
            vendor=vendor,
            followup=followup,
            report=report,
            guest_import=guest_import,
            campaign=campaign,
            ranking_report=ranking_report,
        )

    @staticmethod
    def _battle_report(org, tag, contest):
        """The battle report of the policy's day, its (tagged) PDF already made."""
        from datetime import date

        from django.core.files.base import ContentFile

        from campaigns.tenancy import tenant_context
        from contests.models import BattleReport

        with tenant_context(org):
            report = BattleReport(organization=org, contest=contest, day=date(2026, 1, 2))
            report.file.save(
                f"world-{org.slug}.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
        return report

    @staticmethod
    def _import_batch(org, tag, contest, staff_user):
        """A previewed import of a one-row CSV, uploaded by the branch staff member."""
        from django.core.files.base import ContentFile

        from campaigns.tenancy import tenant_context
        from contests.models import ImportBatch

        csv = (
            f"业务员代码,保单号,保费,承保日期,卡单号\n"
            f"{org.slug}-001,{org.slug}-W1,1000,2026-01-03,K-W1\n"
        )
        with tenant_context(org):
            batch = ImportBatch(
                organization=org,
                contest=contest,
                uploaded_by=staff_user,
                original_name=f"{tag}.csv",
                summary={"new": 1, "updated": 0, "unchanged": 0, "bad": 0, "rows": 1},
            )
            batch.file.save(f"world-{org.slug}.csv", ContentFile(csv.encode()), save=True)
        return batch

    @staticmethod
    def _contest(org, tag, plan, team, staff_user):
        """The plan runs as a contest; one agent of the team has one policy."""
        from datetime import date
        from decimal import Decimal

        from campaigns.tenancy import tenant_context
        from contests.models import Agent, Contest, Policy

        with tenant_context(org):
            contest = Contest.objects.create(
                organization=org,
                plan=plan,
                period_start=plan.start_date,
                period_end=plan.end_date,
                goal=Decimal("500000"),
                calendar_stock=10,
            )
            agent = Agent.objects.create(
                organization=org, code=f"{org.slug}-001", name=f"{tag} agent", team=team
            )
            policy = Policy.objects.create(
                organization=org,
                contest=contest,
                agent=agent,
                number=f"{org.slug}-P1",
                premium=Decimal("3000"),
                issued_on=date(2026, 1, 2),
                card_number="C1",
                entered_by=staff_user,
            )
        return contest, agent, policy

    @staticmethod
    def _plan(org, tag, owner):
        """A plan with one of each part and a finished PDF export, all tagged."""
        from datetime import date
        from decimal import Decimal

        from django.core.files.base import ContentFile

        from campaigns.models import (
            BudgetLine,
            Export,
            Goal,
            Job,
            Material,
            Plan,
            Section,
            Stage,
            Task,
            WorkGroup,
        )
        from campaigns.tenancy import tenant_context

        with tenant_context(org):
            plan = Plan.objects.create(
                organization=org,
                kind="contest",
                title=f"{tag} plan",
                owner=owner,
                start_date=date(2026, 1, 1),
                end_date=date(2026, 1, 31),
                anchor_date=date(2026, 1, 20),
            )
            common = {"organization": org, "plan": plan}
            stage = Stage.objects.create(
                **common,
                name=f"{tag} stage",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 1, 10),
                cumulative_target=Decimal("100"),
            )
            parts = {
                "goals": Goal.objects.create(
                    **common, metric=f"{tag} goal", target_value=Decimal("500000")
                ),
                "stages": stage,
                "sections": Section.objects.create(
                    **common, title=f"{tag} section", body_html=f"<p>{tag} text</p>"
                ),
                "work-groups": WorkGroup.objects.create(
                    **common, name=f"{tag} group", leader=f"{tag} leader"
                ),
                "tasks": Task.objects.create(**common, title=f"{tag} task", offset_days=-5),
                "budget-lines": BudgetLine.objects.create(
                    **common, item=f"{tag} line", amount=Decimal("1000"), stage=stage
                ),
                "materials": Material.objects.create(**common, item=f"{tag} material"),
            }
            job = Job.objects.create(organization=org, kind="plan.pdf", status="done")
            export = Export(organization=org, plan=plan, job=job, filename=f"{tag}.pdf")
            export.file.save(
                f"world-{org.slug}.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
        return plan, parts, export

    @staticmethod
    def _franchise(org, tag, members):
        """A territory granted (model B, 5%) to a franchisee whose login is the org's
        franchisee member, a month of revenue, its issued statement (PDF made, one
        question), a partner hospital with one service delivered, a product, an event."""
        from datetime import date
        from decimal import Decimal
        from types import SimpleNamespace

        from django.core.files.base import ContentFile

        from campaigns.plans.models import Goal, Plan
        from campaigns.tenancy import tenant_context
        from franchise.models import (
            Agreement,
            Franchisee,
            Hospital,
            Product,
            RecruitingEvent,
            RevenueReport,
            RoyaltyStatement,
            ServiceDelivery,
            StatementLine,
            StatementQuestion,
            SupportService,
            Territory,
        )

        account = members[Role.FRANCHISEE].user
        with tenant_context(org):
            plan = Plan.objects.create(
                organization=org,
                kind="franchise",
                title=f"{tag} franchise plan",
                owner=members[Role.MANAGER].user,
                start_date=date(2026, 1, 1),
                end_date=date(2028, 12, 31),
                in_force=True,  # the board reads it
            )
            goal = Goal.objects.create(
                organization=org,
                plan=plan,
                metric=f"{tag} share",
                target_value=Decimal("80"),
                unit="%",
            )
            territory = Territory.objects.create(
                organization=org, name=f"{tag} territory", status="signed"
            )
            event = RecruitingEvent.objects.create(
                organization=org,
                kind="roadshow",
                title=f"{tag} roadshow",
                held_on=date(2025, 11, 1),
                attendance=40,
            )
            franchisee = Franchisee.objects.create(
                organization=org, name=f"{tag} franchisee", account=account, recruited_at=event
            )
            agreement = Agreement.objects.create(
                organization=org,
                territory=territory,
                franchisee=franchisee,
                model="B",
                start_date=date(2026, 1, 1),
                franchise_fee=Decimal("200000"),
                allotment_share=Decimal("30"),
                royalty_rate=Decimal("5"),
            )
            RevenueReport.objects.create(
                organization=org,
                agreement=agreement,
                month=date(2026, 1, 1),
                revenue=Decimal("100000"),
            )
            statement = RoyaltyStatement.objects.create(
                organization=org,
                agreement=agreement,
                month=date(2026, 1, 1),
                status="issued",
                total=Decimal("5000"),
            )
            StatementLine.objects.create(
                organization=org,
                statement=statement,
                position=1,
                kind="royalty",
                month=date(2026, 1, 1),
                revenue=Decimal("100000"),
                rate=Decimal("5"),
                amount=Decimal("5000"),
            )
            statement.file.save(
                f"world-statement-{org.slug}.pdf", ContentFile(f"%PDF {tag}".encode()), save=True
            )
            question = StatementQuestion.objects.create(
                organization=org, statement=statement, text=f"{tag} question", asked_by=account
            )
            hospital = Hospital.objects.create(
                organization=org, territory=territory, name=f"{tag} hospital"
            )
            service = SupportService.objects.create(
                organization=org, number=1, name=f"{tag} service"
            )
            ServiceDelivery.objects.create(
                organization=org, hospital=hospital, service=service, delivered_on=date(2026, 2, 1)
            )
            product = Product.objects.create(
                organization=org,
                name=f"{tag} product",
                line="体检",
                tier="mid",
                pricing="clear_price",
                price=Decimal("680"),
                launched_on=date(2026, 1, 1),
            )
        return SimpleNamespace(
            plan=plan,
            territory=territory,
            franchisee=franchisee,
            agreement=agreement,
            statement=statement,
            question=question,
            hospital=hospital,
            service=service,
            product=product,
            event=event,
            goal=goal,
        )


@pytest.fixture
def world(db):
    return World()
