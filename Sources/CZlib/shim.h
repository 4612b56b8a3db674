#ifndef DRIFTSTATUS_CZLIB_SHIM_H
#define DRIFTSTATUS_CZLIB_SHIM_H
#include <zlib.h>
#endif
