"""The agency's electronic seal on issued documents (zhifa.cases.signing; DOMAIN.md §11).

Production: DOCUMENT_SIGNING_PKCS12_FILE names the agency's PKCS#12 (key and certificate, with its chain) and
DOCUMENT_SIGNING_PASSPHRASE_FILE a file holding its passphrase, both Docker secrets under /run/secrets; or a
PKCS#11 token (DOCUMENT_SIGNING_PKCS11_*).
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
# A PKCS#11 token instead (UKey, HSM; takes precedence over the PKCS#12): the module (.so) of its vendor, the
# token's label (empty: the first token), the labels of the key and its certificate (empty: the key's), and a
# file holding the user PIN (a Docker secret). Validation chains to DOCUMENT_SIGNING_TRUST_ROOTS, or to the
# self-signed certificates on the token.
DOCUMENT_SIGNING_PKCS11_MODULE = env.str("DOCUMENT_SIGNING_PKCS11_MODULE", default="")
DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL = env.str("DOCUMENT_SIGNING_PKCS11_TOKEN_LABEL", default="")
DOCUMENT_SIGNING_PKCS11_KEY_LABEL = env.str("DOCUMENT_SIGNING_PKCS11_KEY_LABEL", default="")
DOCUMENT_SIGNING_PKCS11_CERT_LABEL = env.str("DOCUMENT_SIGNING_PKCS11_CERT_LABEL", default="")
DOCUMENT_SIGNING_PKCS11_PIN_FILE = env.str("DOCUMENT_SIGNING_PKCS11_PIN_FILE", default="")
# The digest is computed here and the token signs it (CKM_ECDSA, CKM_RSA_PKCS): every token has those, where
# many lack the hash-and-sign mechanisms. False for a token whose policy allows only the latter.
DOCUMENT_SIGNING_PKCS11_RAW_MECHANISM = env.bool("DOCUMENT_SIGNING_PKCS11_RAW_MECHANISM", default=True)
DOCUMENT_SIGNING_ALLOW_DEMO = env.bool("DOCUMENT_SIGNING_ALLOW_DEMO", default=True)
DOCUMENT_SIGNING_DEMO_DIR = env.str("DOCUMENT_SIGNING_DEMO_DIR", default=str(VAR_DIR / "signing"))
# Each agency's seal image: <dir>/<统一社会信用代码 or 行政区划代码>.png (transparent background). An agency
# without one is sealed with a drawn demo seal marked 演示.
DOCUMENT_SEAL_DIR = env.str("DOCUMENT_SEAL_DIR", default="")
