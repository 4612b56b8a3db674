#ifndef DRIFTSTATUS_CMICROHTTPD_SHIM_H
#define DRIFTSTATUS_CMICROHTTPD_SHIM_H
// microhttpd.h expects these system headers to be included first.
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

// MHD_get_connection_info and MHD_get_daemon_info are variadic, so Swift cannot call them.
// These non-variadic wrappers ask for the one field each that HTTPServer needs.

/// The client's socket address, or NULL when MHD does not know it.
static inline const struct sockaddr *driftstatus_mhd_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}

/// The port the daemon is bound to (useful after asking for port 0), or 0 when unknown.
static inline uint16_t driftstatus_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/// The HTTP status queued on the connection (also when libmicrohttpd answered by itself, e.g.
/// 431), or 0 when no response has been queued.
static inline unsigned int driftstatus_mhd_queued_status(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_HTTP_STATUS);
    return info == NULL ? 0 : info->http_status;
}

#endif
