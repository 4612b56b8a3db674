// Sign-in attempts with wrong passwords from many loopback source addresses at once: each
// client binds its socket to its own 127.x.y.z (Linux routes all of 127/8 to lo), so per-address
// throttling sees CLIENTS different addresses, as from a botnet. Each client sends one POST
// /admin/login at a time on a fresh connection and waits up to TIMEOUT seconds for the answer.
//
//   cc -O2 -pthread -o signin_flood bench/signin_flood.c
//   ./signin_flood PORT CLIENTS DURATION_SECONDS [TIMEOUT_SECONDS [FIRST_CLIENT]]
//
// FIRST_CLIENT (default 0) numbers the clients from there: a second flood against the same
// server with FIRST_CLIENT=CLIENTS comes from fresh addresses and accounts, not yet throttled.
//
// Prints: attempts N 401 N 429 N 503 N other N timeouts N errors N
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int port, timeout_seconds = 10, first_client = 0;
static double stop_at;
static atomic_long attempts, s401, s429, s503, other, timeouts, errors;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

// One attempt: 0 = answered (status counted), -1 = error or timeout (counted).
static void attempt(int client) {
    client += first_client;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { atomic_fetch_add(&errors, 1); return; }
    struct timeval tv = { .tv_sec = timeout_seconds };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in source = { .sin_family = AF_INET };
    // 127.1.0.1, 127.1.0.2, ...: never 127.0.0.1, which the measuring client uses.
    source.sin_addr.s_addr = htonl((127u << 24) | (1u << 16) | (unsigned) (client + 1));
    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *) &source, sizeof source) != 0
        || connect(fd, (struct sockaddr *) &target, sizeof target) != 0) {
        atomic_fetch_add(&errors, 1); close(fd); return;
    }
    char body[128], request[512];
    int body_length = snprintf(body, sizeof body, "email=attacker%d%%40example.com&password=wrong-%ld", client,
                               (long) atomic_load(&attempts));
    int length = snprintf(request, sizeof request,
        "POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: %d\r\nConnection: close\r\n\r\n%s", body_length, body);
    atomic_fetch_add(&attempts, 1);
    if (write(fd, request, (size_t) length) != length) { atomic_fetch_add(&errors, 1); close(fd); return; }
    char head[64];
    size_t got = 0;
    while (got < 12) {
        ssize_t n = read(fd, head + got, sizeof head - got);
        if (n > 0) { got += (size_t) n; continue; }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) atomic_fetch_add(&timeouts, 1);
        else atomic_fetch_add(&errors, 1);
        close(fd);
        return;
    }
    int status = atoi(head + 9);
    if (status == 401) atomic_fetch_add(&s401, 1);
    else if (status == 429) atomic_fetch_add(&s429, 1);
    else if (status == 503) atomic_fetch_add(&s503, 1);
    else atomic_fetch_add(&other, 1);
    // Read the rest so the server is not left writing into a closed socket.
    char sink[16384];
    while (read(fd, sink, sizeof sink) > 0) {}
    close(fd);
}

static void *run(void *argument) {
    int client = (int) (long) argument;
    while (now() < stop_at) attempt(client);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT CLIENTS DURATION_SECONDS [TIMEOUT_SECONDS]\n", argv[0]);
        return 2;
    }
    port = atoi(argv[1]);
    int clients = atoi(argv[2]);
    double duration = strtod(argv[3], NULL);
    if (argc > 4) timeout_seconds = atoi(argv[4]);
    if (argc > 5) first_client = atoi(argv[5]);
    if (port <= 0 || clients <= 0 || first_client < 0 || clients + first_client > 60000 || duration <= 0) { fprintf(stderr, "signin_flood: bad arguments\n"); return 2; }
    stop_at = now() + duration;
    pthread_t *threads = calloc((size_t) clients, sizeof *threads);
    for (int i = 0; i < clients; i++) pthread_create(&threads[i], NULL, run, (void *) (long) i);
    for (int i = 0; i < clients; i++) pthread_join(threads[i], NULL);
    printf("attempts %ld 401 %ld 429 %ld 503 %ld other %ld timeouts %ld errors %ld\n", atomic_load(&attempts),
           atomic_load(&s401), atomic_load(&s429), atomic_load(&s503), atomic_load(&other), atomic_load(&timeouts),
           atomic_load(&errors));
    return 0;
}
