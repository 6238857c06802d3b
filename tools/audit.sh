#!/usr/bin/env bash
# Audit the locked dependencies for known vulnerabilities with pip-audit.
#
#   bash tools/audit.sh            # exit 0: audited, nothing known; 1: vulnerabilities found or audit incomplete
#   AUDIT_ALLOW_OFFLINE=1 bash tools/audit.sh   # exit 0 (with a warning) when no vulnerability database answers
#
# pip-audit reads requirements/lock.txt (hashes required) without installing anything and asks PyPI's JSON API
# for each package's known vulnerabilities. --strict makes a package that could not be looked up an error,
# so an audit that could not reach a vulnerability database never passes as "no known vulnerabilities".
# Needs pip-audit (pip install pip-audit) in the project's virtualenv, or PIP_AUDIT pointing at one.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
PIP_AUDIT="${PIP_AUDIT:-$(dirname "$PYTHON")/pip-audit}"
if [ ! -x "$PIP_AUDIT" ]; then
  echo "audit: pip-audit is not installed: $(dirname "$PYTHON")/pip install pip-audit" >&2
  exit 1
fi
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"$PIP_AUDIT" --version
status=0
"$PIP_AUDIT" -r requirements/lock.txt --require-hashes --strict --progress-spinner off \
  --format columns --desc off "$@" >"$report" 2>&1 || status=$?
cat "$report"
if [ "$status" -ne 0 ] && grep -q "could not be audited" "$report"; then
  echo "audit: incomplete: the vulnerability database did not answer for some packages (network or mirror)" >&2
  if [ "${AUDIT_ALLOW_OFFLINE:-0}" = "1" ]; then
    echo "audit: AUDIT_ALLOW_OFFLINE=1: not failing" >&2
    exit 0
  fi
fi
exit "$status"
