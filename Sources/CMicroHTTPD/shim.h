#ifndef DRIFTSTATUS_CMICROHTTPD_SHIM_H
#define DRIFTSTATUS_CMICROHTTPD_SHIM_H
// microhttpd.h expects these system headers to be included first.
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>
#endif
