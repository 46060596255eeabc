import pghistory
from django.core.management.base import BaseCommand
from django.db import transaction

from zhifa.cases.tasks import legal_audit_register
from zhifa.demo import accounts, cases, catalogues, disclosure, enforcement, evidence, litigation, registers, registry
from zhifa.disclosure.services import notices_expire


class Command(BaseCommand):
    help = "Load the demo data derived from the seed report. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic(), pghistory.context(origin="demo"):
            agency = accounts.load()
            registry.load(agency)
            catalogues.load(agency)
            cases.load(agency)
            evidence.load(agency)
            disclosure.load(agency)
            registers.load(agency)
            litigation.load(agency)
            enforcement.load(agency)
            notices_expire()
        # The night's legal audit, run once now, so the leader's dashboard shows the register checked.
        legal_audit_register()
        self.stdout.write("demo data loaded")
