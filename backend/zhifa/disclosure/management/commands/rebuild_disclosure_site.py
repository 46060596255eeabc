from django.core.management.base import BaseCommand

from zhifa.disclosure.services import disclosure_site_rebuild


class Command(BaseCommand):
    help = "Regenerate every file of the public disclosure site from the database (byte-identical to publishing)."

    def handle(self, *args, **options):
        written = disclosure_site_rebuild()
        self.stdout.write(f"OK: {written} files written")
