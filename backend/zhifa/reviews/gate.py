"""The reviews app's side of zhifa.cases.gates: major-case matching, submission, and the decision gate."""

from zhifa.cases.gates import Refusal
from zhifa.reviews.catalogue import catalogue_match
from zhifa.reviews.choices import ReviewState


class ReviewGate:
    def major_reason(self, *, case, penalties=None, fine=None):
        return catalogue_match(case, penalties, fine)

    def on_submit(self, *, case, actor, on, data):
        from zhifa.reviews.services import review_submit

        review_submit(case=case, actor=actor, on=on, data=data)

    def refusal(self, *, case, decided=None, on=None):
        from zhifa.reviews.services import case_fingerprint

        review = case.reviews.order_by("-id").first()
        if review is not None and case.reopened_on and review.concluded_on and review.concluded_on < case.reopened_on:
            return Refusal(f"原决定被撤销后本案于 {case.reopened_on:%Y-%m-%d} 重新办理，重新作出的重大执法决定须重新经法制审核"
                           f"（行政处罚法第五十八条）。",
                           "The case was reopened after its decision was revoked; the new major decision needs a new "
                           "legal review (Art. 58).")
        if review is None:
            return Refusal("本案属于重大执法决定，尚未提交法制审核（行政处罚法第五十八条）。",
                           "A major decision needs legal review; none has been submitted (Art. 58).")
        if review.state != ReviewState.AGREED:
            return Refusal(f"法制审核尚未同意（当前状态：{review.get_state_display()}），不得作出决定（行政处罚法第五十八条）。",
                           f"The legal review has not agreed (state: {review.state}); no decision may be made (Art. 58).")
        package = review.packages.order_by("-number").first()
        if package.content.get("fingerprint") != case_fingerprint(case, decided=decided):
            return Refusal(f"审核同意后拟处理内容、告知或决定的处罚、或听证笔录发生了变化，须重新提交法制审核"
                           f"（送审材料第{package.number}版已过时；行政处罚法第五十八条）。",
                           "What is decided differs from what the review agreed to; resubmit it for review (Art. 58).")
        if on is not None and review.concluded_on and on < review.concluded_on:
            return Refusal(f"决定日期不能早于法制审核意见的日期（{review.concluded_on:%Y-%m-%d}）（行政处罚法第五十八条）。",
                           f"The decision cannot be dated before the legal review concluded on {review.concluded_on} (Art. 58).")
        return None
