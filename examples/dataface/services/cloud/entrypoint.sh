#!/bin/sh
# Start the cloud service: check the environment, migrate, collect static files, exec gunicorn.
set -eu

cd "$(dirname "$0")"

missing=""
for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    missing="$missing $name"
  fi
done
if [ -n "$missing" ]; then
  echo "cloud: refusing to start: missing environment variable(s):$missing." >&2
  echo "cloud: set SECRET_KEY (a long random string from a secret store), ALLOWED_HOSTS" >&2
  echo "cloud: (comma-separated host names) and DATABASE_URL (postgres://USER:PASSWORD@HOST:PORT/NAME)." >&2
  exit 1
fi

python manage.py migrate --noinput
python manage.py collectstatic --noinput

exec gunicorn cloud.wsgi:application \
  --bind "0.0.0.0:${PORT:-8080}" \
  --workers "${WEB_CONCURRENCY:-2}" \
  --threads "${GUNICORN_THREADS:-4}" \
  --timeout 0 \
  --no-control-socket \
  --access-logfile - \
  --error-logfile -
