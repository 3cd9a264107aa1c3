#!/usr/bin/env bash
# Publishes ceptoar-node and ceptoar-admin as self-contained linux-x64 single files into OUTDIR (docs/OPERATIONS.md §1).
# The target host needs no .NET: each file carries the runtime, SQLite's native library and the Japanese resources.
set -euo pipefail

usage() {
  cat <<'TEXT'
Usage: deploy/publish.sh OUTDIR

Builds two self-contained linux-x64 programs into OUTDIR:
  OUTDIR/ceptoar-node    the node (with appsettings.json beside it)
  OUTDIR/ceptoar-admin   the staff command line
Then install them with: sudo deploy/install.sh OUTDIR
TEXT
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
if [ "$#" -ne 1 ]; then
  usage >&2
  exit 1
fi

out="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# CeptoarPublishLockDir (Directory.Build.props): a runtime-specific restore adds a linux-x64 section and the single-file
# analyzers' package to the lock graph, so its lock files go to a folder of the build, not over the committed
# packages.lock.json files that describe the portable build CI checks (the versions still come from
# Directory.Packages.props).
# --artifacts-path: the build happens in a folder of its own, so the checkout's bin/ and obj/ (and a build or test run
# using them) are not touched.
common=(-c Release --artifacts-path "$out/.artifacts" -r linux-x64 --self-contained true -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true
        -p:DebugType=none -p:CeptoarPublishLockDir="$out/.artifacts/locks" --nologo)

dotnet publish "$root/node/Ceptoar.Node/Ceptoar.Node.csproj" "${common[@]}" -o "$out/node.publish"
dotnet publish "$root/admin-cli/Ceptoar.AdminCli.csproj" "${common[@]}" -o "$out/admin.publish"

install -m 0755 "$out/node.publish/ceptoar-node" "$out/ceptoar-node"
install -m 0644 "$out/node.publish/appsettings.json" "$out/appsettings.json"
install -m 0755 "$out/admin.publish/ceptoar-admin" "$out/ceptoar-admin"
rm -rf "$out/node.publish" "$out/admin.publish" "$out/.artifacts"
echo "published: $out/ceptoar-node, $out/ceptoar-admin"
