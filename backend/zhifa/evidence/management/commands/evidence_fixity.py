from django.core.management.base import BaseCommand, CommandError

from zhifa.evidence.choices import FixityResult, FixityTrigger
from zhifa.evidence.fixity import fixity_check
from zhifa.evidence.models import StoredFile


class Command(BaseCommand):
    help = ("Re-hash every stored evidence original now (after a restore, or to audit the store). Prints each "
            "problem, raises an alarm for it, and exits non-zero if there was any.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="check at most this many files")

    def handle(self, *args, limit=None, **options):
        files = StoredFile.objects.filter(purged_at__isnull=True).order_by("id").values_list("pk", flat=True)
        checked = problems = 0
        for file_id in (files[:limit] if limit else files.iterator()):
            check = fixity_check(file_id=file_id, trigger=FixityTrigger.MANUAL)
            checked += 1
            if check.result != FixityResult.OK:
                problems += 1
                self.stderr.write(f"{check.get_result_display()}: {check.expected_sha256} (stored file #{file_id})")
        if problems:
            raise CommandError(f"{problems} of {checked} evidence originals failed the fixity check")
        self.stdout.write(f"OK: {checked} evidence originals match their SHA-256")
