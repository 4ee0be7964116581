# tui_timing BIN DB PASSWORD_FILE: times the interface in a private 120x40 tmux: launch to the
# first history screen (the password file's unlock, with scrypt, included), then Page Down,
# End and Home, each from the key to the screen that shows its result. Prints
# "first|pgdn|end|home|rss_kib". Polling the pane adds a few milliseconds to each figure.
tui_timing() {
    T="tmux -L ecpay-bench-$$ -f /dev/null"
    $T kill-server 2>/dev/null || true
    $T new-session -d -x 120 -y 40 "bash --norc"
    sleep 0.5
    wait_for() { n=0; until $T capture-pane -p | grep -q "$1"; do sleep 0.002; n=$((n+1)); [ $n -gt 10000 ] && return 1; done; return 0; }
    start=$(date +%s%N)
    $T send-keys "SWIFT_BACKTRACE=interactive=no $1 --db $2 --lang en --password-file $3 --screen history" Enter
    wait_for "row 1 of" ; first=$(( ($(date +%s%N) - start) / 1000000 ))
    s=$(date +%s%N); $T send-keys NPage; wait_for "row [2-9][0-9] of"; pgdn=$(( ($(date +%s%N) - s) / 1000000 ))
    s=$(date +%s%N); $T send-keys End; wait_for 'row \([0-9]*\) of \1'; end=$(( ($(date +%s%N) - s) / 1000000 ))
    s=$(date +%s%N); $T send-keys Home; wait_for "row 1 of"; home=$(( ($(date +%s%N) - s) / 1000000 ))
    rss=$(grep VmRSS "/proc/$(pgrep -n -x ecpay)/status" | awk '{print $2}')
    $T kill-server
    echo "$first|$pgdn|$end|$home|$rss"
}
