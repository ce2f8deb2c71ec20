"""One way to name a subject outside the tree (every notification uses it): an item by its full outline."""

from tracker.plan.outline_paths import subject_heading


def test_an_item_is_named_by_its_full_outline_and_a_project_by_its_title(session, make):
    plan = make.plan()
    chapter = make.item(plan, outline_no="三、", title="主要任务", kind="section")
    section = make.item(plan, parent=chapter, outline_no="(一)", title="电子政务", kind="section")
    task = make.item(plan, parent=section, outline_no="1.", title="建设政务云")
    project = make.project(task, make.department(), name="政务云二期")
    assert subject_heading(task) == "三、(一)1. 建设政务云"
    assert subject_heading(project) == "政务云二期"
