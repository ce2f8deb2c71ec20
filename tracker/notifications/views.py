"""The inbox (/inbox) and the unread count in the navigation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.auth.sessions import is_safe_next
from tracker.core.forms import save_action
from tracker.core.paging import paginate
from tracker.notifications import inbox
from tracker.notifications.labels import kind_label
from tracker.notifications.models import Notification

bp = Blueprint("notifications", __name__, template_folder="templates")

PER_PAGE = 20
BODY_FOLD = 200  # characters of a body shown before the rest is folded away


def _unread_count() -> int:
    """For base.html: one COUNT per request, and none for a visitor who is not signed in."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = inbox.unread_count(current_user)
    return g.unread_notifications


@bp.app_context_processor
def _inbox_badge() -> dict:
    return {"unread_notifications": _unread_count}


@bp.app_template_filter("notification_kind")
def _notification_kind(kind: str) -> str:
    return kind_label(kind)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


def _own_or_404(notification_id: int) -> Notification:
    notification = inbox.own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    return notification


@bp.route("/inbox")
@login_required
def index():
    page = paginate(inbox.inbox_query(current_user), _page_number(), PER_PAGE, scalars=True)
    return render_template("notifications/inbox.html", page=page, body_fold=BODY_FOLD)


@bp.route("/inbox/<int:notification_id>/open", methods=["POST"])
@login_required
def open_notification(notification_id: int):
    """Mark it read and go to what it is about (only a path on this site; anything else stays in the inbox)."""
    notification = _own_or_404(notification_id)
    save_action(lambda: inbox.mark_read(notification))
    target = notification.link
    return redirect(target if is_safe_next(target) else url_for("notifications.index"))


@bp.route("/inbox/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = _own_or_404(notification_id)
    save_action(lambda: inbox.mark_read(notification))
    return redirect(_back_to_inbox())


@bp.route("/inbox/read-all", methods=["POST"])
@login_required
def mark_all_read():
    saved = save_action(lambda: inbox.mark_all_read(current_user))
    if saved.done and saved.result:
        flash(_("已将全部通知标为已读。"), "success")
    return redirect(_back_to_inbox())


def _back_to_inbox() -> str:
    """The inbox page the button was on (a `page` the form carries), else its first page."""
    page = request.form.get("page", "")
    if page.isascii() and page.isdigit() and 1 < int(page) < 10**6:
        return url_for("notifications.index", page=int(page))
    return url_for("notifications.index")
