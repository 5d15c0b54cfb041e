#!/usr/bin/env bash
# Installs the system packages the build and tests need (Debian 12): a JDK and Maven, and the PostgreSQL server
# binaries the tests start themselves (pgvector too where Debian has it), and chromium (the audit report's test). The system PostgreSQL service is neither
# needed nor started by the tests. Safe to run again: present packages are left alone.
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_build() { command -v mvn >/dev/null && command -v javac >/dev/null; }

missing=()
have_build || missing+=(openjdk-17-jdk-headless maven)
have_postgres || missing+=(postgresql)
command -v runuser >/dev/null || missing+=(util-linux)
# The audit's HTML report is checked in a headless browser.
command -v chromium >/dev/null || missing+=(chromium)

if [ "$(id -u)" -ne 0 ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q

# pgvector is optional: the JDBC sink stores embeddings as real[] without it.
if [ -z "$(compgen -G '/usr/share/postgresql/*/extension/vector.control' || true)" ]; then
  for v in /usr/lib/postgresql/*/ 15/; do
    major=$(basename "$v")
    case "$major" in ''|*[!0-9]*) continue ;; esac
    pkg="postgresql-${major}-pgvector"
    if apt-cache show "$pkg" >/dev/null 2>&1; then missing+=("$pkg"); break; fi
  done
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  # The package's own cluster may start or not (no init system here); the tests run their own server.
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

have_postgres || { echo "install-deps: PostgreSQL binaries still missing under /usr/lib/postgresql/*/bin" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "install-deps: OS user 'postgres' missing (the tests run PostgreSQL as that user when root)" >&2; exit 1; }
echo "install-deps: $(ls -d /usr/lib/postgresql/*/bin | head -1) ready$(compgen -G '/usr/share/postgresql/*/extension/vector.control' >/dev/null && echo ', pgvector present' || echo ', no pgvector (real[] embeddings)')"
