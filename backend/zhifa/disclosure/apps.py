from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhifa.disclosure"
    label = "disclosure"
    verbose_name = "行政执法公示"

    def ready(self):
        from zhifa.cases.signals import case_decided
        from zhifa.disclosure.receivers import draft_notice_for_decision

        case_decided.connect(draft_notice_for_decision, dispatch_uid="disclosure-draft-on-decision")
