# What the headless Neovim test scripts share, sourced after `set -euo pipefail`:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh" LABEL "$@"
# LABEL names the test in error messages ("nvim authoring test").
# Parses [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY and checks the server and nvim;
# sets here (editors/nvim/test), plugin (editors/nvim), root, nvim, json, json_out (absolute
# or ""), keep, server (absolute).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
plugin=$(cd "$here/.." && pwd)
root=$(cd "$plugin/../.." && pwd)
label=$1; shift
nvim=nvim; json=; keep=
while [ $# -gt 0 ]; do
  case "$1" in
    --nvim) nvim=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--nvim PATH] [--json FILE] [--keep] -- SERVER_BINARY" >&2; exit 2 ;;
  esac
done
server=${1:?server binary}
case "$server" in /*) ;; *) server=$PWD/$server ;; esac
[ -x "$server" ] || { echo "ERROR [$label]: no server at $server" >&2; exit 2; }
command -v "$nvim" >/dev/null || { echo "ERROR [$label]: nvim not found: $nvim" >&2; exit 2; }
json_out=${json:+$(realpath -m "$json")}

nb_tmp() { # NAME: tmp=a new temp dir nianbao-NAME.XXXXXX with ws/ in it, removed at exit unless --keep
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-$1.XXXXXX")
  [ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/ws"
}

nb_env() { # [NAME=VALUE...] COMMAND...: COMMAND with the XDG dirs and the Neovim log in $tmp,
  # NB_SERVER and NB_JSON (later NAME=VALUE win) in its environment
  env XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
    XDG_CACHE_HOME="$tmp/cache" NVIM_LOG_FILE="$tmp/nvim.log" \
    NB_SERVER="$server" NB_JSON="$json_out" "$@"
}

nb_nvim() { # LUA_TEST [NAME=VALUE...]: editors/nvim/test/LUA_TEST in a headless nvim with no user
  # config and the plugin first on 'runtimepath'
  local test=$1; shift
  nb_env "$@" "$nvim" --headless -u NONE -i NONE -n --cmd "set rtp^=$plugin" -c "luafile $here/$test" </dev/null
}
