"""Entry point for gunicorn and the flask command: `gunicorn wsgi:app`, `flask --app wsgi db upgrade`."""

from tracker import create_app

app = create_app()
