// zlib, for the deflated members of .npz archives.
#ifndef DSR_CZLIB_SHIM_H
#define DSR_CZLIB_SHIM_H
#include <zlib.h>
#endif
