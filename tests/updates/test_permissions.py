"""can_post_update: the rule the views enforce and the item/project pages use to show the button."""

import pytest
from flask_login import AnonymousUserMixin

from tracker.updates.permissions import can_post_update


@pytest.mark.parametrize(
    ("role", "own_department", "allowed"),
    [
        ("admin", False, True),
        ("lead", True, True),
        ("member", True, True),
        ("office", True, True),
        ("viewer", True, False),
        ("lead", False, False),
        ("member", False, False),
        ("office", False, False),
        ("viewer", False, False),
    ],
)
def test_who_may_report_on_an_item_and_a_project(make, item, project, dept, role, own_department, allowed):
    user = make.user(role, dept if own_department else make.department())
    assert can_post_update(user, item) is allowed
    assert can_post_update(user, project) is allowed


def test_an_item_without_a_lead_department_is_open_to_admin_only(make, plan):
    orphan = make.item(plan)
    assert can_post_update(make.user("admin"), orphan)
    assert not can_post_update(make.user("office", make.department()), orphan)
    assert not can_post_update(make.user("viewer"), orphan)  # no department either: still refused


def test_nobody_reports_on_retired_subjects(make, item, project, lead):
    item.retired = True
    project.retired = True
    for user in (lead, make.user("admin")):
        assert not can_post_update(user, item)
        assert not can_post_update(user, project)


def test_anonymous_users_may_not_report(item):
    assert not can_post_update(AnonymousUserMixin(), item)


def test_the_rule_is_available_to_templates(app, item, lead):
    rendered = app.jinja_env.from_string("{{ can_post_update(user, item) }}").render(user=lead, item=item)
    assert rendered == "True"
