"""Friendly error pages: never a traceback, always a way back, and an answer even when the database is away."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.core.dberrors import classify
from tracker.core.outage import database_failure_page, new_error_id, offline_page, release_session


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template(
            "error.html",
            code=400,
            title=_("页面已过期"),
            message=_("表单已过期或来源无效，请返回上一页刷新后重新提交。"),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, InternalServerError) and error.original_exception is not None:
            # Flask's last resort, after another handler failed: often because its page needed the database.
            return unexpected_error(error.original_exception)
        titles = {
            403: _("没有权限"),
            404: _("页面不存在"),
            405: _("不允许的操作"),
            413: _("提交内容过大"),
        }
        messages = {
            403: _("您没有执行此操作的权限。如需权限，请联系信息化办公室。"),
            404: _("您访问的页面或记录不存在。"),
            413: _("上传或提交的内容超过了允许的大小。"),
        }
        code = error.code or 500
        return render_template(
            "error.html",
            code=code,
            title=titles.get(code, error.name),
            message=messages.get(code, error.description),
        ), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        failure = classify(error)
        if failure is not None:
            return database_failure_page(error, failure)
        error_id = new_error_id()
        app.logger.error("Unhandled error (error id %s)", error_id, exc_info=error)
        release_session()
        # Lazy: choosing the language may itself need the database, so the text is made inside the try.
        title = _l("系统错误")
        message = _l("系统出现错误，您的操作没有保存。请稍后重试；如果问题持续，请联系管理员。")
        try:
            return render_template("error.html", code=500, title=title, message=message, error_id=error_id), 500
        except Exception:  # the page itself failed (it loads the signed-in user): one that needs nothing
            app.logger.warning("Error page %s drawn without the database", error_id, exc_info=True)
            return offline_page(500, title, message, error_id), 500
