"""Friendly error pages: never a traceback, always a way back, and an answer even when the database is away.

A service's refusal that no view turned into something better ends here too: PermissionDenied is a 403, a
ConflictError a 409, a ValidationError a 422 with every message. A request that asks for JSON gets
{"error": {"code", "message", "fields"}} instead of a page.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.core.dberrors import classify
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.negotiation import is_api_request, json_error, wants_json
from tracker.core.outage import database_failure_page, new_error_id, offline_page
from tracker.core.transactions import release_session, request_may_write

# Every code an HTTP error can carry gets Chinese text of its own (translated like the rest of the UI), never
# Werkzeug's English name and description under a Chinese page; codes not listed get the generic pair.
ERROR_TITLES = {
    400: _l("请求无效"),
    401: _l("需要登录"),
    403: _l("没有权限"),
    404: _l("页面不存在"),
    405: _l("不允许的操作"),
    408: _l("请求超时"),
    409: _l("操作冲突"),
    410: _l("页面已不存在"),
    413: _l("提交内容过大"),
    414: _l("网址过长"),
    415: _l("不支持的内容类型"),
    422: _l("提交的内容无法处理"),
    429: _l("请求过于频繁"),
    500: _l("系统错误"),
    501: _l("功能不可用"),
    502: _l("服务暂时不可用"),
    503: _l("服务暂时不可用"),
    504: _l("服务暂时不可用"),
}
ERROR_MESSAGES = {
    400: _l("请求的内容不完整或格式不正确。请返回上一页检查后重试。"),
    401: _l("请先登录后再访问此页面。"),
    403: _l("您没有执行此操作的权限。如需权限，请联系信息化办公室。"),
    404: _l("您访问的页面或记录不存在。"),
    405: _l("此页面不接受这种操作方式。请从页面上的按钮或链接进入，不要直接修改网址或重复提交。"),
    408: _l("请求等待时间过长，已停止处理。请重新提交。"),
    409: _l("您提交的内容与当前数据冲突，没有保存。请刷新页面查看最新内容后重试。"),
    410: _l("您访问的页面已被删除。"),
    413: _l("上传或提交的内容超过了允许的大小。"),
    414: _l("网址过长，无法处理。请返回上一页重新操作。"),
    415: _l("不支持上传的内容类型。"),
    422: _l("提交的内容无法处理，没有保存。请检查后重试。"),
    429: _l("操作过于频繁，请稍后再试。"),
    500: _l("系统出现错误，您的操作没有保存。请稍后重试；如果问题持续，请联系管理员。"),
    501: _l("系统暂不支持此操作。"),
    502: _l("系统暂时无法处理请求，您的操作没有保存。请稍后重试。"),
    503: _l("系统暂时无法处理请求，您的操作没有保存。请稍后重试。"),
    504: _l("系统暂时无法处理请求，您的操作没有保存。请稍后重试。"),
}
# A read (GET, HEAD) was saving nothing: its page does not say that something was not saved.
_READ_UNAVAILABLE = _l("系统暂时无法处理请求，请稍后重试。")
READ_MESSAGES = {
    500: _l("系统出现错误，请稍后重试；如果问题持续，请联系管理员。"),
    502: _READ_UNAVAILABLE,
    503: _READ_UNAVAILABLE,
    504: _READ_UNAVAILABLE,
}


# What a program hears of any conflict: the services' words speak of a page and of input kept on it.
API_CONFLICT = _l("没有保存：这条记录在您读取之后已被修改。请重新读取后再提交。")
_ERROR_HEADERS = frozenset({"Allow", "Retry-After", "WWW-Authenticate"})


def _message(code: int) -> str | None:
    """The (lazy) message for a code, the read's variant on a request that writes nothing; None if not listed."""
    read = None if request_may_write() else READ_MESSAGES.get(code)
    return read or ERROR_MESSAGES.get(code)


def error_texts(code: int) -> tuple[str, str]:
    """The page title and message for an HTTP status code, in the reader's language."""
    title = ERROR_TITLES.get(code) or _("请求无法完成")
    message = _message(code) or _(
        "请求无法完成（错误代码 %(code)d）。请返回上一页重试；如果问题持续，请联系管理员。", code=code
    )
    return str(title), str(message)


def _refusal(
    status: int, code: str, message: str, page_message: str, fields: dict[str, list[str]] | None = None
) -> ResponseReturnValue:
    if wants_json():
        return json_error(code, message, fields), status
    title = error_texts(status)[0]
    return render_template("error.html", code=status, title=title, message=page_message), status


def register(app: Flask) -> None:
    @app.errorhandler(PermissionDenied)
    def permission_denied(error: PermissionDenied) -> ResponseReturnValue:
        return _refusal(403, "forbidden", error.message, error_texts(403)[1])

    @app.errorhandler(ConflictError)
    def conflict(error: ConflictError) -> ResponseReturnValue:
        message = str(API_CONFLICT) if is_api_request() else error.message
        return _refusal(409, "conflict", message, str(error.message))

    @app.errorhandler(ValidationError)
    def validation_failed(error: ValidationError) -> ResponseReturnValue:
        fields = {name: [str(m) for m in messages] for name, messages in error.errors.items()}
        messages = [*map(str, error.form_errors), *(m for ms in fields.values() for m in ms)]
        return _refusal(422, "validation_failed", error.message, " ".join(messages), fields)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        if wants_json():
            return json_error("csrf_failed", _("表单已过期或来源无效，请返回上一页刷新后重新提交。")), 400
        return render_template(
            "error.html",
            code=400,
            title=_("页面已过期"),
            message=_("表单已过期或来源无效，请返回上一页刷新后重新提交。"),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if isinstance(error, InternalServerError) and error.original_exception is not None:
            # Flask's last resort, after another handler failed: often because its page needed the database.
            return unexpected_error(error.original_exception)
        code = error.code or 500
        title, message = error_texts(code)
        # What the error says to a client beyond its status: the methods a 405's route takes (RFC 9110), when to
        # come back, how to authenticate.
        headers = {name: value for name, value in error.get_headers() if name in _ERROR_HEADERS}
        if wants_json():
            return json_error(_json_code(error), message), code, headers
        return render_template("error.html", code=code, title=title, message=message), code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: BaseException) -> ResponseReturnValue:
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
        message = _message(500) or ERROR_MESSAGES[500]
        if wants_json():
            return json_error("internal_error", message, error_id=error_id), 500
        try:
            return render_template("error.html", code=500, title=title, message=message, error_id=error_id), 500
        except Exception:  # the page itself failed (it loads the signed-in user): one that needs nothing
            app.logger.warning("Error page %s drawn without the database", error_id, exc_info=True)
            return offline_page(500, title, message, error_id), 500


def _json_code(error: HTTPException) -> str:
    """ "Not Found" -> "not_found": the status's name, as code for a program."""
    return "_".join((error.name or "error").lower().replace("'", "").split())
