from .env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "zhifa.core.api.filters.StableOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "zhifa.core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "zhifa.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhifa.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="2000/min"),
        "login": env.str("THROTTLE_LOGIN", default="20/min"),
        "public_search": env.str("THROTTLE_PUBLIC_SEARCH", default="60/min"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # ?format= names an export's file type (csv, xlsx), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Zhifa API",
    "DESCRIPTION": "执法案卷与行政程序记录系统 — enforcement cases and administrative-procedure records "
    "for civil-affairs bureaus. Every 4xx uses one error shape: "
    '{"status", "code", "detail", "detail_en", "fields"}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Stable enum names in the schema, whatever other fields share a name like "kind" or "source".
    "ENUM_NAME_OVERRIDES": {
        "CalendarDayKindEnum": "zhifa.calendar.choices.DayKind",
        "CalendarYearSourceEnum": "zhifa.calendar.choices.YearSource",
        "PeriodUnitEnum": "zhifa.calendar.choices.PeriodUnit",
        "RoleEnum": "zhifa.accounts.choices.Role",
        "OrganisationTypeEnum": "zhifa.registry.choices.OrganisationType",
        "OrganisationStatusEnum": "zhifa.registry.choices.OrganisationStatus",
        "CaseStateEnum": "zhifa.cases.choices.CaseState",
        "CaseActionEnum": "zhifa.cases.choices.CaseAction",
        "CaseSourceEnum": "zhifa.cases.choices.CaseSource",
        "PenaltyKindEnum": "zhifa.cases.choices.PenaltyKind",
        "DecisionOutcomeEnum": "zhifa.cases.choices.DecisionOutcome",
        "DisputeResultEnum": "zhifa.reviews.choices.DisputeResult",
        "InspectionResultEnum": "zhifa.registry.choices.InspectionResult",
        "ReviewStateEnum": "zhifa.reviews.choices.ReviewState",
        "ReviewOutcomeEnum": "zhifa.reviews.choices.ReviewOutcome",
        "DocumentKindEnum": "zhifa.cases.choices.DocumentKind",
        "NoticeKindEnum": "zhifa.disclosure.choices.NoticeKind",
        "NoticeStateEnum": "zhifa.disclosure.choices.NoticeState",
        "NotPublishedReasonEnum": "zhifa.disclosure.choices.NotPublishedReason",
        "NormativeDocumentStatusEnum": "zhifa.registers.choices.DocumentStatus",
        "FilingResultEnum": "zhifa.registers.choices.FilingResult",
        "CleanupOutcomeKindEnum": "zhifa.registers.choices.CleanupOutcomeKind",
        "CleanupCampaignStateEnum": "zhifa.registers.choices.CampaignState",
        "CertificationMatterStatusEnum": "zhifa.registers.choices.MatterStatus",
        "PowerKindEnum": "zhifa.registers.choices.PowerKind",
        "InspectionPlanStateEnum": "zhifa.registers.choices.PlanState",
        "InspectionOutcomeEnum": "zhifa.registers.choices.InspectionOutcome",
        "AnnualReportStateEnum": "zhifa.registers.choices.ReportState",
        "RegisterKindEnum": "zhifa.registers.choices.Register",
        "MatterKindEnum": "zhifa.litigation.choices.MatterKind",
        "MatterStateEnum": "zhifa.litigation.choices.MatterState",
        "LitigationOutcomeEnum": "zhifa.litigation.choices.Outcome",
        "OutcomeFormEnum": "zhifa.litigation.choices.OutcomeForm",
        "MatterDeadlineKindEnum": "zhifa.litigation.choices.MatterDeadlineKind",
        "CaseDeadlineKindEnum": "zhifa.cases.choices.DeadlineKind",
        "DeadlineStatusEnum": "zhifa.core.deadlines.DeadlineStatus",
    },
}
