import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from tryeza.accounts.models import User
from tryeza.demo.builder import build_demo
from tryeza.demo.context import PASSWORD, Demo, parse_scale
from tryeza.demo.people import NATIONAL_ACCOUNTS, Login, demo_exists, demo_logins
from tryeza.demo.reset import demo_clear
from tryeza.directory.models import Contact, Institution, Structure

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Build a demo network for every region: institutions, structures, services, "
        "fictional people and an account for every role, with case work, meetings and "
        "situational-analysis reports. "
        "Development only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2006, help="random seed (default 2006)")
        parser.add_argument(
            "--scale",
            default="small",
            help="small (default), large, or a number multiplying NGOs, contacts and users; "
            "from 2 it adds 4000 cases per unit (large: 100,000) for the benchmark",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete all directory data, cases and accounts (except your own "
            "superusers) first, then rebuild",
        )
        parser.add_argument(
            "--network-only",
            action="store_true",
            help="only the network: institutions, structures, services, people and "
            "accounts, without cases, meetings or reports (seconds instead of a minute)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(_("The demo is for development only; this is production."))
        try:
            scale = parse_scale(options["scale"])
        except ValueError:
            raise CommandError(
                _("Unknown scale %(scale)s: use small, large or a whole number from 1.")
                % {"scale": options["scale"]}
            ) from None

        if demo_exists() and not options["reset"]:
            self.stdout.write(
                _(
                    "The demo is already loaded (use --reset to rebuild it with another "
                    "seed or scale)."
                )
            )
        else:
            if not options["reset"] and _has_other_data():
                raise CommandError(
                    _(
                        "The database already holds institutions or accounts that are not "
                        "the demo's. Use --reset to replace them with the demo."
                    )
                )
            started = time.monotonic()
            with transaction.atomic():
                if options["reset"]:
                    demo_clear()
                demo = build_demo(
                    seed=options["seed"], scale=scale, network_only=options["network_only"]
                )
            summary = _(
                "Demo built (seed %(seed)s, scale %(scale)s): %(regions)s regions, "
                "%(institutions)s institutions, %(structures)s structures, "
                "%(memberships)s memberships, %(contacts)s contacts, %(users)s accounts."
            ) % {
                "seed": options["seed"],
                "scale": scale,
                "regions": len(demo.regions),
                "institutions": len(demo.profiles),
                "structures": len(demo.structures),
                "memberships": len(demo.memberships),
                "contacts": sum(len(people) for people in demo.contacts.values()),
                "users": len(demo.users),
            }
            self.stdout.write(self.style.SUCCESS(summary))
            if not options["network_only"]:
                self._print_work(demo, started)
        self._print_logins(demo_logins())

    def _print_work(self, demo: Demo, started: float) -> None:
        """What the layers after the network made: case work, meetings, reports."""
        work = _(
            "Case work: %(cases)s cases with %(events)s case events (status changes, "
            "screenings, planned services, referrals, follow-ups), %(escalations)s "
            "escalated to their table; %(meetings)s meetings with %(tasks)s tasks. "
            "Built in %(seconds)s s."
        ) % {
            "cases": demo.counts["cases"],
            "events": demo.counts["case_events"],
            "escalations": demo.counts["escalations"],
            "meetings": demo.counts["meetings"],
            "tasks": demo.counts["tasks"],
            "seconds": round(time.monotonic() - started),
        }
        self.stdout.write(self.style.SUCCESS(work))
        reports = _(
            "Situational analysis: %(reports)s regional reports, %(returns)s data returns "
            "with %(figures)s figures."
        ) % {
            "returns": demo.counts["data_returns"],
            "figures": demo.counts["figures"],
            "reports": demo.counts["region_reports"],
        }
        self.stdout.write(self.style.SUCCESS(reports))
        if demo.timings:
            steps = ", ".join(f"{step} {secs:.0f} s" for step, secs in demo.timings.items())
            self.stdout.write(_("Bulk cases: %(steps)s.") % {"steps": steps})

    def _print_logins(self, logins: list[Login]) -> None:
        write = self.stdout.write
        write("")
        write(self.style.WARNING(_("All people in the demo are fictional.")))
        write(_("Demo logins — the password of every account is: %s") % PASSWORD)
        write("")
        columns = (_("username"), _("role"), _("institution"), _("region"))
        rows = [columns, *((lg.username, lg.role, lg.institution, lg.region) for lg in logins)]
        widths = [min(max(len(row[i]) for row in rows), 60) for i in range(len(columns))]
        for n, row in enumerate(rows):
            cells = [cell if len(cell) <= 60 else cell[:59] + "…" for cell in row]
            write("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
            if n == 0:
                write("  ".join("-" * width for width in widths))
        total = User.objects.filter(contact__is_fictional=True).count()
        write("")
        write(
            _(
                "Every region has the same five accounts (<region>.secretariat, .committee, "
                ".cpu, .police, .ngo, e.g. berat.cpu); %(total)s demo accounts in all."
            )
            % {"total": total}
        )
        write(_("Open %s") % URL)


def _has_other_data() -> bool:
    """Rows the demo would mix with, or accounts whose usernames it would take."""
    return (
        Institution.objects.exists()
        or Structure.objects.exists()
        or Contact.objects.exists()
        or User.objects.filter(is_superuser=False).exists()
        or User.objects.filter(username__in=[name for name, *_ in NATIONAL_ACCOUNTS]).exists()
    )
