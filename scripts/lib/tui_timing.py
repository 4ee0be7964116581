#!/usr/bin/env python3
"""Times the ecpay interface in a private tmux, through one tmux control-mode client.

Usage: tui_timing.py BIN DB PASSWORD_FILE [--runs N] [--launch-only] [--trace]

Control mode (tmux -C) keeps one connection open: keys are sent and the pane is read back
over it without starting a process per poll, and tmux reports each burst of pane output
(%output), so a screen is noticed about a millisecond after tmux has it.

Launch: the pane is respawned running ecpay (--screen history, the password file's unlock
included); the time runs from the respawn command to the pane showing "row 1 of". With
ECPAY_TRACE_STARTUP the client also writes its own marks (main, parsed, database, kdf-start,
kdf-done, prefetched, terminal, view, drawn, signed, ready) on the same monotonic clock; --trace prints them relative to the respawn.
Keys: each time runs from sending the key to the pane showing the screen that answers it:
Page Down, End and Home (each --runs times, alternating), a jump to a month and a Page Down
there (--runs months), a type filter, a search (/星巴克) and the next match (--runs times).

Prints one line: "first|pgdn|end|home|month|deep|filter|search|next|rss_kib": milliseconds,
medians where a step was repeated (the first figure: of --runs launches), and the resident
memory after all of it; with --launch-only, the median launch alone.
"""
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time


class Tmux:
    def __init__(self, width=120, height=40):
        self.sock = "ecpay-bench-%d" % os.getpid()
        self.proc = subprocess.Popen(
            ["tmux", "-L", self.sock, "-f", "/dev/null", "-C", "new-session", "-x", str(width), "-y", str(height),
             "bash --norc --noprofile"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.buf = b""
        self.outputs = 0
        self._reply("new-session")   # the reply to the command on tmux's command line
        self.command("refresh-client -C %dx%d" % (width, height))
        # The pane stays when ecpay quits, so that it can be respawned.
        self.command("set-option -g remain-on-exit on")
        self.pane = self.command("display -p '#{pane_id}'")[0]

    def _lines(self, timeout):
        """Yields lines that arrive within `timeout` seconds."""
        end = time.monotonic() + timeout
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                yield line.decode("utf-8", "replace")
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if not r:
                return
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("tmux exited")
            self.buf += chunk

    def command(self, cmd):
        """Runs a tmux command and returns its output lines."""
        self.proc.stdin.write((cmd + "\n").encode())
        return self._reply(cmd)

    def _reply(self, cmd):
        out, inside = [], False
        for line in self._lines(10):
            if line.startswith("%begin"):
                inside = True
                out = []
            elif line.startswith("%end") or line.startswith("%error"):
                if inside:
                    if line.startswith("%error"):
                        raise RuntimeError("tmux: %s: %s" % (cmd, out))
                    return out
            elif inside:
                out.append(line)
            elif line.startswith("%output"):
                self.outputs += 1
        raise RuntimeError("tmux did not answer: " + cmd)

    def wait_output(self, timeout):
        """Waits until the pane has new output (or `timeout` seconds)."""
        before = self.outputs
        for line in self._lines(timeout):
            if line.startswith("%output"):
                self.outputs += 1
            if self.outputs > before and b"\n" not in self.buf:
                return

    def screen(self):
        return "\n".join(self.command("capture-pane -p -t " + self.pane))

    def wait_for(self, pattern, timeout=30, absent=None):
        """Polls the pane until `pattern` matches (and `absent`, when given, no longer does)."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            text = self.screen()
            if rx.search(text) and (absent is None or absent not in text):
                return text
            self.wait_output(0.002)
        raise RuntimeError("timed out waiting for %r; the pane shows:\n%s" % (pattern, self.screen()))

    def keys(self, *keys, literal=False):
        self.command("send-keys -t %s %s%s" % (self.pane, "-l " if literal else "",
                                               " ".join("'%s'" % k for k in keys)))

    def close(self):
        try:
            self.command("kill-server")
        except Exception:
            pass
        self.proc.kill()


def timed(t, action, pattern, absent=None):
    start = time.monotonic_ns()
    action()
    t.wait_for(pattern, absent=absent)
    return (time.monotonic_ns() - start) / 1e6


def launch(t, binary, db, pw, trace_file):
    env = "env SWIFT_BACKTRACE=interactive=no ECPAY_TRACE_STARTUP=%s" % trace_file
    cmd = "exec %s %s --db %s --lang en --password-file %s --screen history" % (env, binary, db, pw)
    if os.path.exists(trace_file):
        os.unlink(trace_file)
    start = time.monotonic_ns()
    t.command("respawn-pane -k -t %s \"%s\"" % (t.pane, cmd))
    t.wait_for(r"row 1 of")
    shown = (time.monotonic_ns() - start) / 1e6
    marks = []
    if os.path.exists(trace_file):
        for line in open(trace_file):
            ns, label = line.split()
            marks.append((label, (int(ns) - start) / 1e6))
    return shown, marks


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    launch_only = "--launch-only" in args
    show_trace = "--trace" in args
    args = [a for a in args if not a.startswith("--")]
    binary, db, pw = args
    trace_file = tempfile.mktemp(prefix="ecpay-trace-")
    t = Tmux()
    try:
        firsts, traces = [], []
        for _ in range(runs):
            shown, marks = launch(t, binary, db, pw, trace_file)
            firsts.append(shown)
            traces.append(marks)
            t.keys("q")
            time.sleep(0.3)
        first = statistics.median(firsts)
        # The unlock's own time: the key derivation's marks (kdf-start, kdf-done) of each launch.
        kdfs = []
        for marks in traces:
            m = dict(marks)
            if "kdf-start" in m and "kdf-done" in m:
                kdfs.append(m["kdf-done"] - m["kdf-start"])
        unlock = statistics.median(kdfs) if kdfs else float("nan")
        if show_trace:
            for shown, marks in zip(firsts, traces):
                print("launch %.1f ms: %s" % (shown, "  ".join("%s %.1f" % m for m in marks)), file=sys.stderr)
        if launch_only:
            print("%.0f|%.0f" % (first, unlock))
            return
        launch(t, binary, db, pw, trace_file)
        pid = t.command("display -p -t %s '#{pane_pid}'" % t.pane)[0]
        med = statistics.median
        pgdn, end, home = [], [], []
        for _ in range(runs):
            pgdn.append(timed(t, lambda: t.keys("NPage"), r"row [2-9][0-9] of"))
            end.append(timed(t, lambda: t.keys("End"), r"row (\d+) of \1\b"))
            home.append(timed(t, lambda: t.keys("Home"), r"row 1 of"))
        months, deeps = [], []
        for month in ["2023-06", "2024-03", "2024-11", "2025-08", "2025-02"][:runs]:
            t.keys("m")
            t.keys(month, literal=True)
            t.wait_for(month)
            # The header and the position line: a whole frame, not one caught half written.
            months.append(timed(t, lambda: t.keys("Enter"), r"(?s)── " + month + r".*row [\d,]+ of"))
            row = re.search(r"row [\d,]+ of", t.screen()).group(0)
            deeps.append(timed(t, lambda: t.keys("NPage"), r"row [\d,]+ of", absent=row))
        t.keys("f")
        t.wait_for("Apply")
        t.keys("Space")
        t.wait_for("Will show: payment")
        filt = timed(t, lambda: t.keys("Enter"), r"(?s)Filter: payment.*row 1 of \d")
        t.keys("c")
        t.wait_for("Filter cleared")
        t.keys("/")
        t.keys("星巴克", literal=True)
        t.wait_for("/星巴克")
        search = timed(t, lambda: t.keys("Enter"), r"/星巴克  row")
        nexts = []
        for _ in range(runs):
            row = re.search(r"row [\d,]+ of", t.screen()).group(0)
            nexts.append(timed(t, lambda: t.keys("n"), r"row \d+ of", absent=row))
        rss = 0
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS"):
                    rss = int(line.split()[1])
        print("%.0f|%.0f|%.1f|%.1f|%.1f|%.1f|%.1f|%.1f|%.1f|%.1f|%d" % (first, unlock, med(pgdn), med(end), med(home), med(months),
                                                                 med(deeps), filt, search, med(nexts), rss))
    finally:
        t.close()
        if os.path.exists(trace_file):
            os.unlink(trace_file)


if __name__ == "__main__":
    main()
