from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "zhifa.reviews"
    label = "reviews"
    verbose_name = "法制审核"

    def ready(self):
        from zhifa.cases.gates import register_legal_review_provider
        from zhifa.reviews.gate import ReviewGate

        register_legal_review_provider(ReviewGate())
