#include <stdio.h>
#include <histedit.h>

// el_set() and history() are C variadic functions, which Swift cannot call. These fixed-argument
// wrappers cover exactly the calls the interactive shell makes.

typedef char *(*notesctl_prompt_fn)(EditLine *);
typedef unsigned char (*notesctl_el_fn)(EditLine *, int);

static inline int notesctl_el_set_prompt(EditLine *el, notesctl_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int notesctl_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int notesctl_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int notesctl_el_addfn(EditLine *el, const char *name, const char *help, notesctl_el_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

static inline int notesctl_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}

static inline int notesctl_history_setsize(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}

static inline int notesctl_history_setunique(History *h, HistEvent *ev, int unique) {
    return history(h, ev, H_SETUNIQUE, unique);
}

static inline int notesctl_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}

static inline int notesctl_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}

static inline int notesctl_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}

// Ctrl-C while a line is being edited abandons the line (LineEditor.readLine). libedit's own
// reader blocks in read(): a SIGINT that lands while it is between two reads (redrawing, say)
// interrupts nothing, the editor waits on, and the abandoned text is sent with the next line.
// This reader waits in pselect() with SIGINT blocked until the wait begins, so a Ctrl-C that
// came while the editor was busy ends the next wait at once; bytes become characters as in
// libedit's reader (an invalid byte is dropped).
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include <wchar.h>

static volatile sig_atomic_t notesctl_interrupted = 0;

static void notesctl_on_interrupt(int signal) {
    (void)signal;
    notesctl_interrupted = 1;
}

// Installs the SIGINT handler (no SA_RESTART) and unblocks SIGINT, in case whoever started us
// blocked it.
static inline void notesctl_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = notesctl_on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

// Whether Ctrl-C came since the last call; clears it.
static inline int notesctl_take_interrupt(void) {
    int was = notesctl_interrupted != 0;
    notesctl_interrupted = 0;
    return was;
}

static int notesctl_read_char(EditLine *el, wchar_t *out) {
    int fd = 0;
    (void)el;
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    sigset_t interrupt, saved;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    *out = L'\0';
    for (;;) {
        sigprocmask(SIG_BLOCK, &interrupt, &saved);
        if (notesctl_interrupted) {
            sigprocmask(SIG_SETMASK, &saved, NULL);
            errno = EINTR;
            return -1;
        }
        fd_set ready;
        FD_ZERO(&ready);
        FD_SET(fd, &ready);
        // SIGINT is delivered only while pselect waits: then it returns EINTR, and the loop
        // sees the flag.
        int waited = pselect(fd + 1, &ready, NULL, NULL, NULL, &saved);
        sigprocmask(SIG_SETMASK, &saved, NULL);
        if (waited < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        ssize_t got = read(fd, bytes + count, 1);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (got == 0) return 0;
        count++;
        for (;;) {
            mbstate_t state;
            memset(&state, 0, sizeof state);
            size_t used = mbrtowc(out, bytes, count, &state);
            if (used == (size_t)-2) {
                if (count < MB_LEN_MAX) break;  // incomplete: read another byte
                errno = EILSEQ;
                return -1;
            }
            if (used == (size_t)-1) {
                if (count > 1) {  // an invalid sequence: keep its last byte, decode again
                    bytes[0] = bytes[count - 1];
                    count = 1;
                    continue;
                }
                count = 0;  // an invalid byte: dropped
                break;
            }
            return 1;
        }
    }
}

static inline int notesctl_el_set_reader(EditLine *el) {
    return el_set(el, EL_GETCFN, notesctl_read_char);
}
