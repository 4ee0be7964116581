#ifndef ECPAY_CNCURSESW_SHIM_H
#define ECPAY_CNCURSESW_SHIM_H

/* The wide-character API of ncurses is only declared with these set. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <stdlib.h>
#include <langinfo.h>
#include <stdio.h>
#include <unistd.h>
#include <ncursesw/curses.h>

/* glibc hides wcwidth unless _XOPEN_SOURCE is set before its first inclusion. */
extern int wcwidth(wchar_t c);

/* Start curses on stdin/stdout; NULL (instead of exiting) when the terminal type is unknown. */
static inline SCREEN *ecpay_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline void ecpay_flush_stdout(void) { fflush(stdout); }
static inline const char *ecpay_codeset(void) { return nl_langinfo(CODESET); }

/* C globals and macros Swift cannot import: read them through functions. */
static inline WINDOW *ecpay_stdscr(void) { return stdscr; }
static inline int ecpay_lines(void) { return LINES; }
static inline int ecpay_cols(void) { return COLS; }
static inline int ecpay_colors(void) { return COLORS; }

static inline attr_t ecpay_a_bold(void) { return A_BOLD; }
static inline attr_t ecpay_a_reverse(void) { return A_REVERSE; }
static inline attr_t ecpay_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ecpay_a_dim(void) { return A_DIM; }
static inline attr_t ecpay_a_normal(void) { return A_NORMAL; }
static inline attr_t ecpay_color_pair(int n) { return COLOR_PAIR(n); }

static inline int ecpay_key_resize(void) { return KEY_RESIZE; }
static inline int ecpay_key_mouse(void) { return KEY_MOUSE; }

static inline mmask_t ecpay_mouse_mask_all(void) {
    return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
        | BUTTON5_PRESSED
#endif
        ;
}
/* With mouseinterval(0) a click arrives as PRESSED then RELEASED: act on the release only. */
static inline int ecpay_is_button1(mmask_t m) { return (m & (BUTTON1_CLICKED | BUTTON1_RELEASED)) != 0; }
static inline int ecpay_is_wheel_up(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
static inline int ecpay_is_wheel_down(mmask_t m) {
#ifdef BUTTON5_PRESSED
    return (m & BUTTON5_PRESSED) != 0;
#else
    return 0;
#endif
}

/* Draw one cell: a wide or narrow character with attributes and a colour pair. */
static inline int ecpay_put_cell(int y, int x, const wchar_t *chars, attr_t attr, short pair) {
    cchar_t cc;
    setcchar(&cc, chars, attr, pair, NULL);
    return mvadd_wch(y, x, &cc);
}

static inline int ecpay_get_wch(wint_t *ch) { return get_wch(ch); }

#endif
