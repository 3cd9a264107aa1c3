#!/bin/sh
# Installs a published node (deploy/publish.sh OUTDIR) as the systemd service ceptoar-node (docs/OPERATIONS.md §1).
# Safe to run twice: it creates what is missing, replaces the programs and the unit, and never overwrites a config.
set -eu

usage() {
  cat <<'TEXT'
Usage: sudo deploy/install.sh [--prefix DIR] [--etc DIR] [--no-systemctl] PUBLISHDIR

Installs the node from PUBLISHDIR (made by deploy/publish.sh):
  user and group  ceptoar (system user, no login shell, no home)
  programs        /opt/ceptoar/ceptoar-node, /opt/ceptoar/ceptoar-admin (also linked into /usr/local/bin)
  configuration   /etc/ceptoar/node.json from deploy/node.sample.json, only if there is none (root:ceptoar, 0640)
  certificates    /etc/ceptoar/certs (ceptoar, 0700): put the node's keys and certificates there
  data            /var/lib/ceptoar (ceptoar, 0700; systemd's StateDirectory)
  unit            /etc/systemd/system/ceptoar-node.service, then systemctl daemon-reload

It does not start or enable the node: edit /etc/ceptoar/node.json first, then
  systemctl enable --now ceptoar-node

Options:
  --prefix DIR     install the programs into DIR instead of /opt/ceptoar (the unit is rewritten to match)
  --etc DIR        the configuration directory instead of /etc/ceptoar (the unit is rewritten to match)
  --no-systemctl   do not run systemctl daemon-reload (an image build without a running systemd)
  -h, --help       this text
TEXT
}

arguments="$*"
prefix=/opt/ceptoar
etc=/etc/ceptoar
reload=yes
publish=
while [ "$#" -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --prefix) [ "$#" -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 1; }; prefix=$2; shift 2 ;;
    --etc) [ "$#" -ge 2 ] || { echo "install.sh: --etc needs a directory" >&2; exit 1; }; etc=$2; shift 2 ;;
    --no-systemctl) reload=no; shift ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 1 ;;
    *) [ -z "$publish" ] || { echo "install.sh: one PUBLISHDIR only (see --help)" >&2; exit 1; }; publish=$1; shift ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo deploy/install.sh $arguments): it creates the ceptoar user and writes under /opt, /etc and /var/lib." >&2
  exit 1
fi
if [ -z "$publish" ]; then
  echo "install.sh: give the folder deploy/publish.sh wrote, e.g. sudo deploy/install.sh /tmp/ceptoar-publish (see --help)" >&2
  exit 1
fi
for program in ceptoar-node ceptoar-admin; do
  if [ ! -x "$publish/$program" ]; then
    echo "install.sh: $publish/$program is missing: run deploy/publish.sh $publish first" >&2
    exit 1
  fi
done

here=$(cd "$(dirname "$0")" && pwd)
unitdir=${SYSTEMD_UNIT_DIR:-/etc/systemd/system}

# The service's own user: no login, no home; it owns only its data and its keys.
if ! getent group ceptoar >/dev/null; then
  groupadd --system ceptoar
fi
if ! getent passwd ceptoar >/dev/null; then
  useradd --system --gid ceptoar --no-create-home --home-dir /var/lib/ceptoar --shell /usr/sbin/nologin \
    --comment "CEPTOAR federation node" ceptoar
fi

# Programs: replaced on every run (an upgrade is this script with a newer publish, then a restart).
install -d -m 0755 "$prefix"
install -m 0755 "$publish/ceptoar-node" "$prefix/ceptoar-node.new" && mv -f "$prefix/ceptoar-node.new" "$prefix/ceptoar-node"
install -m 0755 "$publish/ceptoar-admin" "$prefix/ceptoar-admin.new" && mv -f "$prefix/ceptoar-admin.new" "$prefix/ceptoar-admin"
install -m 0644 "$publish/appsettings.json" "$prefix/appsettings.json"
if [ -f "$here/../docs/OPERATIONS.md" ]; then
  install -m 0644 "$here/../docs/OPERATIONS.md" "$prefix/OPERATIONS.md"
fi
install -d -m 0755 /usr/local/bin
ln -sf "$prefix/ceptoar-admin" /usr/local/bin/ceptoar-admin

# Configuration: never overwritten; the node's user reads it, only root writes it.
install -d -m 0755 "$etc"
if [ ! -e "$etc/node.json" ]; then
  install -m 0640 -o root -g ceptoar "$here/node.sample.json" "$etc/node.json"
  echo "install.sh: wrote $etc/node.json from the sample: edit Node:Id, names, sectors and addresses before starting"
else
  echo "install.sh: kept the existing $etc/node.json"
fi
# Keys are the node's own: owner-only, owned by its user (created only if missing; an existing one keeps its files).
if [ ! -d "$etc/certs" ]; then
  install -d -m 0700 -o ceptoar -g ceptoar "$etc/certs"
fi
# StateDirectory creates it too; made here so ceptoar-admin restore and the certificates can be prepared before start.
install -d -m 0700 -o ceptoar -g ceptoar /var/lib/ceptoar

# The unit, with the chosen paths.
install -d -m 0755 "$unitdir"
sed -e "s#/opt/ceptoar#$prefix#g" -e "s#/etc/ceptoar#$etc#g" "$here/systemd/ceptoar-node.service" > "$unitdir/ceptoar-node.service.new"
chmod 0644 "$unitdir/ceptoar-node.service.new"
mv -f "$unitdir/ceptoar-node.service.new" "$unitdir/ceptoar-node.service"

if [ "$reload" = yes ]; then
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
  else
    echo "install.sh: systemd is not running here: skipped systemctl daemon-reload"
  fi
fi
echo "install.sh: installed; next: edit $etc/node.json, put the node's certificates in $etc/certs, then systemctl enable --now ceptoar-node"
