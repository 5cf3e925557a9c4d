#include <yaml.h>
#include <stddef.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The line scans of the two-part YAML reading (YAMLSplitReader), 16 bytes at a time where SSE2 is there: a byte at
   a time in Swift they took about 3 ms of a 3 MB spec, before either part could start. */

/* How many `\n` bytes `bytes` holds. */
static inline long specguard_yaml_count_newlines(const unsigned char *bytes, long count) {
    long lines = 0, index = 0;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    for (; index + 16 <= count; index += 16) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
        lines += __builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, newline)));
    }
#endif
    for (; index < count; index++) lines += bytes[index] == '\n';
    return lines;
}

/* Moves *index (at the start of line *line) to the start of line `target`, or to the end of the text; returns 0,
   stopping there, at a line break libyaml counts that `\n` counting would not (`\r`, NEL, LS, PS) or at a document
   marker (`---` or `...` at a line start). A 16-byte chunk without any of their first bytes, whose line breaks do
   not reach `target`, is passed in one step; any other is looked at byte by byte. */
static inline int specguard_yaml_advance_lines(const unsigned char *bytes, long count, long *index_, long *line_, long target) {
    long index = *index_, line = *line_;
    int ok = 1;
    while (index < count && line < target) {
#if defined(__SSE2__)
        if (index >= 1 && index + 16 <= count) {
            __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + index));
            __m128i before = _mm_loadu_si128((const __m128i *)(bytes + index - 1));
            __m128i breaks = _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n'));
            __m128i lineStarts = _mm_cmpeq_epi8(before, _mm_set1_epi8('\n'));
            __m128i markers = _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('-')), _mm_cmpeq_epi8(chunk, _mm_set1_epi8('.')));
            __m128i special = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(0x0D)), _mm_cmpeq_epi8(chunk, _mm_set1_epi8((char)0xC2))),
                _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8((char)0xE2)), _mm_and_si128(lineStarts, markers)));
            if (_mm_movemask_epi8(special) == 0) {
                long passed = __builtin_popcount((unsigned)_mm_movemask_epi8(breaks));
                if (line + passed < target) {
                    line += passed;
                    index += 16;
                    continue;
                }
            }
        }
#endif
        long end = index + 16 < count ? index + 16 : count;
        while (index < end && line < target) {
            unsigned char byte = bytes[index];
            if (byte == 0x0A) {
                line += 1;
            } else if (byte == 0x0D) {
                ok = 0;
            } else if (byte == 0xC2) {
                if (index + 1 < count && bytes[index + 1] == 0x85) ok = 0;
            } else if (byte == 0xE2) {
                if (index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)) ok = 0;
            } else if (byte == '-' || byte == '.') {
                if ((index == 0 || bytes[index - 1] == 0x0A) && index + 2 < count && bytes[index + 1] == byte && bytes[index + 2] == byte) ok = 0;
            }
            if (!ok) break;
            index += 1;
        }
        if (!ok) break;
    }
    *index_ = index;
    *line_ = line;
    return ok;
}
