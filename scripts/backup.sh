#!/usr/bin/env bash
# Back up the portal: the database (pg_dump, custom format) and the private uploads (a tar of PRIVATE_MEDIA_ROOT).
#
#   DATABASE_URL=postgres://user@host:5432/besokshjem PRIVATE_MEDIA_ROOT=/srv/besokshjem/private-media \
#     BACKUP_DIR=/srv/backups scripts/backup.sh
#
# Environment (docs/operations.md, «Sikkerhetskopi og gjenoppretting»):
#   DATABASE_URL        required; the portal's PostgreSQL database (postgres://user[:password]@host:port/name)
#   PRIVATE_MEDIA_ROOT  default ./private-media; the uploads (attachments, kept attest copies, appeal attachments)
#   BACKUP_DIR          default ./backups; where the files are written (created, mode 700)
#   BACKUP_NAME         default besokshjem-<UTC time, e.g. 20260301T020000Z>
#   PG_DUMP             default pg_dump; the pg_dump to use (its major version must be at least the server's)
#
# Writes <BACKUP_DIR>/<BACKUP_NAME>.dump (pg_dump --format=custom), <BACKUP_NAME>.media.tar.gz and
# <BACKUP_NAME>.sha256, and prints the prefix <BACKUP_DIR>/<BACKUP_NAME> that scripts/restore.sh takes.
# The database is dumped first and the files after, so every attachment row in the dump has its file in the tar.
# The backup holds health data about children: it is written readable by its owner only; keep it encrypted at rest.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must point at the portal database}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
esac
PRIVATE_MEDIA_ROOT="${PRIVATE_MEDIA_ROOT:-private-media}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
BACKUP_NAME="${BACKUP_NAME:-besokshjem-$(date -u +%Y%m%dT%H%M%SZ)}"
PG_DUMP="${PG_DUMP:-pg_dump}"

umask 077
mkdir -p "$BACKUP_DIR"
prefix="$BACKUP_DIR/$BACKUP_NAME"
for suffix in dump media.tar.gz sha256; do
  [ ! -e "$prefix.$suffix" ] || { echo "backup.sh: $prefix.$suffix exists already" >&2; exit 2; }
done

# Written under a temporary name and moved into place, so a half-written backup never looks complete.
"$PG_DUMP" --format=custom --no-owner --no-privileges --file="$prefix.dump.partial" --dbname="$DATABASE_URL"
mv "$prefix.dump.partial" "$prefix.dump"

if [ -d "$PRIVATE_MEDIA_ROOT" ]; then
  tar -C "$PRIVATE_MEDIA_ROOT" -czf "$prefix.media.tar.gz.partial" .
else  # no uploads yet: an empty archive, so a restore always finds one
  tar -czf "$prefix.media.tar.gz.partial" --files-from /dev/null
fi
mv "$prefix.media.tar.gz.partial" "$prefix.media.tar.gz"

(cd "$BACKUP_DIR" && sha256sum "$BACKUP_NAME.dump" "$BACKUP_NAME.media.tar.gz" > "$BACKUP_NAME.sha256")
echo "$prefix"
