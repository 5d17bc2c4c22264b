#!/usr/bin/env python3
"""Where a load generator's CPU goes, by cause, from `perf script -F comm,tid,ip,sym,dso` output.

    perf-causes.py PERF_SCRIPT_TXT THREAD_PREFIX MICROS_PER_REQUEST

Takes the samples of the threads whose name starts with THREAD_PREFIX (perfharness: "loadgen-",
wrk: "wrk"), gives each sample one cause (walking its stack from the leaf up, the first frame that
matches a cause's pattern decides), and turns the shares into µs per request by scaling with
MICROS_PER_REQUEST (those threads' user + sys CPU time per request, measured apart from perf).
Each cause is split into kernel time (the leaf frame is in the kernel) and user time (JIT code,
the JVM, the interpreter, libc, JNI libraries). Prints a Markdown table.
"""
import collections
import re
import sys

CAUSES = [  # (cause, pattern on one frame); order matters within a frame only
    ('wait for events (epoll_wait + sleep/wake-up)', r'epoll_pwait|epoll_wait|epollWait|aeApiPoll|io_uring_enter|IoUringIoHandler\.run'),
    ('connect (socket connect, TCP handshake)', r'Socket\.connect|__libc_connect|\bconnect$|doConnect|socket_connect'),
    ('finish connect (SO_ERROR, peer/local address)', r'finishConnect|doFinishConnect|getsockopt|getpeername|getsockname|remoteAddress|localAddress'),
    ('close (FIN, deregister)', r'doClose|\.close\(|__close|__libc_close|closeRetired|Socket\.close|sock_close|socket_close|reconnect_socket'),
    ('new socket / channel / pipeline / register', r'newSocketStream|EpollSocketChannel\.<init>|IoUringSocketChannel\.<init>|newChannel|register|prepareSpare|__socket|\bsocket$|setsockopt|fcntl'),
    ('epoll_ctl (interest changes)', r'epoll_ctl|epollCtl|modifyEvents|aeCreateFileEvent|aeDeleteFileEvent'),
    ('write request (send)', r'__send|writeAndFlush|doWrite|sendto|__libc_write|socket_writeable'),
    ('read response (recv)', r'recvfrom|__recv|doReadBytes|__libc_read|sock_read|socket_readable|epollInReady|fireChannelRead|ResponseReader'),
    ('parse response', r'ResponseParser|http_parser'),
    ('record latency', r'Recorder|Histogram|record_rate|hdr_record'),
    ('timers, tasks, event dispatch', r'runAllTasks|ScheduledFutureTask|ScheduledEventExecutor|processReady|EpollIoHandler\.run|aeProcessEvents'),
]


def samples(path):
    comm, frames = None, []
    for line in open(path, errors='replace'):
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            comm, frames = line.split()[0], []
        elif comm is not None:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else '')
    if comm is not None:
        yield comm, frames


def kernel(frames):
    return bool(frames) and ('kernel' in frames[0] or '[k]' in frames[0])


def cause(frames):
    for f in frames:
        for name, rx in CAUSES:
            if re.search(rx, f):
                return name
    return 'other (JVM, GC safepoints, unattributed)'


def main():
    path, prefix, per_request = sys.argv[1], sys.argv[2], float(sys.argv[3])
    picked = [(c, f) for c, f in samples(path) if c.startswith(prefix)]
    if not picked:
        sys.exit(f'no samples of threads named {prefix}*')
    n = len(picked)
    k, u = collections.Counter(), collections.Counter()
    for _, f in picked:
        (k if kernel(f) else u)[cause(f)] += 1
    print(f'{n} samples of {prefix}* threads; {per_request:.1f} µs CPU per request')
    print('| cause | µs/req | kernel | user |')
    print('|---|---:|---:|---:|')
    for name in sorted(set(k) | set(u), key=lambda x: -(k[x] + u[x])):
        t = (k[name] + u[name]) / n * per_request
        print(f'| {name} | {t:.1f} | {k[name] / n * per_request:.1f} | {u[name] / n * per_request:.1f} |')
    print(f'| total | {per_request:.1f} | {sum(k.values()) / n * per_request:.1f} | {sum(u.values()) / n * per_request:.1f} |')


if __name__ == '__main__':
    main()
