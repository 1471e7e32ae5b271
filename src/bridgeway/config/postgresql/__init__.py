"""Django's PostgreSQL backend with the pool that finds every broken connection at once after a
restart of the database server (``base.py``; ``ENGINE`` in settings.py with the pool on)."""
