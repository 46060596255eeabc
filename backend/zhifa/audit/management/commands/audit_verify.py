from django.core.management.base import BaseCommand, CommandError

from zhifa.audit.services import history_seal, history_verify


class Command(BaseCommand):
    help = "Verify the sealed history: prints OK, or the first row that no longer matches its seal (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("--seal-first", action="store_true", help="seal unsealed rows before verifying")

    def handle(self, *args, seal_first=False, **options):
        if seal_first:
            history_seal()
        result = history_verify()
        if not result.ok:
            raise CommandError(f"ALTERED: {result.problem}")
        self.stdout.write(f"OK: {result.checked} sealed history rows verified; {result.unsealed} not yet sealed")
