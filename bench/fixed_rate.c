// Open-loop HTTP/1.1 load at a fixed offered rate, latency counted from each request's scheduled
// time (as wrk2 -R does; wrk2 is not in Debian). wrk sends the next request only when the last
// one returned, so a slow response delays the requests behind it and they are never counted as
// late ("coordinated omission"), and at full saturation its p99 measures queueing. Here request
// k is due at start + k/rate whatever happens: it goes out on the first idle connection (oldest
// idle first, so all connections carry load), and if none is idle it waits, its wait counted.
//
//   gcc -O2 -o fixed_rate bench/fixed_rate.c
//   ./fixed_rate HOST PORT PATH CONNECTIONS RATE DURATION_SECONDS [WARMUP_SECONDS]
//
// Prints, for the requests due after the warmup:
//   requests N achieved_rps R p50 X p90 X p99 X p999 X max X errors E [saturated]
// (milliseconds, 3 decimals). "saturated": the achieved rate fell more than 2% below RATE.
// On stderr: how late requests left this program after their due time (its own share of the
// latency: the machine's scheduling of this process, or no idle connection).
//
// One thread, epoll, non-blocking sockets, TCP_NODELAY, one request in flight per connection
// (keep-alive, no pipelining). Responses need Content-Length; chunked or non-200 stops the run.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define HEADER_LIMIT 16384
#define READ_CHUNK (256 * 1024)

enum phase { IDLE, SENDING, HEADERS, BODY };

struct connection {
    int fd;
    enum phase phase;
    int64_t request;          // index of the request in flight, -1 when idle
    size_t sent;              // bytes of the request written so far
    char header[HEADER_LIMIT];
    size_t header_length;
    size_t body_left;
    int close_after;          // the server said Connection: close
};

static const char *host, *port, *path;
static struct addrinfo *address;
static char request_text[2048];
static size_t request_length;
static int epoll_fd;
static struct connection *connections;
static int connection_count;
static int *idle_ring;        // FIFO of idle connection indexes
static int idle_head, idle_count;
static char scratch[READ_CHUNK];

static void die(const char *what) { perror(what); exit(1); }

static void fail(const char *message, const struct connection *c) {
    fprintf(stderr, "fixed_rate: %s (http://%s:%s%s)\n", message, host, port, path);
    if (c != NULL && c->header_length > 0) {
        fprintf(stderr, "response headers:\n%.*s\n", (int) c->header_length, c->header);
    }
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000 + t.tv_nsec;
}

static void push_idle(int index) {
    idle_ring[(idle_head + idle_count) % connection_count] = index;
    idle_count++;
}

static int pop_idle(void) {
    int index = idle_ring[idle_head];
    idle_head = (idle_head + 1) % connection_count;
    idle_count--;
    return index;
}

static void watch(struct connection *c, uint32_t events, int op) {
    struct epoll_event event = { .events = events, .data.u32 = (uint32_t) (c - connections) };
    if (epoll_ctl(epoll_fd, op, c->fd, &event) != 0) die("epoll_ctl");
}

// Blocking connect (loopback: immediate), then non-blocking for the run.
static void open_connection(struct connection *c) {
    c->fd = socket(address->ai_family, SOCK_STREAM, 0);
    if (c->fd < 0) die("socket");
    int one = 1;
    if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) die("TCP_NODELAY");
    if (connect(c->fd, address->ai_addr, address->ai_addrlen) != 0) die("connect");
    int flags = fcntl(c->fd, F_GETFL);
    if (flags < 0 || fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) != 0) die("O_NONBLOCK");
    c->phase = IDLE;
    c->request = -1;
    c->header_length = 0;
    c->close_after = 0;
    watch(c, EPOLLIN, EPOLL_CTL_ADD);
}

static void reopen(struct connection *c) {
    close(c->fd);  // also removes it from the epoll set
    open_connection(c);
    push_idle((int) (c - connections));
}

// The schedule and what happened to each request.
static double rate;
static int64_t start, total, warm;     // warm: first measured request
static int64_t next_request, finished, measured_done, errors, last_done;
static int64_t *latency, *send_lag;   // per request, ns; -1 when not (yet) known

static int64_t due(int64_t k) { return start + (int64_t) ((double) k * 1e9 / rate); }

static void request_failed(struct connection *c) {
    if (c->request >= warm) errors++;
    finished++;
    reopen(c);
}

static void try_write(struct connection *c) {
    while (c->sent < request_length) {
        ssize_t n = write(c->fd, request_text + c->sent, request_length - c->sent);
        if (n > 0) { c->sent += (size_t) n; continue; }
        if (n < 0 && errno == EAGAIN) { watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD); return; }
        request_failed(c);
        return;
    }
    if (c->phase == SENDING) c->phase = HEADERS;
}

static void send_request(int64_t k, int64_t now) {
    struct connection *c = &connections[pop_idle()];
    c->request = k;
    c->sent = 0;
    c->phase = SENDING;
    c->header_length = 0;
    send_lag[k] = now - due(k);
    try_write(c);
}

static void response_done(struct connection *c) {
    int64_t t = now_ns();
    int64_t k = c->request;
    if (k >= warm) {
        latency[k] = t - due(k);
        measured_done++;
        last_done = t;
    }
    finished++;
    c->request = -1;
    c->phase = IDLE;
    c->header_length = 0;
    if (c->close_after) { reopen(c); return; }
    push_idle((int) (c - connections));
}

// Status line must be 200; the body length must come from Content-Length.
static void parse_headers(struct connection *c, size_t end) {
    c->header[end - 1] = '\0';  // the last '\n' of "\r\n\r\n": the block becomes one C string
    if (strncmp(c->header, "HTTP/1.", 7) != 0) fail("not an HTTP/1.x response", c);
    if (strncmp(c->header + 8, " 200", 4) != 0) fail("status is not 200", c);
    int have_length = 0;
    c->close_after = 0;
    for (char *line = strstr(c->header, "\r\n"); line != NULL && line[2] != '\r';
         line = strstr(line + 2, "\r\n")) {
        char *name = line + 2;
        char *colon = strchr(name, ':');
        char *line_end = strstr(name, "\r\n");
        if (colon == NULL || (line_end != NULL && colon > line_end)) continue;
        char *value = colon + 1;
        while (*value == ' ' || *value == '\t') value++;
        size_t name_length = (size_t) (colon - name);
        size_t value_length = line_end != NULL ? (size_t) (line_end - value) : strlen(value);
        if (name_length == 14 && strncasecmp(name, "Content-Length", 14) == 0) {
            c->body_left = strtoull(value, NULL, 10);
            have_length = 1;
        } else if (name_length == 17 && strncasecmp(name, "Transfer-Encoding", 17) == 0) {
            fail("Transfer-Encoding in the response (chunked is not supported)", c);
        } else if (name_length == 10 && strncasecmp(name, "Connection", 10) == 0 &&
                   value_length >= 5 && strncasecmp(value, "close", 5) == 0) {
            c->close_after = 1;
        }
    }
    if (!have_length) fail("no Content-Length in the response", c);
    c->header[end - 1] = '\n';
}

static char *find_blank_line(char *from, char *to) {
    for (char *p = from; p + 4 <= to; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n') return p;
    }
    return NULL;
}

static void consume(struct connection *c, const char *bytes, size_t n) {
    size_t used = 0;
    if (c->phase == IDLE) fail("bytes arrived with no request in flight", c);
    if (c->phase == SENDING || c->phase == HEADERS) {
        size_t before = c->header_length;
        size_t copy = n < HEADER_LIMIT - before ? n : HEADER_LIMIT - before;
        memcpy(c->header + before, bytes, copy);
        c->header_length += copy;
        used = copy;
        char *blank = find_blank_line(c->header + (before >= 3 ? before - 3 : 0), c->header + c->header_length);
        if (blank == NULL) {
            if (c->header_length == HEADER_LIMIT) fail("response headers over 16 KB", c);
            return;
        }
        size_t end = (size_t) (blank + 4 - c->header);
        parse_headers(c, end);
        size_t extra = c->header_length - end;  // body bytes that were copied with the headers
        c->header_length = end;
        c->phase = BODY;
        if (extra > c->body_left) fail("bytes beyond the response (no pipelining is used)", c);
        c->body_left -= extra;
    }
    size_t rest = n - used;
    if (rest > c->body_left) fail("bytes beyond the response (no pipelining is used)", c);
    c->body_left -= rest;
    if (c->body_left == 0) response_done(c);
}

static void readable(struct connection *c) {
    for (;;) {
        ssize_t n = read(c->fd, scratch, sizeof scratch);
        if (n > 0) {
            consume(c, scratch, (size_t) n);
            if (c->phase == IDLE || (size_t) n < sizeof scratch) return;
            continue;
        }
        if (n < 0 && errno == EAGAIN) return;
        if (n < 0 && errno == EINTR) continue;
        // EOF or reset: an idle keep-alive connection the server closed is reopened; a request
        // in flight has failed.
        if (c->request < 0) reopen(c); else request_failed(c);
        return;
    }
}

static int compare(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

static double percentile_ms(const int64_t *sorted, int64_t n, double p) {
    if (n == 0) return 0;
    int64_t rank = (int64_t) ((double) n * p + 0.999999999);  // nearest rank
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double) sorted[rank - 1] / 1e6;
}

static int64_t gather(const int64_t *values, int64_t *out) {
    int64_t n = 0;
    for (int64_t k = warm; k < total; k++) if (values[k] >= 0) out[n++] = values[k];
    qsort(out, (size_t) n, sizeof *out, compare);
    return n;
}

int main(int argc, char **argv) {
    if (argc != 7 && argc != 8) {
        fprintf(stderr, "usage: %s HOST PORT PATH CONNECTIONS RATE DURATION_SECONDS [WARMUP_SECONDS]\n", argv[0]);
        return 2;
    }
    host = argv[1]; port = argv[2]; path = argv[3];
    connection_count = atoi(argv[4]);
    rate = strtod(argv[5], NULL);
    double duration = strtod(argv[6], NULL);
    double warmup = argc == 8 ? strtod(argv[7], NULL) : 1.0;
    if (connection_count < 1 || rate <= 0 || duration <= 0 || warmup < 0) {
        fprintf(stderr, "fixed_rate: CONNECTIONS, RATE and DURATION must be positive\n");
        return 2;
    }
    // Timer wake-ups exactly at the due time, not up to 50 µs later (the default slack).
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);

    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
    int status = getaddrinfo(host, port, &hints, &address);
    if (status != 0) { fprintf(stderr, "fixed_rate: %s: %s\n", host, gai_strerror(status)); return 1; }
    request_length = (size_t) snprintf(request_text, sizeof request_text,
        "GET %s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: fixed_rate\r\nAccept: */*\r\n\r\n", path, host, port);
    if (request_length >= sizeof request_text) { fprintf(stderr, "fixed_rate: path too long\n"); return 2; }

    total = (int64_t) (rate * (warmup + duration) + 0.5);
    warm = (int64_t) (rate * warmup + 0.5);
    latency = malloc((size_t) total * sizeof *latency);
    send_lag = malloc((size_t) total * sizeof *send_lag);
    connections = calloc((size_t) connection_count, sizeof *connections);
    idle_ring = malloc((size_t) connection_count * sizeof *idle_ring);
    if (latency == NULL || send_lag == NULL || connections == NULL || idle_ring == NULL) die("malloc");
    for (int64_t k = 0; k < total; k++) latency[k] = send_lag[k] = -1;

    epoll_fd = epoll_create1(0);
    int timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (epoll_fd < 0 || timer_fd < 0) die("epoll/timerfd");
    struct epoll_event timer_event = { .events = EPOLLIN, .data.u32 = UINT32_MAX };
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &timer_event) != 0) die("epoll_ctl timer");
    for (int i = 0; i < connection_count; i++) {
        open_connection(&connections[i]);
        push_idle(i);
    }

    start = now_ns() + 10000000;  // 10 ms from now
    // Overloaded servers fall behind the schedule; stop waiting this long after the last due time.
    int64_t drain = (int64_t) ((duration > 10 ? duration : 10) * 1e9);
    int64_t deadline = due(total) + drain;
    int64_t armed = -1;
    struct epoll_event events[256];
    while (finished < total) {
        int64_t now = now_ns();
        if (now > deadline) break;
        while (next_request < total && idle_count > 0 && due(next_request) <= now) {
            send_request(next_request, now);
            next_request++;
        }
        // Wake at the next due time only when a connection is free to take it; otherwise a
        // finishing response wakes us.
        int64_t wake = next_request < total && idle_count > 0 ? due(next_request) : 0;
        if (wake != armed) {
            struct itimerspec when = { .it_value = { .tv_sec = wake / 1000000000, .tv_nsec = wake % 1000000000 } };
            if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &when, NULL) != 0) die("timerfd_settime");
            armed = wake;
        }
        int n = epoll_wait(epoll_fd, events, 256, 100);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; i++) {
            if (events[i].data.u32 == UINT32_MAX) {
                uint64_t expirations;
                if (read(timer_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) die("timerfd read");
                armed = -1;  // fired: re-arm on the next pass even for the same time
                continue;
            }
            struct connection *c = &connections[events[i].data.u32];
            if (events[i].events & EPOLLOUT) {
                try_write(c);
                if (c->sent == request_length && c->request >= 0) watch(c, EPOLLIN, EPOLL_CTL_MOD);
            }
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) readable(c);
        }
    }

    int64_t unfinished = 0;
    for (int64_t k = warm; k < total; k++) if (latency[k] < 0) unfinished++;
    unfinished -= errors;
    int64_t *sorted = malloc((size_t) (total - warm + 1) * sizeof *sorted);
    if (sorted == NULL) die("malloc");
    int64_t n = gather(latency, sorted);
    double elapsed = (double) (last_done - due(warm)) / 1e9;
    if (elapsed < duration) elapsed = duration;
    double achieved = (double) measured_done / elapsed;
    int saturated = achieved < rate * 0.98 || unfinished > 0;
    printf("requests %lld achieved_rps %.0f p50 %.3f p90 %.3f p99 %.3f p999 %.3f max %.3f errors %lld%s",
           (long long) n, achieved, percentile_ms(sorted, n, 0.50), percentile_ms(sorted, n, 0.90),
           percentile_ms(sorted, n, 0.99), percentile_ms(sorted, n, 0.999),
           n > 0 ? (double) sorted[n - 1] / 1e6 : 0.0, (long long) errors, saturated ? " saturated" : "");
    if (unfinished > 0) printf(" unfinished %lld", (long long) unfinished);
    printf("\n");
    int64_t lags = gather(send_lag, sorted);
    fprintf(stderr, "send lag after the due time (ms): p50 %.3f p99 %.3f p999 %.3f max %.3f\n",
            percentile_ms(sorted, lags, 0.50), percentile_ms(sorted, lags, 0.99),
            percentile_ms(sorted, lags, 0.999), lags > 0 ? (double) sorted[lags - 1] / 1e6 : 0.0);
    return 0;
}
