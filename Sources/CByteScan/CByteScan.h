/*
 * Sixteen-byte forms of the byte searches on the validator's hot paths, with SSE2 (part of every x86-64 CPU);
 * elsewhere the same functions are plain loops. Header only and `static inline`, so Swift inlines them where
 * they are called. Swift's own SIMD types were tried first: their lane masks compile to per-lane code or to
 * extra mask conversions in these loops, which these intrinsics do not have.
 *
 * Each search returns an index into `bytes` (or a yes/no); callers pass ranges inside their buffers and keep their
 * own byte-by-byte loops for what is left, so the results are the same with or without SSE2. One function needs
 * SSSE3 (`sg_pairs_skip_nibbles`, compiled for it by a target attribute, so it is not inlined): callers use it only
 * where `sg_cpu_has_ssse3` said the CPU has it, and the SSE2 form otherwise.
 */
#ifndef SPECGUARD_CBYTESCAN_H
#define SPECGUARD_CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <cpuid.h>
#include <tmmintrin.h>
#endif

/* The first index in [start, end) of a byte equal to `a`, `b` or `c`, looking sixteen bytes at a time: either
   the index of such a byte, or the index from which fewer than sixteen bytes are left unsearched (the caller
   searches those). Without SSE2: `start`. */
static inline ptrdiff_t sg_skip_none_of_three(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t end, uint8_t a, uint8_t b,
                                              uint8_t c) {
    ptrdiff_t index = start;
#if defined(__SSE2__)
    const __m128i lanesA = _mm_set1_epi8((char)a), lanesB = _mm_set1_epi8((char)b), lanesC = _mm_set1_epi8((char)c);
    while (index + 16 <= end) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(bytes + index));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, lanesA), _mm_cmpeq_epi8(block, lanesB)),
                                         _mm_cmpeq_epi8(block, lanesC));
        const unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return index + (ptrdiff_t)__builtin_ctz(mask);
        index += 16;
    }
#else
    (void)bytes; (void)end; (void)a; (void)b; (void)c;
#endif
    return index;
}

/* Inside a JSON string, from `start`: the first index in [start, end) whose byte is a quote, a backslash, a control
   character (below 0x20) or not ASCII (0x80 and above), or the index from which fewer than sixteen bytes are left
   unsearched. Without SSE2: `start`. (A signed comparison with 0x20 is true for both the controls and the bytes of
   0x80 and above, which are negative as signed bytes.) */
static inline ptrdiff_t sg_json_plain_skip(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t end) {
    ptrdiff_t index = start;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8(0x22), backslash = _mm_set1_epi8(0x5C), space = _mm_set1_epi8(0x20);
    while (index + 16 <= end) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(bytes + index));
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash)),
                                             _mm_cmplt_epi8(block, space));
        const unsigned mask = (unsigned)_mm_movemask_epi8(special);
        if (mask != 0) return index + (ptrdiff_t)__builtin_ctz(mask);
        index += 16;
    }
#else
    (void)bytes; (void)end;
#endif
    return index;
}

/* Whether one of `count` byte pairs may start at one of the sixteen positions from `bytes` (which has seventeen
   readable bytes): `firsts` and `seconds` hold each pair's bytes repeated sixteen times (one vector of 16 bytes per
   pair), and the text's bytes are compared with bit 0x20 set (which folds ASCII case and can only add false
   hits). Without SSE2: always 1 ("maybe"), so the caller compares position by position. */
static inline int sg_pairs_may_start(const uint8_t *bytes, const void *firsts, const void *seconds, ptrdiff_t count) {
#if defined(__SSE2__)
    const __m128i fold = _mm_set1_epi8(0x20);
    const __m128i first = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)bytes), fold);
    const __m128i second = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(bytes + 1)), fold);
    __m128i hit = _mm_setzero_si128();
    for (ptrdiff_t pair = 0; pair < count; pair++) {
        const __m128i wantedFirst = _mm_loadu_si128((const __m128i *)firsts + pair);
        const __m128i wantedSecond = _mm_loadu_si128((const __m128i *)seconds + pair);
        hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(first, wantedFirst), _mm_cmpeq_epi8(second, wantedSecond)));
    }
    return _mm_movemask_epi8(hit) != 0;
#else
    (void)bytes; (void)firsts; (void)seconds; (void)count;
    return 1;
#endif
}

/* Whether this CPU has SSSE3 (for `sg_pairs_skip_nibbles`); asked once, when a signature set is built. */
static inline int sg_cpu_has_ssse3(void) {
#if defined(__x86_64__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSSE3) != 0;
#else
    return 0;
#endif
}

#if defined(__x86_64__)
/* For SSSE3 code (`sg_pairs_skip_nibbles`, `sg_prose_kind`): per byte of `block`, the AND of `lowTable`'s entry
   for its low half and `highTable`'s for its high half (zero where no class has both halves). */
__attribute__((target("ssse3"), always_inline))
static inline __m128i sg_nibble_classes(__m128i block, __m128i lowTable, __m128i highTable) {
    const __m128i low = _mm_set1_epi8(0x0F);
    return _mm_and_si128(_mm_shuffle_epi8(lowTable, _mm_and_si128(block, low)),
                         _mm_shuffle_epi8(highTable, _mm_and_si128(_mm_srli_epi16(block, 4), low)));
}

/* Whether one of the nibble tables' pairs (`masks`, loaded as four vectors) may start at one of the sixteen positions
   from `bytes`, which has seventeen readable bytes: one bucket set in all four tables (see `sg_pairs_skip_nibbles`). */
__attribute__((target("ssse3"), always_inline))
static inline int sg_pairs_may_start_nibbles(const uint8_t *bytes, __m128i firstLow, __m128i firstHigh, __m128i secondLow,
                                             __m128i secondHigh) {
    const __m128i first = _mm_loadu_si128((const __m128i *)(const void *)bytes);
    const __m128i second = _mm_loadu_si128((const __m128i *)(const void *)(bytes + 1));
    const __m128i buckets = _mm_and_si128(sg_nibble_classes(first, firstLow, firstHigh), sg_nibble_classes(second, secondLow, secondHigh));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(buckets, _mm_setzero_si128())) != 0xFFFF;
}
#endif

/* `sg_pairs_may_start` over a whole text, in a fixed number of steps per block, for CPUs with SSSE3 (call it only
   where `sg_cpu_has_ssse3` said so): each pair belongs to one of eight buckets (a bit), and `masks` holds four tables
   of sixteen bytes, indexed by the low and the high half of the first byte, then of the second byte, giving the
   buckets whose pairs may have that half there (both ASCII cases: a first byte `f` puts its bucket at the high halves
   of `f` and of `f ^ 0x20`). A position is a hit when one bucket is in all four (the "Teddy" filter of Hyperscan):
   that holds for every pair `sg_pairs_may_start` finds and for some it does not (halves of different pairs of a
   bucket), so it only adds false hits, which the caller's comparison position by position rules out.
   From `start`, sixteen positions at a time while at least seventeen bytes are left: the start of the first block
   that may hold a pair. Past those, when the block ending at the text's end (overlapping the one before) holds none
   either: -1, nothing can start anywhere after `start` (only a one-byte word could start at the very last position,
   and a set whose pairs are checked has none). Otherwise the index from which the caller compares one by one. */
#if defined(__x86_64__)
__attribute__((target("ssse3")))
#endif
static inline ptrdiff_t sg_pairs_skip_nibbles(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t count, const uint8_t *masks) {
#if defined(__x86_64__)
    const __m128i firstLow = _mm_loadu_si128((const __m128i *)(const void *)masks);
    const __m128i firstHigh = _mm_loadu_si128((const __m128i *)(const void *)(masks + 16));
    const __m128i secondLow = _mm_loadu_si128((const __m128i *)(const void *)(masks + 32));
    const __m128i secondHigh = _mm_loadu_si128((const __m128i *)(const void *)(masks + 48));
    ptrdiff_t index = start;
    while (index + 17 <= count) {
        if (sg_pairs_may_start_nibbles(bytes + index, firstLow, firstHigh, secondLow, secondHigh)) return index;
        index += 16;
    }
    if (index < count && count >= 17 && !sg_pairs_may_start_nibbles(bytes + count - 17, firstLow, firstHigh, secondLow, secondHigh)) {
        return -1;
    }
    return index;
#else
    (void)bytes; (void)count; (void)masks;
    return start;
#endif
}

/* What the `count` bytes are, for `SanitizationPolicy`'s first test: 0 when they hold a byte other than ASCII letters,
   digits, spaces, commas, apostrophes, full stops and semicolons (or when not sure: the caller scans as usual);
   otherwise bit 1, plus bit 2 when they hold an apostrophe, a full stop or a semicolon (names and sentences: "St
   James's Square", "Leave it with the concierge; thanks."), plus bit 4 when a pair of the nibble tables `masks` (those
   of `sg_pairs_skip_nibbles`) may start somewhere in them. 1 alone is prose in which no sanitization rule can find
   anything; with bit 4 the caller searches the words themselves, with bit 2 it looks at each of those three bytes.
   Blocks of sixteen positions as in `sg_pairs_skip_nibbles` (the last one overlapping the one before), whose bytes are
   also classified by their halves: a byte is prose when the classes of its low half and of its high half meet (`0x2_`:
   0, 7, C and E; `0x3_`: 0-9 and B; `0x4_`, `0x6_`: 1-F; `0x5_`, `0x7_`: 0-A; no other high half), and compared with
   the three punctuation bytes. The blocks hold every byte but the last, tested alone. A text under seventeen bytes is
   first copied into a block padded with spaces (prose; a space after the text can only add a "may start" at its last
   position, where no pair of two text bytes starts anyway). For CPUs with SSSE3 only (call it where
   `sg_cpu_has_ssse3` said so; other CPUs: always 0). */
#if defined(__x86_64__)
__attribute__((target("ssse3")))
#endif
static inline int sg_prose_kind(const uint8_t *bytes, ptrdiff_t count, const uint8_t *masks) {
#if defined(__x86_64__)
    int punctuated = 0;
    if (count > 0) {
        const uint8_t last = bytes[count - 1], folded = (uint8_t)(last | 0x20);
        punctuated = last == 0x27 || last == 0x2E || last == 0x3B;
        const int lastIsProse = (folded >= 0x61 && folded <= 0x7A) || (last >= 0x30 && last <= 0x39) || last == 0x20 || last == 0x2C;
        if (!lastIsProse && !punctuated) return 0;
    }
    uint8_t padded[17];
    if (count < 17) {
        __builtin_memset(padded, 0x20, sizeof padded);
        for (ptrdiff_t index = 0; index < count; index++) padded[index] = bytes[index];
        bytes = padded;
        count = 17;
    }
    /* Prose classes by half: bit 1 for 0x2_, 2 for 0x3_, 4 for 0x4_ and 0x6_, 8 for 0x5_ and 0x7_. */
    const __m128i proseLow = _mm_setr_epi8(1 | 2 | 8, 2 | 4 | 8, 2 | 4 | 8, 2 | 4 | 8, 2 | 4 | 8, 2 | 4 | 8, 2 | 4 | 8, 1 | 2 | 4 | 8,
                                           2 | 4 | 8, 2 | 4 | 8, 4 | 8, 2 | 4, 1 | 4, 4, 1 | 4, 4);
    const __m128i proseHigh = _mm_setr_epi8(0, 0, 1, 2, 4, 8, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m128i apostrophe = _mm_set1_epi8(0x27), stop = _mm_set1_epi8(0x2E), semicolon = _mm_set1_epi8(0x3B);
    const __m128i firstLow = _mm_loadu_si128((const __m128i *)(const void *)masks);
    const __m128i firstHigh = _mm_loadu_si128((const __m128i *)(const void *)(masks + 16));
    const __m128i secondLow = _mm_loadu_si128((const __m128i *)(const void *)(masks + 32));
    const __m128i secondHigh = _mm_loadu_si128((const __m128i *)(const void *)(masks + 48));
    __m128i marks = _mm_setzero_si128();
    int pairs = 0;
    ptrdiff_t index = 0;
    for (;;) {
        const __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(bytes + index));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(sg_nibble_classes(block, proseLow, proseHigh), _mm_setzero_si128())) != 0) return 0;
        if (!pairs && sg_pairs_may_start_nibbles(bytes + index, firstLow, firstHigh, secondLow, secondHigh)) pairs = 4;
        marks = _mm_or_si128(marks, _mm_or_si128(_mm_cmpeq_epi8(block, apostrophe),
                                                 _mm_or_si128(_mm_cmpeq_epi8(block, stop), _mm_cmpeq_epi8(block, semicolon))));
        if (index + 17 == count) return 1 | (punctuated || _mm_movemask_epi8(marks) != 0 ? 2 : 0) | pairs;
        index = index + 33 <= count ? index + 16 : count - 17;
    }
#else
    (void)bytes; (void)count; (void)masks;
    return 0;
#endif
}

/* Whether `bytes` hold a byte the character rules look at: a C0 control (below 0x20, tab, LF and CR included), DEL,
   0xC2 (the lead byte of the C1 controls) or `%` (of `%00`). Sixteen bytes a step with SSE2 (an unsigned "below
   0x20" is `min(byte, 0x1F) == byte`), the last block overlapping the one before; a text under sixteen bytes as two
   overlapping words of eight or four bytes, each tested at once (`(w - 0x20..) & ~w & 0x80..` is non-zero exactly
   when a byte is below 0x20, and the same of `w ^ c..` against 0x01.. when a byte equals `c`). */
static inline int sg_word_has_character_trigger(uint64_t word) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t del = word ^ (ones * 0x7F), c1 = word ^ (ones * 0xC2), percent = word ^ (ones * 0x25);
    return ((((word - ones * 0x20) & ~word) | ((del - ones) & ~del) | ((c1 - ones) & ~c1) | ((percent - ones) & ~percent)) & highs) != 0;
}

static inline int sg_has_character_trigger(const uint8_t *bytes, ptrdiff_t count) {
#if defined(__SSE2__)
    if (count >= 16) {
        const __m128i controls = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F), c1 = _mm_set1_epi8((char)0xC2),
                      percent = _mm_set1_epi8(0x25);
        ptrdiff_t index = 0;
        for (;;) {
            const __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(bytes + index));
            const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(block, controls), block), _mm_cmpeq_epi8(block, del)),
                                             _mm_or_si128(_mm_cmpeq_epi8(block, c1), _mm_cmpeq_epi8(block, percent)));
            if (_mm_movemask_epi8(hit) != 0) return 1;
            if (index + 16 == count) return 0;
            index = index + 32 <= count ? index + 16 : count - 16;
        }
    }
#else
    if (count >= 16) {
        ptrdiff_t index = 0;
        for (; index + 8 <= count; index += 8) {
            uint64_t word;
            __builtin_memcpy(&word, bytes + index, 8);
            if (sg_word_has_character_trigger(word)) return 1;
        }
        uint64_t last;
        __builtin_memcpy(&last, bytes + count - 8, 8);
        return sg_word_has_character_trigger(last);
    }
#endif
    if (count >= 8) {
        uint64_t first, last;
        __builtin_memcpy(&first, bytes, 8);
        __builtin_memcpy(&last, bytes + count - 8, 8);
        return sg_word_has_character_trigger(first) || sg_word_has_character_trigger(last);
    }
    if (count >= 4) {
        uint32_t first, last;
        __builtin_memcpy(&first, bytes, 4);
        __builtin_memcpy(&last, bytes + count - 4, 4);
        return sg_word_has_character_trigger((uint64_t)first | ((uint64_t)last << 32));
    }
    for (ptrdiff_t index = 0; index < count; index++) {
        const uint8_t byte = bytes[index];
        if (byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0x25) return 1;
    }
    return 0;
}

#endif
