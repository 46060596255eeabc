import json

from django.core.management.base import BaseCommand

from zhifa.cases.legal_audit import legal_audit


class Command(BaseCommand):
    help = ("Check every case in the register against the legal invariants (cases/invariants.py) and report each "
            "violation with its case, invariant and article. Reads only.")

    def add_arguments(self, parser):
        parser.add_argument("--case", type=int, action="append", help="only this case id (repeatable)")
        parser.add_argument("--json", action="store_true", help="one JSON object per violation")
        parser.add_argument("--fail", action="store_true", help="exit with status 1 when a violation is found")

    def handle(self, *args, case=None, json=False, fail=False, **options):
        from zhifa.cases.models import Case

        report = legal_audit(queryset=Case.objects.filter(pk__in=case) if case else None)
        for violation in report.violations:
            if json:
                self.stdout.write(_dumps(violation.as_dict()))
            else:
                self.stdout.write(f"{violation.case_number}\t{violation.invariant}\t{violation.article}\t"
                                  f"{violation.reason}")
        summary = report.summary()
        self.stderr.write(f"legal audit: {summary['cases']} cases, {summary['violations']} violations "
                          f"in {summary['cases_with_violations']} cases")
        if fail and report.violations:
            raise SystemExit(1)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
