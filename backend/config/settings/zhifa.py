"""Zhifa's own settings."""

from .env import REPO_DIR, VAR_DIR, env

# Demo users' password (make run); never used in production settings.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="zhifa-demo")

# The built web app, served under /app/ in local mode.
FRONTEND_DIST_DIR = env.str("FRONTEND_DIST_DIR", default=str(REPO_DIR / "frontend" / "dist"))

# 较大数额罚款 (yuan), set by the provincial standard per party type: a fine at or above it gives the party a
# right to a hearing (Art. 63), makes the decision major (Art. 58) and needs collective deliberation (Art. 57).
# One setting, read by zhifa.cases.major.large_fine_threshold everywhere.
LARGE_FINE_THRESHOLDS = {
    "person": env.str("LARGE_FINE_THRESHOLD_PERSON", default="5000"),
    "organisation": env.str("LARGE_FINE_THRESHOLD_ORGANISATION", default="10000"),
}
# The statement and defence period the prior notice states, in working days from its receipt (Art. 44, 45).
STATEMENT_PERIOD_WORKING_DAYS = env.int("STATEMENT_PERIOD_WORKING_DAYS", default=5)
# The decision is made within this many calendar days of filing (Art. 60); a leader may extend it once by up
# to DECISION_EXTENSION_DAYS with a reason, and further only by collective deliberation.
DECISION_DAYS = env.int("DECISION_DAYS", default=90)
DECISION_EXTENSION_DAYS = env.int("DECISION_EXTENSION_DAYS", default=30)
# A deadline this many calendar days away or less is "due soon".
DEADLINE_DUE_SOON_DAYS = env.int("DEADLINE_DUE_SOON_DAYS", default=3)

# Legal review (法制审核) period, and its one extension with a leader's approval (DOMAIN.md §5).
LEGAL_REVIEW_WORKING_DAYS = env.int("LEGAL_REVIEW_WORKING_DAYS", default=7)
LEGAL_REVIEW_EXTENSION_WORKING_DAYS = env.int("LEGAL_REVIEW_EXTENSION_WORKING_DAYS", default=3)
# A failed review (纠正意见 or 建议移送) may be re-reviewed (复核) once, at the handling officers' request with
# their reasons, made within this many working days of the opinion (DOMAIN.md §5).
LEGAL_REREVIEW_REQUEST_WORKING_DAYS = env.int("LEGAL_REREVIEW_REQUEST_WORKING_DAYS", default=3)

# The static public disclosure site is written here (served by nginx, or by Django in local mode).
# Set STORAGES["publication"] to write to an S3 bucket instead.
PUBLICATION_ROOT = env.str("PUBLICATION_ROOT", default=str(VAR_DIR / "publication"))
# The public site's own address, for the feed, the sitemap and each page's canonical link (absolute URLs).
# Local mode serves the site at 127.0.0.1; production refuses to start without a public address.
PUBLIC_SITE_URL = env.str("PUBLIC_SITE_URL", default="http://127.0.0.1:8000/disclosure/").rstrip("/") + "/"
# What every Chinese government site shows in its footer (政府网站发展指引, 国办发〔2017〕47号): the sponsor
# (主办单位), how to reach it, the site's identification code (网站标识码), its ICP filing number (ICP备案号)
# and its public-security filing number (公网安备号). An empty value leaves its line out.
PUBLIC_SITE_SPONSOR = env.str("PUBLIC_SITE_SPONSOR", default="潜江市民政局")
PUBLIC_SITE_CONTACT = env.str("PUBLIC_SITE_CONTACT", default="湖北省潜江市园林街道章华中路 潜江市民政局办公室")
PUBLIC_SITE_CODE = env.str("PUBLIC_SITE_CODE", default="4290050000")
PUBLIC_SITE_ICP = env.str("PUBLIC_SITE_ICP", default="鄂ICP备00000000号")
PUBLIC_SITE_PSB = env.str("PUBLIC_SITE_PSB", default="鄂公网安备42900502000000号")
# Publication periods (months) by severity: (default, minimum, maximum). Minor is not published.
DISCLOSURE_PERIOD_MONTHS = {"minor": (0, 0, 0), "ordinary": (6, 3, 12), "serious": (36, 12, 36)}
# Working days to publish a penalty decision, another enforcement decision, and to withdraw.
DISCLOSURE_PENALTY_WORKING_DAYS = 7
DISCLOSURE_OTHER_WORKING_DAYS = 20
DISCLOSURE_WITHDRAWAL_WORKING_DAYS = 3
