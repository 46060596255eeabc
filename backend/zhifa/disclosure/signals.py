"""What publishing tells other parts of Zhifa, inside the same transaction as the publication.

- notice_published(notice): the notice's page is on the public site (sent again, harmlessly, when a
  publication is retried); registers mark the annual report it carries as published.
"""

from django.dispatch import Signal

notice_published = Signal()
