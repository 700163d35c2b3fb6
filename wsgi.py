"""gunicorn entry point: gunicorn -w 4 wsgi:app (FORUMOPS_ENV=production)."""

from config import config_from_env
from forumops import create_app

app = create_app(config_from_env(default="production"))
