/*
 * The benchmark's workloads in C, making the system calls our Java API makes for them (see
 * README, Benchmarks): the closest thing to the kernel's own limit that can be measured.
 *
 *   cbench w1|w1s|w2|w3|w4|w5 [--ops N] [--warmup S] [--measure S] [--w2-gib G]
 *   cbench w7 [--ops N] [--warmup S] [--measure S] [-- PEER COMMAND...]
 *
 * prints, like the Java side,
 *   RESULT WORKLOAD c OPS SECONDS RATE UNIT ALLOC USER_SECONDS SYS_SECONDS
 * where USER/SYS are this process's CPU time over the measured window (getrusage), and ALLOC
 * is nan (nothing is allocated per operation).
 *
 * Calls, per operation, as ours makes them on a platform thread with no timeout: a small
 * receive is one blocking recv(2); a send is one send(2) with MSG_DONTWAIT | MSG_NOSIGNAL
 * (ours tries first and would wait only on EAGAIN, which a ready socket never gives); bulk
 * transfers from native memory are blocking calls; every descriptor is close-on-exec.
 * W7 is a one-thread epoll server: every connection registered once, edge-triggered for
 * both directions, and drained until EAGAIN (recv, send, recv -> EAGAIN per round trip).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define SEND_NOW (MSG_DONTWAIT | MSG_NOSIGNAL)

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

struct cpu {
    double user, sys;
};

static struct cpu cpu_now(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    struct cpu c = {u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6, u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6};
    return c;
}

/* How long to run: warm up then measure (timed), or exactly ops operations (syscall counts). */
struct plan {
    double warmup, measure;
    long ops;
};

struct measured {
    long ops;
    double seconds;
    struct cpu cpu0, cpu1;
};

static void report(const char *w, struct measured m, double rate, const char *unit) {
    printf("RESULT %s c %ld %.6f %.4f %s nan %.6f %.6f\n", w, m.ops, m.seconds, rate, unit,
           m.cpu1.user - m.cpu0.user, m.cpu1.sys - m.cpu0.sys);
    fflush(stdout);
}

/* Runs op as planned, timing each operation's end as the Java loop does (a clock read per op). */
static struct measured loop(struct plan p, void (*op)(void *), void *arg) {
    struct measured m = {0};
    if (p.ops > 0) {
        double t0 = now();
        for (long i = 0; i < p.ops; i++) {
            op(arg);
        }
        m.ops = p.ops;
        m.seconds = now() - t0;
        return m;
    }
    double warm_end = now() + p.warmup;
    while (now() < warm_end) {
        op(arg);
    }
    m.cpu0 = cpu_now();
    double start = now(), end = start + p.measure, t;
    long n = 0;
    do {
        op(arg);
        n++;
    } while ((t = now()) < end);
    m.cpu1 = cpu_now();
    m.ops = n;
    m.seconds = t - start;
    return m;
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int tcp_listener(int backlog, int flags) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
    if (l < 0) die("socket");
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = loopback(0);
    if (bind(l, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(l, backlog) < 0) die("listen");
    return l;
}

static int accept_one(int l) {
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    int s = accept4(l, (struct sockaddr *) &peer, &len, SOCK_CLOEXEC);
    return s;
}

static void tcp_pair(int nodelay, int *c, int *s) {
    int l = tcp_listener(1, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(l, (struct sockaddr *) &a, &len);
    *c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*c < 0 || connect(*c, (struct sockaddr *) &a, len) < 0) die("connect");
    *s = accept_one(l);
    if (*s < 0) die("accept4");
    close(l);
    if (nodelay) {
        int one = 1;
        setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(*s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
}

/* ---- ping-pong (W1, W4, W5) ---- */

struct pingpong {
    int c, s, size, datagram;
    char buf[64];
};

static void *echo(void *arg) {
    struct pingpong *p = arg;
    char b[64];
    for (;;) {
        ssize_t n = recv(p->s, b, p->size, 0);
        if (n <= 0 || (p->datagram && n == 1 && b[0] == 0)) {
            break; /* end of stream, or the stop datagram */
        }
        if (send(p->s, b, p->size, SEND_NOW) < 0) die("send (echo)");
    }
    close(p->s);
    return NULL;
}

static void round_trip(void *arg) {
    struct pingpong *p = arg;
    if (send(p->c, p->buf, p->size, SEND_NOW) < 0) die("send");
    int got = 0;
    while (got < p->size) {
        ssize_t n = recv(p->c, p->buf + got, p->size - got, 0);
        if (n <= 0) die("recv");
        if (p->datagram) break;
        got += n;
    }
}

static struct measured ping_pong(struct plan plan, struct pingpong *p) {
    pthread_t t;
    pthread_create(&t, NULL, echo, p);
    p->buf[0] = 1;
    struct measured m = loop(plan, round_trip, p);
    if (p->datagram) {
        char stop = 0;
        send(p->c, &stop, 1, SEND_NOW);
    } else {
        shutdown(p->c, SHUT_WR);
    }
    pthread_join(t, NULL);
    close(p->c);
    return m;
}

static struct measured w1(struct plan plan) {
    struct pingpong p = {.size = 1};
    tcp_pair(1, &p.c, &p.s);
    return ping_pong(plan, &p);
}

static struct measured w4(struct plan plan) {
    struct pingpong p = {.size = 64, .datagram = 1};
    int a = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), b = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in aa = loopback(0), ba = loopback(0);
    socklen_t len = sizeof aa;
    if (bind(a, (struct sockaddr *) &aa, len) < 0 || bind(b, (struct sockaddr *) &ba, len) < 0) die("bind");
    getsockname(a, (struct sockaddr *) &aa, &len);
    getsockname(b, (struct sockaddr *) &ba, &len);
    if (connect(a, (struct sockaddr *) &ba, len) < 0 || connect(b, (struct sockaddr *) &aa, len) < 0) die("connect");
    p.c = a;
    p.s = b;
    return ping_pong(plan, &p);
}

static struct measured w5(struct plan plan) {
    struct pingpong p = {.size = 1};
    char dir[] = "/tmp/cbench-XXXXXX";
    if (!mkdtemp(dir)) die("mkdtemp");
    struct sockaddr_un u;
    memset(&u, 0, sizeof u);
    u.sun_family = AF_UNIX;
    snprintf(u.sun_path, sizeof u.sun_path, "%s/w5-c.sock", dir);
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (bind(l, (struct sockaddr *) &u, sizeof u) < 0 || listen(l, 1) < 0) die("bind/listen (unix)");
    p.c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(p.c, (struct sockaddr *) &u, sizeof u) < 0) die("connect (unix)");
    p.s = accept_one(l);
    if (p.s < 0) die("accept4 (unix)");
    close(l);
    unlink(u.sun_path);
    rmdir(dir);
    return ping_pong(plan, &p);
}

/* ---- W2 bulk ---- */

#define CHUNK (64 << 10)

struct bulk {
    int s;
    long warm, total;
    double start;
    struct cpu cpu0;
};

static void *bulk_reader(void *arg) {
    struct bulk *b = arg;
    static char in[CHUNK];
    long got = 0;
    while (got < b->total) {
        ssize_t n = recv(b->s, in, CHUNK, 0);
        if (n <= 0) break;
        if (got < b->warm && got + n >= b->warm) {
            b->start = now();
            b->cpu0 = cpu_now();
        }
        got += n;
    }
    return NULL;
}

static struct measured w2(long warm, long bytes) {
    int c, s;
    tcp_pair(0, &c, &s);
    struct bulk b = {.s = s, .warm = warm, .total = warm + bytes};
    pthread_t t;
    pthread_create(&t, NULL, bulk_reader, &b);
    static char out[CHUNK];
    for (long sent = 0; sent < b.total; sent += CHUNK) {
        for (long off = 0; off < CHUNK;) { /* sendall: blocking sends from native memory */
            ssize_t n = send(c, out + off, CHUNK - off, MSG_NOSIGNAL);
            if (n < 0) die("send");
            off += n;
        }
    }
    pthread_join(t, NULL);
    struct measured m = {.ops = bytes, .seconds = now() - b.start, .cpu0 = b.cpu0, .cpu1 = cpu_now()};
    close(c);
    close(s);
    return m;
}

/* ---- W3 connect/accept/close ---- */

struct conns {
    int l;
    struct sockaddr_in addr;
};

static void *acceptor(void *arg) {
    struct conns *k = arg;
    for (;;) {
        int s = accept_one(k->l);
        if (s < 0) break; /* the listener was shut down: done */
        close(s);
    }
    return NULL;
}

static void connect_close(void *arg) {
    struct conns *k = arg;
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c < 0 || connect(c, (struct sockaddr *) &k->addr, sizeof k->addr) < 0) die("connect");
    close(c);
}

static struct measured w3(struct plan plan) {
    struct conns k;
    k.l = tcp_listener(SOMAXCONN, 0);
    socklen_t len = sizeof k.addr;
    getsockname(k.l, (struct sockaddr *) &k.addr, &len);
    pthread_t t;
    pthread_create(&t, NULL, acceptor, &k);
    struct measured m = loop(plan, connect_close, &k);
    shutdown(k.l, SHUT_RDWR); /* wakes the acceptor, as our close() does */
    pthread_join(t, NULL);
    close(k.l);
    return m;
}

/* ---- W7: one-thread epoll echo server ----
 * With a peer command (timed), the load is this process's child: its MEASURING and PEER7 lines
 * open and close the window. Without (syscall counting), it prints PORT and serves until every
 * connection has been closed. */

#define MAX_EVENTS 256
#define PEER_TAG (-2L)
#define LISTENER_TAG (-1L)

static void w7(double warmup, double measure, char **peer_cmd, int connections) {
    int l = tcp_listener(SOMAXCONN, SOCK_NONBLOCK);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(l, (struct sockaddr *) &a, &len);
    int port = ntohs(a.sin_port);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t) LISTENER_TAG};
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) < 0) die("epoll");

    int peer_out = -1;
    pid_t peer = 0;
    if (peer_cmd) { /* timed: the load is this process's child; its lines open and close the window */
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0) die("pipe2");
        int n = 0;
        while (peer_cmd[n]) n++;
        char **argv = calloc(n + 5, sizeof *argv);
        char sport[16], sconns[16], swarm[32], smeasure[32];
        snprintf(sport, sizeof sport, "%d", port);
        snprintf(sconns, sizeof sconns, "%d", connections);
        snprintf(swarm, sizeof swarm, "%g", warmup);
        snprintf(smeasure, sizeof smeasure, "%g", measure);
        memcpy(argv, peer_cmd, n * sizeof *argv);
        argv[n] = sport;
        argv[n + 1] = sconns;
        argv[n + 2] = swarm;
        argv[n + 3] = smeasure;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        if (posix_spawnp(&peer, argv[0], &fa, NULL, argv, environ) != 0) die("posix_spawnp (peer)");
        close(fds[1]);
        peer_out = fds[0];
        ev.events = EPOLLIN;
        ev.data.u64 = (uint64_t) PEER_TAG;
        epoll_ctl(ep, EPOLL_CTL_ADD, peer_out, &ev);
    } else {
        printf("PORT %d\n", port);
        fflush(stdout);
    }

    struct epoll_event events[MAX_EVENTS];
    char line[512];
    size_t line_len = 0;
    struct cpu cpu0 = {0};
    int accepted = 0, closed = 0, peer_done = peer_out < 0;
    while (closed < connections || !peer_done) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            long tag = (long) events[i].data.u64;
            if (tag == LISTENER_TAG) {
                for (;;) {
                    struct sockaddr_storage from;
                    socklen_t flen = sizeof from;
                    int s = accept4(l, (struct sockaddr *) &from, &flen, SOCK_CLOEXEC | SOCK_NONBLOCK);
                    if (s < 0) break;
                    struct epoll_event cev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.u64 = (uint64_t) s};
                    epoll_ctl(ep, EPOLL_CTL_ADD, s, &cev);
                    if (++accepted == connections) {
                        epoll_ctl(ep, EPOLL_CTL_DEL, l, NULL);
                        close(l);
                    }
                }
            } else if (tag == PEER_TAG) {
                ssize_t r = read(peer_out, line + line_len, sizeof line - 1 - line_len);
                if (r <= 0) {
                    peer_done = 1;
                    epoll_ctl(ep, EPOLL_CTL_DEL, peer_out, NULL);
                    continue;
                }
                line_len += r;
                line[line_len] = 0;
                char *nl;
                while ((nl = strchr(line, '\n'))) {
                    *nl = 0;
                    if (strcmp(line, "MEASURING") == 0) {
                        cpu0 = cpu_now();
                    } else if (strncmp(line, "PEER7 ", 6) == 0) {
                        struct cpu cpu1 = cpu_now();
                        long rts;
                        double secs;
                        sscanf(line + 6, "%ld %lf", &rts, &secs);
                        printf("RESULT w7 c %ld %.6f %.1f rt/s nan %.6f %.6f\n", rts, secs, rts / secs,
                               cpu1.user - cpu0.user, cpu1.sys - cpu0.sys);
                        fflush(stdout);
                    }
                    size_t rest = line_len - (nl + 1 - line);
                    memmove(line, nl + 1, rest + 1);
                    line_len = rest;
                }
            } else {
                int s = (int) tag;
                if (!(events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) continue;
                char b;
                for (;;) { /* edge-triggered: until EAGAIN */
                    ssize_t r = recv(s, &b, 1, 0);
                    if (r == 1) {
                        send(s, &b, 1, MSG_NOSIGNAL);
                        continue;
                    }
                    if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                        if (errno == EINTR) continue;
                        break;
                    }
                    close(s); /* end of stream or an error: the peer is gone */
                    closed++;
                    break;
                }
            }
        }
    }
    if (peer) {
        int status;
        waitpid(peer, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "the W7 peer failed\n");
            exit(1);
        }
    }
    close(ep);
}

/* ---- main ---- */

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: cbench w1|w1s|w2|w3|w4|w5|w7 [--ops N] [--warmup S] [--measure S] [--w2-gib G] [-- PEER...]\n");
        return 2;
    }
    const char *w = argv[1];
    int is_w7 = strcmp(w, "w7") == 0;
    struct plan plan = {.warmup = is_w7 ? 3 : 2, .measure = is_w7 ? 5 : 4, .ops = 0};
    double w2_gib = 2;
    char **peer_cmd = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            peer_cmd = argv + i + 1;
            break;
        } else if (i + 1 < argc && strcmp(argv[i], "--ops") == 0) {
            plan.ops = atol(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--warmup") == 0) {
            plan.warmup = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--measure") == 0) {
            plan.measure = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--w2-gib") == 0) {
            w2_gib = atof(argv[++i]);
        } else {
            fprintf(stderr, "cbench: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    struct measured m;
    if (strcmp(w, "w1") == 0 || strcmp(w, "w1s") == 0) { /* the seed's idiom is W1's calls in C */
        m = w1(plan);
        report(w, m, m.ops / m.seconds, "rt/s");
    } else if (strcmp(w, "w2") == 0) {
        long g = 1L << 30;
        m = plan.ops > 0 ? w2(0, plan.ops) : w2((long) (w2_gib * g / 4), (long) (w2_gib * g));
        report(w, m, m.ops / m.seconds / g, "GiB/s");
    } else if (strcmp(w, "w3") == 0) {
        m = w3(plan);
        report(w, m, m.ops / m.seconds, "conn/s");
    } else if (strcmp(w, "w4") == 0) {
        m = w4(plan);
        report(w, m, m.ops / m.seconds, "rt/s");
    } else if (strcmp(w, "w5") == 0) {
        m = w5(plan);
        report(w, m, m.ops / m.seconds, "rt/s");
    } else if (is_w7) {
        const char *c = getenv("W7_CONNECTIONS");
        w7(plan.warmup, plan.measure, plan.ops > 0 ? NULL : peer_cmd, c ? atoi(c) : 10000);
    } else {
        fprintf(stderr, "cbench: unknown workload %s\n", w);
        return 2;
    }
    return 0;
}
