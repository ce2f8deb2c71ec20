"""The item and project pages read a fixed number of statements however many files there are; who may add
files is who reports."""

from __future__ import annotations

import pytest

from tracker.attachments.permissions import can_add_files
from tracker.updates.permissions import can_post_update


def _add_files(make, subject, lead, updates: int) -> None:
    for n in range(updates):
        update = make.status_update(subject, lead)
        make.attachment(subject, lead, filename=f"进展{n}.pdf", status_update_id=update.id)
        make.attachment(subject, lead, filename=f"进展{n}-2.pdf", status_update_id=update.id)
        if subject.subject_type == "project":
            make.attachment(subject, make.user("member", lead.department), filename=f"单独{n}.pdf")


@pytest.mark.parametrize("kind", ["item", "project"])
def test_the_page_statements_do_not_grow_with_files(
    client_for, make, session, lead, item, project, count_statements, kind
):
    subject = item if kind == "item" else project
    url = f"/items/{item.id}" if kind == "item" else f"/projects/{project.id}"
    client = client_for(lead)
    seen = []
    for updates in (1, 6):
        _add_files(make, subject, lead, updates)
        session.expire_all()
        with count_statements() as counter:
            html = client.get(url).get_data(as_text=True)
        assert html.count('class="attachment"') >= 2 * updates
        seen.append(counter.count)
    assert seen[0] == seen[1]


@pytest.mark.parametrize("role", ["admin", "office", "lead", "member", "viewer"])
@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("retired", [False, True])
def test_adding_files_follows_the_reporting_rule(make, session, dept, project, role, own, retired):
    user = make.user(role, dept if own else make.department())
    project.retired = retired
    assert can_add_files(user, project) == can_post_update(user, project)
