"""The agency's electronic seal on issued documents (zhifa.cases.signing; DOMAIN.md §11).

Production: DOCUMENT_SIGNING_PKCS12_FILE names the agency's PKCS#12 (key and certificate, with its chain) and
DOCUMENT_SIGNING_PASSPHRASE_FILE a file holding its passphrase, both Docker secrets under /run/secrets.
Without them, local mode and the demo make a demo CA and agency certificates under var/signing (marked
演示/DEMO); production settings refuse those unless DOCUMENT_SIGNING_ALLOW_DEMO is set.
"""

from .env import VAR_DIR, env

DOCUMENT_SIGNING_PKCS12_FILE = env.str("DOCUMENT_SIGNING_PKCS12_FILE", default="")
DOCUMENT_SIGNING_PASSPHRASE_FILE = env.str("DOCUMENT_SIGNING_PASSPHRASE_FILE", default="")
# PEM files of the roots a signed document chains to, for validation (default: the roots in the PKCS#12).
DOCUMENT_SIGNING_TRUST_ROOTS = env.list("DOCUMENT_SIGNING_TRUST_ROOTS", default=[])
# The CRL (PEM or DER) of the CA that issued the agency's certificate, refreshed in place as the CA publishes
# it. Set, a revoked certificate, a CRL past its next update or one that can't be read stops issuing; empty,
# revocation is not checked. The demo CA publishes its own (demo-ca.crl in the demo directory).
DOCUMENT_SIGNING_CRL_FILE = env.str("DOCUMENT_SIGNING_CRL_FILE", default="")
DOCUMENT_SIGNING_ALLOW_DEMO = env.bool("DOCUMENT_SIGNING_ALLOW_DEMO", default=True)
DOCUMENT_SIGNING_DEMO_DIR = env.str("DOCUMENT_SIGNING_DEMO_DIR", default=str(VAR_DIR / "signing"))
# Each agency's seal image: <dir>/<统一社会信用代码 or 行政区划代码>.png (transparent background). An agency
# without one is sealed with a drawn demo seal marked 演示.
DOCUMENT_SEAL_DIR = env.str("DOCUMENT_SEAL_DIR", default="")
