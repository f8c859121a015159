#!/usr/bin/env bash
# One backup of an Atende server, in a new dated folder of $ATENDE_BACKUP_DIR:
#
#   <ATENDE_BACKUP_DIR>/2026-12-07T031500Z/atende.db     SQLite: `atende backup` (SQLite's online
#                                                         backup, consistent while the server
#                                                         keeps writing)
#   <ATENDE_BACKUP_DIR>/2026-12-07T031500Z/atende.dump   PostgreSQL: `pg_dump --format=custom`
#   <ATENDE_BACKUP_DIR>/2026-12-07T031500Z/media/        the media files, when they are in a
#                                                         local folder (not in an S3 store)
#
# then deletes all but the newest $ATENDE_BACKUP_KEEP folders (default 14). Media files never
# change once written (each is named by its SHA-256), so each folder's media/ hard-links the
# files the previous backup already had: every folder is complete, and an unchanged file takes
# its space once. Restoring is in docs/deploy.md, "Backups and restore".
#
# It reads the server's own settings (DATABASE_URL, ATENDE_DATA_DIR, ATENDE_MEDIA_STORE) from
# the environment: atende-backup.service loads /etc/atende/atende.env. Run it as the user the
# server runs as. Copy the folders to another machine too: a backup on the server's disk dies
# with that disk.
set -euo pipefail

backup_root="${ATENDE_BACKUP_DIR:?set ATENDE_BACKUP_DIR to the folder the backups go to}"
keep="${ATENDE_BACKUP_KEEP:-14}"
atende="${ATENDE_BIN:-atende}"
data_dir="${ATENDE_DATA_DIR:-./data}"
database_url="${DATABASE_URL:-}"
media_store="${ATENDE_MEDIA_STORE:-}"

if ! [[ "$keep" =~ ^[1-9][0-9]*$ ]]; then
  echo "backup.sh: ATENDE_BACKUP_KEEP must be a whole number of at least 1, not '$keep'" >&2
  exit 2
fi
# The backups hold every conversation: nobody else may read them.
umask 077
mkdir -p "$backup_root"
backup_root="$(cd "$backup_root" && pwd)"

# One run at a time; a run that died left its half-made folder, removed here.
exec 9>"$backup_root/.lock"
if ! flock -n 9; then
  echo "backup.sh: another backup into $backup_root is running" >&2
  exit 1
fi
rm -rf "$backup_root"/.partial-*

stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
final="$backup_root/$stamp"
partial="$backup_root/.partial-$stamp"
if [ -e "$final" ]; then
  echo "backup.sh: $final already exists (two backups in one second?)" >&2
  exit 1
fi
mkdir "$partial"

# The database.
case "$database_url" in
  postgres://* | postgresql://*)
    pg_dump --format=custom --file="$partial/atende.dump" --dbname="$database_url"
    echo "database: pg_dump of PostgreSQL, $(stat -c %s "$partial/atende.dump") bytes"
    ;;
  *)
    "$atende" backup "$partial/atende.db" >/dev/null
    echo "database: SQLite online backup, $(stat -c %s "$partial/atende.db") bytes"
    ;;
esac

# The media files, when they are in a local folder.
case "$media_store" in
  "") media_dir="$data_dir/media" ;;
  file://*) media_dir="${media_store#file://}" ;;
  *) media_dir="" ;;
esac
if [ -z "$media_dir" ]; then
  echo "media: in $media_store, not copied (back the store up with its own tools)"
else
  mkdir -p "$partial/media"
  # The newest earlier backup, whose unchanged files are linked rather than copied.
  previous="$(find "$backup_root" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*Z' | sort | tail -n 1)"
  link_dest=()
  if [ -n "$previous" ] && [ -d "$previous/media" ]; then
    link_dest=(--link-dest="$previous/media")
  fi
  if [ -d "$media_dir" ]; then
    rsync -a "${link_dest[@]}" "$media_dir/" "$partial/media/"
  fi
  echo "media: $(find "$partial/media" -type f | wc -l) files from $media_dir"
fi

mv "$partial" "$final"
echo "backup: $final"

# Retention: the newest $keep folders stay.
find "$backup_root" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*Z' | sort | head -n -"$keep" |
  while read -r old; do
    rm -rf "$old"
    echo "removed: $old"
  done
