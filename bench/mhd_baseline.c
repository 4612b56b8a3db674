// libmicrohttpd alone, no Swift: serves one file's bytes from memory for every URL, with the
// epoll, turbo and thread-pool flags Driftstatus uses (not its callbacks or suspend/resume).
// bench/run.sh runs it next to Driftstatus and nginx so the table shows the ceiling
// libmicrohttpd itself reaches on this machine in the same run.
//
//   cc -O2 -o mhd_baseline bench/mhd_baseline.c $(pkg-config --cflags --libs libmicrohttpd)
//   ./mhd_baseline FILE THREADS [fd]   prints "listening on http://127.0.0.1:PORT"
//   "fd" serves the bytes from a memfd (sendfile) instead of a buffer.
#define _GNU_SOURCE  // memfd_create
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <microhttpd.h>

static struct MHD_Response *page;

// The keep-alive pattern: answer on the second call, never the first (see platform-facts.md).
static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls) {
    static int marker;
    (void) cls; (void) url; (void) method; (void) version; (void) upload_data;
    if (*con_cls == NULL) { *con_cls = &marker; return MHD_YES; }
    *upload_data_size = 0;
    return MHD_queue_response(connection, MHD_HTTP_OK, page);
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) { fprintf(stderr, "usage: %s FILE THREADS\n", argv[0]); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) { perror(argv[1]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc(size > 0 ? (size_t) size : 1);
    if (bytes == NULL || fread(bytes, 1, (size_t) size, file) != (size_t) size) { perror("read"); return 1; }
    fclose(file);
    if (argc == 4 && strcmp(argv[3], "fd") == 0) {
        int fd = memfd_create("page", 0);
        if (fd < 0 || write(fd, bytes, (size_t) size) != size) { perror("memfd"); return 1; }
        page = MHD_create_response_from_fd((size_t) size, fd);
    } else {
        page = MHD_create_response_from_buffer((size_t) size, bytes, MHD_RESPMEM_PERSISTENT);
    }
    MHD_add_response_header(page, "Content-Type", "text/html; charset=utf-8");

    unsigned int threads = (unsigned int) atoi(argv[2]);
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO;
    struct MHD_Daemon *daemon = threads > 1
        ? MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads,
                           MHD_OPTION_CONNECTION_LIMIT, 4096, MHD_OPTION_END)
        : MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_CONNECTION_LIMIT, 4096, MHD_OPTION_END);
    if (daemon == NULL) { fprintf(stderr, "cannot start\n"); return 1; }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening on http://127.0.0.1:%u\n", info ? info->port : 0);
    fflush(stdout);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int received;
    sigwait(&set, &received);
    MHD_stop_daemon(daemon);
    return 0;
}
