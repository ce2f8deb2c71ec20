"""Plan Tracker: the application factory."""

from __future__ import annotations

import os

from flask import Flask

from config import CONFIGS


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for "development", "testing" or "production" (default: $TRACKER_ENV or development)."""
    name = config_name or os.environ.get("TRACKER_ENV", "development")
    config_class = CONFIGS[name]
    settings = config_class.settings()
    settings.update(overrides)
    config_class.validate(settings)

    app = Flask(__name__, instance_path=str(_instance_dir()))
    app.config.from_object(config_class)
    app.config.update(settings)
    app.config["TRACKER_ENV"] = name
    # Flask-Babel's own date functions (if anything calls them) agree with tracker.core.localtime.
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TRACKER_TIMEZONE"]

    _init_extensions(app)
    from tracker.core import url_ids

    url_ids.install(app.url_map)
    _register_blueprints(app)
    _register_cli(app)

    from tracker.core import errorpages, favicon, filters, proxies, security_headers, transactions

    errorpages.register(app)
    transactions.install_request_lifecycle(app)
    filters.register(app)
    security_headers.register(app)
    favicon.register(app)
    proxies.trust_proxies(app)
    return app


def _instance_dir():
    from config import INSTANCE_DIR

    INSTANCE_DIR.mkdir(exist_ok=True)
    return INSTANCE_DIR


def _init_extensions(app: Flask) -> None:
    import tracker.models  # noqa: F401  (every table registered before metadata is used)
    from tracker.core.database import configure_engine
    from tracker.core.i18n import select_locale
    from tracker.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(_migrations_dir()))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)

    from tracker.auth import sessions

    sessions.register(app)


def _migrations_dir():
    from config import BASE_DIR

    return BASE_DIR / "migrations"


def _register_blueprints(app: Flask) -> None:
    import tracker.api.routes  # noqa: F401  (registers the API's routes on its blueprint)
    from tracker.api.blueprint import bp as api_bp
    from tracker.api.docs import bp as api_docs_bp
    from tracker.attachments.views import bp as attachments_bp
    from tracker.auth import token_views  # noqa: F401  (adds the account page's token routes to the auth blueprint)
    from tracker.auth.admin_views import bp as admin_bp
    from tracker.auth.views import bp as auth_bp
    from tracker.core.health import bp as health_bp
    from tracker.dashboard.views import bp as dashboard_bp
    from tracker.documents.page_views import bp as plan_document_bp
    from tracker.documents.upload_views import bp as plan_import_bp
    from tracker.exports.views import bp as exports_bp
    from tracker.gantt.views import bp as gantt_bp
    from tracker.indicators.views import bp as indicators_bp
    from tracker.notifications.views import bp as notifications_bp
    from tracker.org.views import bp as org_bp
    from tracker.plan.views import bp as plan_bp
    from tracker.projects.views import bp as projects_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.review.views import bp as review_bp
    from tracker.updates.views import bp as updates_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(indicators_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(updates_bp)
    app.register_blueprint(attachments_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(plan_document_bp)
    app.register_blueprint(plan_import_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(gantt_bp)
    # The API authenticates each request by its token and never by the session cookie (tracker.auth.sessions), so
    # a cross-site form cannot act there: CSRF tokens, which guard the cookie, have nothing to guard.
    from tracker.extensions import csrf

    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_docs_bp)


def _register_cli(app: Flask) -> None:
    from tracker.auth.cli import users_cli
    from tracker.documents.cli import plan_cli
    from tracker.notifications.cli import notifications_cli
    from tracker.review.cli import reminders_command
    from tracker.seeding.cli import seed_cli

    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(reminders_command)
    app.cli.add_command(plan_cli)
    app.cli.add_command(notifications_cli)
