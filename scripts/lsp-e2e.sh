#!/usr/bin/env bash
# End-to-end tests of `nianbao lsp` with pytest-lsp against the real binary.
# usage: scripts/lsp-e2e.sh [pytest args...]
# env: NIANBAO_SHARED (default ../shared), LSP_CLIENTS_HOME (default ~/.cache/lsp-clients),
#      CARGO_TARGET_DIR (default target/)
# Exit status: pytest's; 5 ("no tests collected") is a failure, as is any other non-zero.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${NIANBAO_SHARED:-$root/../shared}
export NIANBAO_SHARED=$shared
export LSP_CLIENTS_HOME=${LSP_CLIENTS_HOME:-$HOME/.cache/lsp-clients}

bash "$shared/clients/install-pytest-lsp.sh"
cargo build --manifest-path "$root/Cargo.toml" --bin nianbao
bin=${CARGO_TARGET_DIR:-$root/target}/debug/nianbao
[ -x "$bin" ] || { echo "ERROR [lsp-e2e.sh]: no binary at $bin" >&2; exit 1; }

export LSP_SERVER_CMD="$bin lsp"
set +e
"$LSP_CLIENTS_HOME/pytest-lsp/bin/python" -m pytest -p no:cacheprovider \
  -o asyncio_default_fixture_loop_scope=function -q "$root/tests/lsp_e2e" "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "ERROR [lsp-e2e.sh]: pytest collected no tests" >&2
fi
exit "$rc"
