#include <zlib.h>

/* inflateInit2 is a macro (it passes the library version and the stream size), which Swift cannot import. */
static inline int specguard_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}

/* deflateInit2 is a macro too (used by tests to make gzip and zlib bodies). */
static inline int specguard_deflate_init(z_stream *stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}
