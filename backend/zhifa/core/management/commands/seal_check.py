from django.core.management.base import BaseCommand, CommandError

from zhifa.accounts.models import Agency
from zhifa.cases import signing


class Command(BaseCommand):
    help = ("Check each agency's document-signing certificate (电子签章): until when it is valid, and that the CRL "
            "does not revoke it. In local mode and the demo it makes the demo CA, its CRL and the agencies' demo "
            "certificates under var/ the first time.")

    def handle(self, *args, **options):
        failed = []
        for agency in Agency.objects.order_by("id"):
            try:
                credentials = signing.signing_credentials(agency)
            except signing.SigningUnavailable as exc:
                failed.append(agency.name)
                self.stderr.write(f"{agency.name}: {exc.message} ({exc.message_en})")
                continue
            mark = "（演示 DEMO）" if credentials.demo else ""
            revocation = (f"not revoked (CRL next update {credentials.crl_next_update:%Y-%m-%d})"
                          if credentials.crl_next_update else "revocation not checked (no CRL configured)")
            self.stdout.write(f"{agency.name}: {credentials.subject}{mark}, valid until "
                              f"{credentials.not_after:%Y-%m-%d}, {revocation}")
        if failed:
            raise CommandError(f"documents can't be signed for: {', '.join(failed)}")
