"""What the procedure tells other parts of Zhifa, inside the same transaction as the step itself.

- case_decided(case, actor): a decision was made; disclosure drafts its public notice.
"""

from django.dispatch import Signal

case_decided = Signal()
