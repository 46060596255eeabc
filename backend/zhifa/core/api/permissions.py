from rest_framework.permissions import BasePermission


class PredicatePermission(BasePermission):
    """Checks the view's `permission_rules`: {action: (predicate, "why refused")}.

    The action's entry is used, else "write" for unsafe methods, else "read". Predicates are
    django-rules predicates taking (user) or (user, obj). Lists are filtered by selectors; this
    class only decides whether the user may perform the action at all.
    """

    def _rule(self, request, view):
        rules = getattr(view, "permission_rules", {})
        action = getattr(view, "action", None)
        if action in rules:
            return rules[action]
        return rules.get("read" if request.method in ("GET", "HEAD", "OPTIONS") else "write")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        rule = self._rule(request, view)
        if rule is None:
            return False
        predicate, why = rule
        self.message = why
        return predicate.test(request.user, None)

    def has_object_permission(self, request, view, obj):
        predicate, why = self._rule(request, view)
        self.message = why
        return predicate.test(request.user, obj)
