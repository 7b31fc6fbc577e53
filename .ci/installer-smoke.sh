#!/usr/bin/env bash
# Smoke test of the installers, as root, after `./mvnw -B -Pinstaller package` has built them:
#   1. apt-get installs installer/target/packages/parley_*.deb and parley-server_*.deb;
#   2. starts the installed parley-server.service (its ExecStart as its User= when systemd is not
#      running, as in CI) and checks it runs as the service user with its data in /var/lib/parley;
#      signs up two users and sends a message through it with the client bundle's parley-cli;
#   3. starts the installed client as its desktop entry does, under Xvfb, and checks that the login
#      window appears and is drawn; saves a screenshot.
# Prints one line starting with "installer-smoke: FAILED:" and exits 1 on any failure.
# Environment: PARLEY_PACKAGES (where the .debs are), PARLEY_SMOKE_OUT (logs and screenshot).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=${PARLEY_PACKAGES:-installer/target/packages}
OUT=$(mkdir -p "${PARLEY_SMOKE_OUT:-installer/target/smoke}" && cd "${PARLEY_SMOKE_OUT:-installer/target/smoke}" && pwd)
UNIT=/lib/systemd/system/parley-server.service
SERVER_WAIT=${PARLEY_SMOKE_SERVER_WAIT:-180}
WINDOW_WAIT=${PARLEY_SMOKE_WINDOW_WAIT:-120}
started=$(date +%s)

server_pid=
client_pid=
xvfb_pid=

log() { echo "installer-smoke: [+$(($(date +%s) - started))s] $*"; }

fail() {
    for f in "$OUT"/server.log "$OUT"/cli.log "$OUT"/client.log "$OUT"/xvfb.log; do
        if [ -s "$f" ]; then
            echo "---- last lines of $f" >&2
            tail -n 25 "$f" >&2
        fi
    done
    echo "installer-smoke: FAILED: $*" >&2
    exit 1
}

stop() { # pid, seconds to wait after SIGTERM
    local pid=$1 wait=$2
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    local deadline=$(($(date +%s) + wait))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.5
    done
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$client_pid" 15
    stop "$server_pid" 60
    stop "$xvfb_pid" 5
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

[ "$(id -u)" = 0 ] || fail "run as root (it installs packages)"

shopt -s nullglob
client_debs=("$PACKAGES"/parley_*.deb)
server_debs=("$PACKAGES"/parley-server_*.deb)
shopt -u nullglob
[ ${#client_debs[@]} = 1 ] || fail "expected one parley_*.deb in $PACKAGES, found ${#client_debs[@]} (build: ./mvnw -B -Pinstaller package)"
[ ${#server_debs[@]} = 1 ] || fail "expected one parley-server_*.deb in $PACKAGES, found ${#server_debs[@]}"
client_deb=$(realpath "${client_debs[0]}")
server_deb=$(realpath "${server_debs[0]}")

# ---- 1. install
export DEBIAN_FRONTEND=noninteractive
log "installing $(basename "$client_deb") and $(basename "$server_deb")"
timeout 300 apt-get update -qq >"$OUT/apt.log" 2>&1 || log "apt-get update failed; going on with the package lists there are"
# An earlier install (a rerun on the same machine) goes first: a rebuilt package of the same
# version must replace it, and its removal scripts get run too.
for pkg in parley parley-server; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q ' installed$'; then
        dpkg --remove "$pkg" >>"$OUT/apt.log" 2>&1 || fail "dpkg --remove $pkg failed (see $OUT/apt.log)"
    fi
done
timeout 600 apt-get install -y -qq "$client_deb" "$server_deb" >>"$OUT/apt.log" 2>&1 \
    || fail "apt-get install of the packages failed: $(grep -E '^(E:|dpkg:)' "$OUT/apt.log" | tail -n 3 | tr '\n' ' ')"
timeout 600 apt-get install -y -qq --no-install-recommends xvfb x11-utils imagemagick >>"$OUT/apt.log" 2>&1 \
    || fail "could not install xvfb x11-utils imagemagick (see $OUT/apt.log)"

# What the packages set up
getent passwd parley >/dev/null || fail "the server package created no 'parley' user"
[ "$(id -u parley)" -lt 1000 ] || fail "'parley' is not a system user (uid $(id -u parley))"
[ -f "$UNIT" ] || fail "the server package installed no $UNIT"
for u in parley-auth.service parley-broker@.service; do
    [ -f "/lib/systemd/system/$u" ] || fail "the server package installed no /lib/systemd/system/$u"
done
[ -f /etc/parley/stack.env ] || fail "the server package installed no /etc/parley/stack.env"
# The postinst registers it with xdg-desktop-menu, which picks the first of $XDG_DATA_DIRS.
desktop=$(ls /usr/share/applications/parley-*.desktop /usr/local/share/applications/parley-*.desktop 2>/dev/null | head -n 1 || true)
[ -n "$desktop" ] || fail "the client package registered no desktop entry in the applications menu"
grep -q '^Categories=Network;InstantMessaging;' "$desktop" || fail "$desktop lacks Categories=Network;InstantMessaging;"
grep -q '^Icon=/' "$desktop" || fail "$desktop has no icon"

# One version everywhere: the package's (0.1.0~SNAPSHOT-1) is the root pom's (0.1.0-SNAPSHOT).
deb_version=$(dpkg-query -W -f='${Version}' parley-server)
pom_version=${deb_version%-*}
pom_version=${pom_version//\~/-}
[ "$(dpkg-query -W -f='${Version}' parley)" = "$deb_version" ] || fail "client and server packages have different versions"
reported=$(timeout 60 parley-server --version 2>&1 || true)
[ "$reported" = "parley-server $pom_version" ] || fail "parley-server --version said '$reported', expected 'parley-server $pom_version'"
client_jar=$(ls /opt/parley/lib/app/parley.jar 2>/dev/null || true)
[ -n "$client_jar" ] || fail "the client package has no /opt/parley/lib/app/parley.jar"
about=$(unzip -p "$client_jar" org/parley/fx/version.properties 2>/dev/null | sed -n 's/^version=//p' || true)
[ "$about" = "$pom_version" ] || fail "the installed client's About box would say '$about', expected '$pom_version'"
log "installed $deb_version; parley-server --version: $reported; About box: $about"

# ---- 2. the server, as the service would run it
user=$(sed -n 's/^User=//p' "$UNIT")
[ -n "$user" ] && [ "$user" != root ] || fail "$UNIT does not run as a service user (User=$user)"
client_args=()
if [ -d /run/systemd/system ]; then
    log "systemd: starting parley-server.service"
    systemctl restart parley-server.service
    server_unit_pid() { systemctl show -p MainPID --value parley-server.service; }
    ready_line() { journalctl -u parley-server.service -o cat --since "@$started" 2>/dev/null | grep -m 1 '^Parley stack ready:' || true; }
else
    exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
    workdir=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
    smoke_args=
    for port in 8080 61616 61617 8161; do
        if port_in_use "$port"; then
            # Another server holds a default port here: use free ones and tell the client.
            smoke_args="--auth-port 0 --broker-port 0"
            if /opt/parley-server/bin/parley-server stack --help 2>/dev/null | grep -q -- '--console-port'; then
                smoke_args="$smoke_args --console-port 0"
            fi
            break
        fi
    done
    log "no systemd: running the unit's ExecStart as '$user'${smoke_args:+ with $smoke_args}"
    (
        cd "${workdir:-/}"
        while IFS= read -r assignment; do
            export "${assignment?}"
        done < <(sed -n 's/^Environment=//p' "$UNIT")
        set -a
        # shellcheck disable=SC1091 # the installed file, read as systemd's EnvironmentFile= would
        [ ! -f /etc/parley/stack.env ] || . /etc/parley/stack.env
        set +a
        export STACK_ARGS="${STACK_ARGS:-} $smoke_args" USER="$user" LOGNAME="$user"
        eval "set -- $exec_start"
        exec setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
    ) >"$OUT/server.log" 2>&1 &
    server_pid=$!
    server_unit_pid() { echo "$server_pid"; }
    ready_line() { grep -m 1 '^Parley stack ready:' "$OUT/server.log" || true; }
fi

deadline=$(($(date +%s) + SERVER_WAIT))
ready=
while [ -z "$ready" ]; do
    ready=$(ready_line)
    [ -n "$ready" ] && break
    if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
        fail "parley-server stack exited before it was ready"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || fail "parley-server stack not ready after ${SERVER_WAIT}s"
    sleep 1
done
log "$ready"
auth_url=$(sed -E 's/^Parley stack ready: auth ([^ ]+) .*/\1/' <<<"$ready")
data_dir=$(sed -E 's/.*\(data: ([^)]+)\)$/\1/' <<<"$ready")
pid=$(server_unit_pid)
owner=$(ps -o user= -p "$pid" | tr -d ' ')
[ "$owner" = "$user" ] || fail "the server runs as '$owner', not as '$user'"
case "$data_dir" in
    /var/lib/parley/*) ;;
    *) fail "the server keeps its data in $data_dir, not under /var/lib/parley" ;;
esac
[ -d "$data_dir/db" ] || fail "no database under $data_dir"
strays=$(find /var/lib/parley -not -user "$user" -print -quit)
[ -z "$strays" ] || fail "$strays is not owned by '$user'"
log "server runs as '$owner' (pid $pid), data in $data_dir"
if [ "$auth_url" != "http://127.0.0.1:8080" ]; then
    client_args+=("--server=$auth_url")
fi

# Two accounts and a message through the installed server, with the client bundle's parley-cli
# (client-core on the client's runtime): what the jlinked runtimes lack shows up here.
cli=/opt/parley/bin/parley-cli
[ -x "$cli" ] || fail "the client package has no $cli"
suffix=$(date +%s)
alice="smoke-alice-$suffix"
bob="smoke-bob-$suffix"
text="hello from the installed bundles $suffix"
run_cli() { # profile name, arguments...
    local who=$1
    shift
    HOME="$OUT/cli-home" PARLEY_PASSWORD="smoke test password $suffix" \
        timeout 120 "$cli" --server "$auth_url" --profile "$OUT/cli/$who" "$@" >>"$OUT/cli.log" 2>&1
}
rm -rf "$OUT/cli" "$OUT/cli-home" "$OUT/cli.log"
run_cli alice -u "$alice" signup || fail "parley-cli signup failed against the installed server (see $OUT/cli.log)"
run_cli bob -u "$bob" signup || fail "parley-cli signup of a second user failed (see $OUT/cli.log)"
run_cli alice -u "$alice" send --to "$bob" "$text" || fail "parley-cli send failed (see $OUT/cli.log)"
run_cli bob -u "$bob" receive --timeout 5 || fail "parley-cli receive failed (see $OUT/cli.log)"
grep -q "$alice: $text" "$OUT/cli.log" || fail "the message sent through the installed server did not arrive (see $OUT/cli.log)"
log "parley-cli: $alice -> $bob delivered through the installed server"

# ---- 3. the client, as a double-click on its menu entry starts it
display=
for n in $(seq 99 130); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then
        display=":$n"
        break
    fi
done
[ -n "$display" ] || fail "no free X display number"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
xvfb_pid=$!
deadline=$(($(date +%s) + 20))
until xdpyinfo -display "$display" >/dev/null 2>&1; do
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb $display did not start"
    [ "$(date +%s)" -lt "$deadline" ] || fail "Xvfb $display not up after 20s"
    sleep 0.5
done

launcher=$(sed -n 's/^Exec=//p' "$desktop" | head -n 1)
[ -x "$launcher" ] || fail "the desktop entry's Exec=$launcher is not an executable"
rm -rf "$OUT/home"
mkdir -p "$OUT/home"
log "starting $launcher ${client_args[*]:-} on $display"
env -u XDG_DATA_HOME HOME="$OUT/home" DISPLAY="$display" "$launcher" "${client_args[@]}" >"$OUT/client.log" 2>&1 &
client_pid=$!

screen="$OUT/screen.png"
deadline=$(($(date +%s) + WINDOW_WAIT))
window=
while :; do
    kill -0 "$client_pid" 2>/dev/null || fail "the client exited before showing its window"
    [ "$(date +%s)" -lt "$deadline" ] || fail "no 'Parley' login window after ${WINDOW_WAIT}s"
    # e.g.   0x400007 "Parley": ("org.parley.fx.Launcher" "org.parley.fx.Launcher")  1120x720+0+0  +0+0
    window=$(xwininfo -display "$display" -root -tree 2>/dev/null | grep -m 1 -E '^ +0x[0-9a-f]+ "Parley": \(' || true)
    if [ -n "$window" ]; then
        # Drawn yet? An empty window has a handful of colours; the login screen has text and antialiasing.
        import -display "$display" -window root "$screen" 2>/dev/null || true
        colours=$(identify -format '%k' "$screen" 2>/dev/null || echo 0)
        if [ "$colours" -ge 64 ]; then
            break
        fi
    fi
    sleep 1
done
size=$(grep -oE '[0-9]+x[0-9]+\+' <<<"$window" | head -n 1 | tr -d +)
width=${size%x*}
height=${size#*x}
[ "$width" -ge 640 ] && [ "$height" -ge 480 ] || fail "the Parley window is only ${size}"
log "login window shown: ${window## } ($colours colours)"
# The window alone, for the README (docs/screenshots/installed-app.png), besides the whole screen.
shot="$OUT/installed-app.png"
window_id=$(awk '{print $1}' <<<"$window")
import -display "$display" -window "$window_id" "$shot" 2>/dev/null || cp "$screen" "$shot"
log "screenshots: $shot, $screen"
log "OK: installed client and server packages work"
