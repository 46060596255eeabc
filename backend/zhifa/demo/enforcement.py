"""Demo enforcement, through the real services: this year's fine (潜江市启明星培训学校, 5000 yuan, served by post)
is open for enforcement; the school paid 2000 yuan on the last day, so 3000 yuan is overdue and the late surcharge
(3% of it a day, Art. 72) is running."""

from zhifa.accounts.models import Agency, User
from zhifa.cases.models import Case
from zhifa.enforcement import services
from zhifa.enforcement.models import Enforcement
from zhifa.enforcement.surcharge import fine_due


def load(agency: Agency) -> None:
    case = Case.objects.filter(agency=agency, title__startswith="潜江市启明星培训学校", state="served").first()
    if case is None or Enforcement.objects.filter(case=case).exists():
        return
    people = {u.username: u for u in User.objects.filter(username__in=["leader1", "officer1"])}
    enforcement = services.enforcement_open(case_id=case.pk, actor=people["leader1"])
    due = fine_due(case.served_on).due
    services.enforcement_act(enforcement_id=enforcement.pk, actor=people["officer1"], action="record_payment",
                             data={"date": due, "amount": case.decision_fine * 2 / 5, "bank": "中国农业银行潜江分行",
                                   "receipt_number": f"ABC{due:%Y%m%d}0001"})
