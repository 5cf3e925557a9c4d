#ifndef SPECGUARD_CPCRE2_SHIM_H
#define SPECGUARD_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* pcre2.h names its API through macros and PCRE2_ZERO_TERMINATED is a cast,
   so Swift imports neither: these wrappers and constants make them visible. */
static const uint32_t specguard_pcre2_utf = PCRE2_UTF;
static const uint32_t specguard_pcre2_ucp = PCRE2_UCP;
static const uint32_t specguard_pcre2_no_utf_check = PCRE2_NO_UTF_CHECK;
static const uint32_t specguard_pcre2_jit_complete = PCRE2_JIT_COMPLETE;
static const uint32_t specguard_pcre2_alt_bsux = PCRE2_ALT_BSUX;
static const uint32_t specguard_pcre2_dollar_endonly = PCRE2_DOLLAR_ENDONLY;
static const int specguard_pcre2_error_nomatch = PCRE2_ERROR_NOMATCH;
static const int specguard_pcre2_error_matchlimit = PCRE2_ERROR_MATCHLIMIT;
static const int specguard_pcre2_error_depthlimit = PCRE2_ERROR_DEPTHLIMIT;
static const int specguard_pcre2_error_jit_stacklimit = PCRE2_ERROR_JIT_STACKLIMIT;

static inline pcre2_code_8 *specguard_pcre2_compile(const unsigned char *pattern, size_t length, uint32_t options,
                                                   int *errorcode, size_t *erroroffset) {
    return pcre2_compile_8(pattern, length, options, errorcode, erroroffset, NULL);
}
static inline int specguard_pcre2_jit_compile(pcre2_code_8 *code) {
    return pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE);
}
static inline void specguard_pcre2_code_free(pcre2_code_8 *code) { pcre2_code_free_8(code); }
static inline pcre2_match_data_8 *specguard_pcre2_match_data_create(const pcre2_code_8 *code) {
    return pcre2_match_data_create_from_pattern_8(code, NULL);
}
static inline void specguard_pcre2_match_data_free(pcre2_match_data_8 *data) { pcre2_match_data_free_8(data); }
static inline pcre2_match_context_8 *specguard_pcre2_match_context_create(uint32_t match_limit, uint32_t depth_limit) {
    pcre2_match_context_8 *context = pcre2_match_context_create_8(NULL);
    if (context != NULL) {
        pcre2_set_match_limit_8(context, match_limit);
        pcre2_set_depth_limit_8(context, depth_limit);
    }
    return context;
}
static inline void specguard_pcre2_match_context_free(pcre2_match_context_8 *context) { pcre2_match_context_free_8(context); }
static inline int specguard_pcre2_match(const pcre2_code_8 *code, const unsigned char *subject, size_t length,
                                        uint32_t options, pcre2_match_data_8 *data, pcre2_match_context_8 *context) {
    return pcre2_match_8(code, subject, length, 0, options, data, context);
}
static inline int specguard_pcre2_error_message(int code, unsigned char *buffer, size_t size) {
    return pcre2_get_error_message_8(code, buffer, size);
}
static const uint32_t specguard_pcre2_never_backslash_c = PCRE2_NEVER_BACKSLASH_C;
static const int specguard_pcre2_error_heaplimit = PCRE2_ERROR_HEAPLIMIT;
static inline pcre2_match_data_8 *specguard_pcre2_match_data_create_sized(uint32_t pairs) {
    return pcre2_match_data_create_8(pairs, NULL);
}
static inline pcre2_match_context_8 *specguard_pcre2_match_context_create_limited(uint32_t match_limit, uint32_t depth_limit,
                                                                                uint32_t heap_limit_kibibytes) {
    pcre2_match_context_8 *context = pcre2_match_context_create_8(NULL);
    if (context != NULL) {
        pcre2_set_match_limit_8(context, match_limit);
        pcre2_set_depth_limit_8(context, depth_limit);
        pcre2_set_heap_limit_8(context, heap_limit_kibibytes);
    }
    return context;
}
#endif
