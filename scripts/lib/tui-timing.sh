# tui_timing BIN DB PASSWORD_FILE: times the interface in a private 120x40 tmux: launch to the
# first history screen (the password file's unlock, with scrypt, included), then, each from the
# key to the screen that shows its result: Page Down, End, Home, a jump to a month in the
# middle of the history and a Page Down there, a type filter (payments), a search (/星巴克)
# and the next match (n). Prints "first|pgdn|end|home|month|deep|filter|search|next|rss_kib".
# Polling the pane adds a few milliseconds to each figure.
tui_timing() {
    T="tmux -L ecpay-bench-$$ -f /dev/null"
    $T kill-server 2>/dev/null || true
    $T new-session -d -x 120 -y 40 "bash --norc"
    sleep 0.5
    wait_for() { n=0; until $T capture-pane -p | grep -q -- "$1"; do sleep 0.002; n=$((n+1)); [ $n -gt 10000 ] && return 1; done; return 0; }
    since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
    start=$(date +%s%N)
    $T send-keys "SWIFT_BACKTRACE=interactive=no $1 --db $2 --lang en --password-file $3 --screen history" Enter
    wait_for "row 1 of" ; first=$(since "$start")
    s=$(date +%s%N); $T send-keys NPage; wait_for "row [2-9][0-9] of"; pgdn=$(since "$s")
    s=$(date +%s%N); $T send-keys End; wait_for 'row \([0-9]*\) of \1'; end=$(since "$s")
    s=$(date +%s%N); $T send-keys Home; wait_for "row 1 of"; home=$(since "$s")
    $T send-keys m; $T send-keys -l "2023-06"; sleep 0.2
    s=$(date +%s%N); $T send-keys Enter; wait_for "── 2023-06"; month=$(since "$s")
    row=$($T capture-pane -p | grep -o "row [0-9]* of" | head -1)
    s=$(date +%s%N); $T send-keys NPage; n=0; while $T capture-pane -p | grep -q "$row"; do sleep 0.002; n=$((n+1)); [ $n -gt 10000 ] && break; done; deep=$(since "$s")
    $T send-keys f; wait_for "Apply"; $T send-keys Space; wait_for "Will show: payment"
    s=$(date +%s%N); $T send-keys Enter; wait_for "Filter: payment"; wait_for "row 1 of [0-9]"; filter=$(since "$s")
    $T send-keys c; wait_for "Filter cleared"; $T send-keys /; $T send-keys -l "星巴克"; sleep 0.2
    s=$(date +%s%N); $T send-keys Enter; wait_for "/星巴克  row"; search=$(since "$s")
    row=$($T capture-pane -p | grep -o "row [0-9]* of" | head -1)
    s=$(date +%s%N); $T send-keys n; n=0; while $T capture-pane -p | grep -q "$row"; do sleep 0.002; n=$((n+1)); [ $n -gt 10000 ] && break; done; next=$(since "$s")
    rss=$(grep VmRSS "/proc/$(pgrep -n -x ecpay)/status" | awk '{print $2}')
    $T kill-server
    echo "$first|$pgdn|$end|$home|$month|$deep|$filter|$search|$next|$rss"
}
