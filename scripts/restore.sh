#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty PRIVATE_MEDIA_ROOT.
#
#   createdb -h host -U user besokshjem_restored
#   DATABASE_URL=postgres://user@host:5432/besokshjem_restored PRIVATE_MEDIA_ROOT=/srv/restored/private-media \
#     scripts/restore.sh /srv/backups/besokshjem-20260301T020000Z
#
# Argument: the prefix backup.sh printed (<BACKUP_DIR>/<BACKUP_NAME>), i.e. the path without .dump/.media.tar.gz.
# Environment (docs/operations.md, «Sikkerhetskopi og gjenoppretting»):
#   DATABASE_URL        required; the empty PostgreSQL database to restore into (it must exist and have no tables)
#   PRIVATE_MEDIA_ROOT  default ./private-media; must be missing or empty
#   PG_RESTORE          default pg_restore;  PSQL  default psql
#
# Checks the checksums, refuses a database that has tables or a media folder that has files (it never overwrites),
# restores in one transaction (all or nothing) and unpacks the uploads. Then run `manage.py migrate` (a no-op for a
# backup of the same version) and start the portal.
set -euo pipefail

prefix="${1:?usage: restore.sh <backup prefix, e.g. backups/besokshjem-20260301T020000Z>}"
: "${DATABASE_URL:?DATABASE_URL must point at the empty database to restore into}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-private-media}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
PSQL="${PSQL:-psql}"

for suffix in dump media.tar.gz sha256; do
  [ -f "$prefix.$suffix" ] || { echo "restore.sh: $prefix.$suffix is missing" >&2; exit 2; }
done
(cd "$(dirname "$prefix")" && sha256sum --quiet --check "$(basename "$prefix").sha256") \
  || { echo "restore.sh: the backup files do not match their checksums" >&2; exit 2; }

tables=$("$PSQL" --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
  --command="SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = "0" ] || { echo "restore.sh: the database is not empty ($tables tables); restore only into an empty one" >&2; exit 2; }
if [ -d "$PRIVATE_MEDIA_ROOT" ] && [ -n "$(ls -A "$PRIVATE_MEDIA_ROOT")" ]; then
  echo "restore.sh: $PRIVATE_MEDIA_ROOT is not empty; restore the files only into an empty folder" >&2; exit 2
fi

"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$prefix.dump"

umask 077
mkdir -p "$PRIVATE_MEDIA_ROOT"
tar -C "$PRIVATE_MEDIA_ROOT" -xzf "$prefix.media.tar.gz"
echo "restored $prefix into the database and $PRIVATE_MEDIA_ROOT"
