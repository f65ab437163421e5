"""The daily battle report (战报): requesting its PDF (idempotent), the schedule that
requests the reports that are due, and marking printed reports outdated when a policy of
their day or earlier changes. The PDF itself is made by contests/battle_report_pdf.py."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import jobs
from campaigns.models import Job
from campaigns.tenancy import each_organization, tenant_context

from ..models import BattleReport, Contest

logger = logging.getLogger(__name__)

BATTLE_REPORT_JOB_KIND = "contest.battle_report"  # made by contests/battle_report_pdf.py


def battle_reports_mark_outdated(*, organization, contest, day):
    """Battle reports of `day` or later, printed or being printed, no longer show the
    figures: mark them, so that the schedule prints them again (battle_reports_due), and
    count the change, so that a job printing one meanwhile leaves the mark on."""
    BattleReport.objects.for_org(organization).filter(contest=contest, day__gte=day).update(
        outdated=True, changes=F("changes") + 1
    )


def battle_report_request(*, organization, contest, day, actor=None):
    """The day's battle report row (one per contest and day), with its PDF job queued
    unless an up-to-date file exists or a job for it is queued or running. Idempotent:
    asking again changes nothing; after a failed job, or once policies of the day or
    earlier changed after it was printed (outdated), it queues a new one."""
    with tenant_context(organization):
        if not contest.period_start <= day <= contest.period_end:
            raise ValidationError({"day": _("Choose a day inside the contest period.")})
        # Locked: two requests at once cannot both queue a job for the same report.
        reports = BattleReport.objects.for_org(organization).select_for_update()
        report = reports.filter(contest=contest, day=day).first()
        if report is None:
            report = BattleReport(organization=organization, contest=contest, day=day)
            report.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:  # made at the same moment by another request
                report = reports.get(contest=contest, day=day)
        if report.file and not report.outdated:
            return report
        busy = (Job.Status.QUEUED, Job.Status.RUNNING)
        if (
            report.job_id
            and Job.objects.for_org(organization).filter(pk=report.job_id, status__in=busy).exists()
        ):
            return report
        report.job = jobs.job_enqueue(
            organization=organization,
            kind=BATTLE_REPORT_JOB_KIND,
            created_by=actor,
            payload={"report_id": report.pk, "contest_id": contest.pk, "day": day.isoformat()},
            max_attempts=3,
        )
        report.save(update_fields=["job"])
    return report


def battle_reports_due(now=None):
    """Request the battle reports that are due (Celery beat runs this every few minutes).
    For each organization, in its own time zone: a contest whose period contains the local
    date gets that day's report once its report time has passed; a contest that ended
    yesterday gets its last day's report (a report time close to midnight may have been
    missed). A day that already has a report is left alone; a report of the contest made
    outdated by late entries is printed again. Returns the reports queued."""
    now = now or timezone.now()
    requested = []
    for organization in each_organization():
        local = timezone.localtime(now, organization.zoneinfo)
        today = local.date()
        yesterday = today - timedelta(days=1)
        for contest in Contest.objects.for_org(organization).filter(period_start__lte=today):
            reports = BattleReport.objects.for_org(organization).filter(contest=contest)
            days = set(reports.filter(outdated=True).values_list("day", flat=True))
            day = None
            if contest.period_end == yesterday:
                day = yesterday
            elif contest.period_end >= today and local.time() >= contest.report_time:
                day = today
            if day is not None and not reports.filter(day=day).exists():
                days.add(day)
            for due in sorted(days):
                try:
                    requested.append(
                        battle_report_request(organization=organization, contest=contest, day=due)
                    )
                except Exception:  # one broken contest must not hold up every other one
                    logger.exception(
                        "battle report of contest %s for %s not requested", contest.pk, due
                    )
    return requested
