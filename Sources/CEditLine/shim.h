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
