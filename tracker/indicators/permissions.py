"""Who may record an indicator's yearly values (used by the views and the templates alike).

Everyone signed in reads the register. The office keeps the register, so it (and admins) may record any
indicator's values; a department's lead and members record the values of the indicators their department is
responsible for. Viewers never write. Yearly targets (年度目标值) are entered by the office and admins only.
"""

from __future__ import annotations

from tracker.auth.models import Role
from tracker.core.permissions import has_role, in_department


def can_enter_values(user, indicator) -> bool:
    if has_role(user, Role.ADMIN, Role.OFFICE):
        return True
    return has_role(user, Role.LEAD, Role.MEMBER) and in_department(user, indicator.responsible_department_id)


def can_set_targets(user, indicator=None) -> bool:
    """Yearly targets phase the plan's own target: the office enters them (and admins), departments read them."""
    return has_role(user, Role.ADMIN, Role.OFFICE)


TEMPLATE_GLOBALS = {"can_enter_indicator_values": can_enter_values, "can_set_indicator_targets": can_set_targets}
