/* glibc's allocator settings (mallopt and its M_* options), which the Glibc module does not bring in. */
#include <malloc.h>
