/*
 * zhfix._ngram: the hot loops of the shifted-punctuation decoder.
 *
 * Holds the back-off character n-gram model in open-addressing hash tables (one per
 * order) and runs, over arrays handed in from Python:
 *   - screen: bounds on each candidate's bigram log-odds (symbol vs ideograph) under
 *     every reading of its neighbours;
 *   - decode: exact Viterbi over each cluster of candidates closer than the model
 *     order, with max-marginals, so every decision carries a margin;
 *   - segment: the two-state clean/damaged Viterbi;
 *   - logprob: plain scoring of n-gram windows.
 * The model semantics (packing, back-off) are those of zhfix/lm.py; tests check that
 * both give the same numbers.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define MAX_ORDER 4
#define BEAM 12.0
#define BITS 16

/* 8-byte slots keep the tables (about 25 MB) mostly in the last-level cache: a 32-bit
 * fingerprint of the key (0 = empty; a false match needs a 2^-32 coincidence) and the
 * two log-values in fixed point, 1/1024 natural-log units. */
typedef struct {
    uint32_t fp;
    int16_t lp;
    int16_t bow;
} Slot;

/* A table's filter is a blocked Bloom filter over the fingerprints of its keys: a key
 * whose fingerprint it rules out cannot match any slot, so the lookup returns at once,
 * without touching the table.  Most lookups are misses (the 4-gram a damaged text shows
 * was mostly never seen), and the filter, a sixteenth of the table's size, stays in the
 * cache where the table does not.  Keyed on the fingerprint alone, it answers "maybe" for
 * every key the table could match, so lookups return exactly what they did without it. */
typedef struct {
    Slot *slots;
    uint64_t cap;
    uint64_t *filter; /* NULL: no filter (small tables, which stay in the cache anyway) */
    int filter_shift; /* 64 - log2(filter words) */
} Table;

#define FIXED 1024.0

typedef struct {
    PyObject_HEAD
    int order;
    float floor;
    Table tables[MAX_ORDER];
} ModelObject;

static inline uint64_t mix(uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

static inline uint64_t slot_of(const Table *t, uint64_t h) {
    return (uint64_t)(((unsigned __int128)(h & 0xffffffffULL) * t->cap) >> 32);
}

static inline uint32_t fingerprint(uint64_t h) {
    uint32_t fp = (uint32_t)(h >> 32);
    return fp ? fp : 1;
}

/* The filter's word for a fingerprint, and the three bits it sets there. */
static inline uint64_t filter_hash(uint32_t fp) { return (uint64_t)fp * 0x9e3779b97f4a7c15ULL; }
static inline uint64_t filter_bits(uint64_t x) {
    return (1ULL << (x & 63)) | (1ULL << ((x >> 6) & 63)) | (1ULL << ((x >> 12) & 63));
}

static inline int filter_admits(const Table *t, uint32_t fp) {
    if (!t->filter) return 1;
    uint64_t x = filter_hash(fp), bits = filter_bits(x);
    return (t->filter[x >> t->filter_shift] & bits) == bits;
}

static inline const Slot *lookup(const Table *t, uint64_t key) {
    uint64_t h = mix(key);
    uint32_t fp = fingerprint(h);
    if (!filter_admits(t, fp)) return NULL;
    uint64_t i = slot_of(t, h);
    for (;;) {
        const Slot *s = &t->slots[i];
        if (s->fp == fp) return s;
        if (s->fp == 0) return NULL;
        if (++i == t->cap) i = 0;
    }
}

/* log P(w[k-1] | w[0..k-2]) with back-off, for a window of k ids (k <= order). */
/* The last o ids of a packed key. */
static inline uint64_t low_ids(uint64_t key, int o) {
    return o == 4 ? key : key & ((1ULL << (BITS * o)) - 1);
}

/* Log-probabilities of w[k-1] in two windows that differ only at w[pos] (the second has
 * alt there): the lookups the difference cannot reach are made once for both. */
static inline void logprob_diff(const ModelObject *m, const uint32_t *w, int k, int pos,
                                uint32_t alt, double *out0, double *out1) {
    uint64_t key0 = 0, key1 = 0;
    for (int j = 0; j < k; j++) {
        key0 = (key0 << BITS) | w[j];
        key1 = (key1 << BITS) | (j == pos ? alt : w[j]);
    }
    double acc0 = 0.0, acc1 = 0.0;
    int done0 = 0, done1 = 0;
    for (int o = k; o >= 1; o--) {
        const Table *t = &m->tables[o - 1];
        int differs = pos >= k - o;
        const Slot *s0 = done0 ? NULL : lookup(t, low_ids(key0, o));
        const Slot *s1;
        if (done1) s1 = NULL;
        else if (!differs && !done0) s1 = s0;
        else s1 = lookup(t, low_ids(key1, o));
        if (s0 && !done0) { *out0 = acc0 + s0->lp / FIXED; done0 = 1; }
        if (s1 && !done1) { *out1 = acc1 + s1->lp / FIXED; done1 = 1; }
        if (done0 && done1) return;
        if (o > 1) {
            const Table *c = &m->tables[o - 2];
            int ctx_differs = differs && pos <= k - 2;
            const Slot *c0 = lookup(c, low_ids(key0 >> BITS, o - 1));
            const Slot *c1 = ctx_differs ? lookup(c, low_ids(key1 >> BITS, o - 1)) : c0;
            if (c0) acc0 += c0->bow / FIXED;
            if (c1) acc1 += c1->bow / FIXED;
        }
    }
    if (!done0) *out0 = acc0 + m->floor;
    if (!done1) *out1 = acc1 + m->floor;
}

/* Log-odds of reading position c as alt rather than as ids[c], neighbours fixed. */
static inline double gain_at(const ModelObject *m, const uint32_t *ids, Py_ssize_t n, Py_ssize_t c,
                             uint32_t alt, int k) {
    uint32_t w[MAX_ORDER];
    double g = 0.0;
    for (int off = 0; off < k && c + off < n; off++) {
        Py_ssize_t end = c + off;
        for (int j = 0; j < k; j++) {
            Py_ssize_t p = end - k + 1 + j;
            w[j] = p >= 0 ? ids[p] : 0;
        }
        double p0, p1;
        logprob_diff(m, w, k, k - 1 - off, alt, &p0, &p1);
        g += p1 - p0;
    }
    return g;
}

static inline double logprob(const ModelObject *m, const uint32_t *w, int k) {
    uint64_t key = 0;
    for (int j = 0; j < k; j++) key = (key << BITS) | w[j];
    double acc = 0.0;
    for (int o = k; o >= 1; o--) {
        const Slot *s = lookup(&m->tables[o - 1], low_ids(key, o));
        if (s) return acc + s->lp / FIXED;
        if (o > 1) {
            const Slot *c = lookup(&m->tables[o - 2], low_ids(key >> BITS, o - 1));
            if (c) acc += c->bow / FIXED;
        }
    }
    return acc + m->floor;
}

/* The same for two windows differing only in their last id (w[k-1] and alt_last):
 * the back-off weights of the shared context are looked up once. */
static inline void logprob_pair(const ModelObject *m, const uint32_t *w, int k, uint32_t alt_last,
                                double *out0, double *out1) {
    uint64_t key = 0;
    for (int j = 0; j < k; j++) key = (key << BITS) | w[j];
    uint64_t key1 = (key & ~(uint64_t)0xffff) | alt_last;
    double acc = 0.0;
    int done0 = 0, done1 = 0;
    for (int o = k; o >= 1; o--) {
        if (!done0) {
            const Slot *s = lookup(&m->tables[o - 1], low_ids(key, o));
            if (s) { *out0 = acc + s->lp / FIXED; done0 = 1; }
        }
        if (!done1) {
            const Slot *s = lookup(&m->tables[o - 1], low_ids(key1, o));
            if (s) { *out1 = acc + s->lp / FIXED; done1 = 1; }
        }
        if (done0 && done1) return;
        if (o > 1) {
            const Slot *c = lookup(&m->tables[o - 2], low_ids(key >> BITS, o - 1));
            if (c) acc += c->bow / FIXED;
        }
    }
    if (!done0) *out0 = acc + m->floor;
    if (!done1) *out1 = acc + m->floor;
}

static void Model_dealloc(ModelObject *self) {
    for (int k = 0; k < MAX_ORDER; k++) {
        free(self->tables[k].slots);
        free(self->tables[k].filter);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static inline int16_t to_fixed(float v) {
    double x = v * FIXED;
    if (x < -32768.0) x = -32768.0;
    if (x > 32767.0) x = 32767.0;
    return (int16_t)lrint(x);
}

/* Zeroed memory for a table's slots or filter, on 2 MB pages where the system gives them: a lookup
 * lands on a random page of tables far larger than the TLB covers with 4 KB pages, and
 * the page walk of such a miss costs about as much as the slot's own load. */
#define HUGE_PAGE ((size_t)2 << 20)
static void *alloc_zeroed(size_t count, size_t size) {
    size_t bytes = count * size;
    if (bytes < HUGE_PAGE) return calloc(count, size);
    size_t rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, rounded) != 0) return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE); /* advice only: 4 KB pages if refused */
#endif
    memset(p, 0, rounded);
    return p;
}

/* Tables with fewer keys get no filter: they fit in the cache as they are. */
#define FILTER_MIN_KEYS 65536

static int fill_table(Table *t, Py_buffer *keys, Py_buffer *lp, Py_buffer *bow, int filters) {
    Py_ssize_t n = keys->len / 8;
    t->cap = 2 * (uint64_t)n + 16; /* load factor 0.5: misses, the common case, stay short */
    t->slots = alloc_zeroed(t->cap, sizeof(Slot));
    if (!t->slots) return -1;
    const uint64_t *k = keys->buf;
    const float *p = lp->buf;
    const float *b = bow ? bow->buf : NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t h = mix(k[i]);
        uint64_t j = slot_of(t, h);
        while (t->slots[j].fp != 0) {
            if (++j == t->cap) j = 0;
        }
        t->slots[j].fp = fingerprint(h);
        t->slots[j].lp = to_fixed(p[i]);
        t->slots[j].bow = b ? to_fixed(b[i]) : 0;
    }
    t->filter = NULL;
    if (!filters || n < FILTER_MIN_KEYS) return 0;
    int log_words = 0; /* at least 8 bits per key: about 3 % of absent keys get through */
    while ((1ULL << log_words) * 64 < 8 * (uint64_t)n) log_words++;
    t->filter = alloc_zeroed((size_t)1 << log_words, sizeof(uint64_t));
    if (!t->filter) return -1;
    t->filter_shift = 64 - log_words;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t x = filter_hash(fingerprint(mix(k[i])));
        t->filter[x >> t->filter_shift] |= filter_bits(x);
    }
    return 0;
}

/* Model(order, floor, keys: list[buffer u64], lp: list[buffer f32], bow: list[buffer f32],
 *       filters=True)   (filters=False: no Bloom filters, for the tests that show they
 *       change no lookup's result) */
static int Model_init(ModelObject *self, PyObject *args, PyObject *kwds) {
    int order;
    float floor_;
    PyObject *keys, *lps, *bows;
    int filters = 1;
    static char *names[] = {"order", "floor", "keys", "lp", "bow", "filters", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ifOOO|p", names, &order, &floor_, &keys, &lps,
                                     &bows, &filters))
        return -1;
    if (order < 1 || order > MAX_ORDER) {
        PyErr_SetString(PyExc_ValueError, "order must be 1..4");
        return -1;
    }
    self->order = order;
    self->floor = floor_;
    for (int k = 0; k < order; k++) {
        Py_buffer kb, pb, bb;
        int has_bow = k < order - 1;
        if (PyObject_GetBuffer(PyList_GetItem(keys, k), &kb, PyBUF_SIMPLE) < 0) return -1;
        if (PyObject_GetBuffer(PyList_GetItem(lps, k), &pb, PyBUF_SIMPLE) < 0) {
            PyBuffer_Release(&kb);
            return -1;
        }
        if (has_bow && PyObject_GetBuffer(PyList_GetItem(bows, k), &bb, PyBUF_SIMPLE) < 0) {
            PyBuffer_Release(&kb);
            PyBuffer_Release(&pb);
            return -1;
        }
        int rc = fill_table(&self->tables[k], &kb, &pb, has_bow ? &bb : NULL, filters);
        PyBuffer_Release(&kb);
        PyBuffer_Release(&pb);
        if (has_bow) PyBuffer_Release(&bb);
        if (rc < 0) {
            PyErr_NoMemory();
            return -1;
        }
    }
    return 0;
}

/* Fill w[0..k-1] with the ids of positions end-k+1..end (BOS=0 before the text). */
static inline void window(const uint32_t *ids, Py_ssize_t end, int k, uint32_t *w) {
    for (int j = 0; j < k; j++) {
        Py_ssize_t p = end - k + 1 + j;
        w[j] = p >= 0 ? ids[p] : 0;
    }
}

/* The bigram slots the screen will read for the candidate at c, requested from memory
 * a few candidates ahead: the tables are larger than the caches, and the loads of
 * independent candidates can overlap. */
#define PREFETCH_AHEAD 8
static inline void prefetch_bigram(const ModelObject *m, uint32_t a, uint32_t b) {
    const Table *t = &m->tables[1];
    uint64_t h = mix(((uint64_t)a << BITS) | b);
    __builtin_prefetch(&t->slots[slot_of(t, h)]);
}

static inline void prefetch_screen(const ModelObject *m, const uint32_t *ids, const uint32_t *altmap,
                                   Py_ssize_t n, Py_ssize_t c) {
    uint32_t self_id = ids[c], sym = altmap[c];
    if (c > 0) {
        prefetch_bigram(m, ids[c - 1], self_id);
        prefetch_bigram(m, ids[c - 1], sym);
    }
    if (c + 1 < n) {
        prefetch_bigram(m, self_id, ids[c + 1]);
        prefetch_bigram(m, sym, ids[c + 1]);
    }
}

/* The slots of a window's top two orders. */
static inline void prefetch_window(const ModelObject *m, const uint32_t *w, int k) {
    uint64_t key = 0;
    for (int j = 0; j < k; j++) key = (key << BITS) | w[j];
    for (int o = k; o >= k - 1 && o >= 1; o--) {
        const Table *t = &m->tables[o - 1];
        __builtin_prefetch(&t->slots[slot_of(t, mix(low_ids(key, o)))]);
    }
}

/* The top-order slots of the windows around the candidate at c, both readings. */
static inline void prefetch_windows(const ModelObject *m, const uint32_t *ids, Py_ssize_t n,
                                    Py_ssize_t c, uint32_t alt) {
    const int k = m->order;
    const Table *t = &m->tables[k - 1];
    for (int off = 0; off < k && c + off < n; off++) {
        uint64_t key0 = 0, key1 = 0;
        for (int j = 0; j < k; j++) {
            Py_ssize_t p = c + off - k + 1 + j;
            uint32_t id = p >= 0 ? ids[p] : 0;
            key0 = (key0 << BITS) | id;
            key1 = (key1 << BITS) | (p == c ? alt : id);
        }
        __builtin_prefetch(&t->slots[slot_of(t, mix(key0))]);
        __builtin_prefetch(&t->slots[slot_of(t, mix(key1))]);
    }
}

/* The screen's (low, high) bounds for the candidate at c (see Model_screen). */
static inline void screen_one(const ModelObject *self, const uint32_t *ids, const uint32_t *altmap,
                              Py_ssize_t n, Py_ssize_t c, double pen, double *low, double *high) {
    uint32_t self_id = ids[c], sym = altmap[c];
    uint32_t left[2] = {c > 0 ? ids[c - 1] : 0, 0};
    int nl = 1;
    if (c > 0 && altmap[c - 1] != UINT32_MAX) left[nl++] = altmap[c - 1];
    uint32_t right[2] = {0, 0};
    int nrt = 0;
    if (c + 1 < n) {
        right[nrt++] = ids[c + 1];
        if (altmap[c + 1] != UINT32_MAX) right[nrt++] = altmap[c + 1];
    }
    double lo_l = INFINITY, hi_l = -INFINITY, lo_r = 0.0, hi_r = 0.0;
    for (int a = 0; a < nl; a++) {
        uint32_t w[2] = {left[a], self_id};
        double p0, p1;
        logprob_pair(self, w, 2, sym, &p0, &p1);
        double g = p1 - p0;
        if (g < lo_l) lo_l = g;
        if (g > hi_l) hi_l = g;
    }
    if (nrt) {
        lo_r = INFINITY;
        hi_r = -INFINITY;
        for (int b = 0; b < nrt; b++) {
            uint32_t w0[2] = {self_id, right[b]}, w1[2] = {sym, right[b]};
            double g = logprob(self, w1, 2) - logprob(self, w0, 2);
            if (g < lo_r) lo_r = g;
            if (g > hi_r) hi_r = g;
        }
    }
    *low = lo_l + lo_r + pen;
    *high = hi_l + hi_r + pen;
}

/*
 * screen(ids u32, altmap u32, cand i64, pen f64) -> bytes of f64 pairs (low, high)
 * Bigram log-odds of the symbol reading of each candidate, under every reading of its
 * two neighbours (a neighbour that is itself a candidate may be either).  altmap[p] is
 * the symbol id of position p, or UINT32_MAX where p is not a candidate.  pen[i] is the
 * log-probability of the exact symbol within its model class (0 for unfolded symbols).
 */
static PyObject *Model_screen(ModelObject *self, PyObject *args) {
    Py_buffer ib, mb, cb, pb;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &ib, &mb, &cb, &pb)) return NULL;
    const double *pen = pb.buf;
    const uint32_t *ids = ib.buf;
    const uint32_t *altmap = mb.buf;
    Py_ssize_t n = ib.len / 4;
    const int64_t *cand = cb.buf;
    Py_ssize_t m = cb.len / 8;
    PyObject *out = PyBytes_FromStringAndSize(NULL, m * 2 * sizeof(double));
    if (out) {
        double *o = (double *)PyBytes_AS_STRING(out);
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < m; i++) {
            if (i + PREFETCH_AHEAD < m) prefetch_screen(self, ids, altmap, n, cand[i + PREFETCH_AHEAD]);
            screen_one(self, ids, altmap, n, cand[i], pen[i], &o[2 * i], &o[2 * i + 1]);
        }
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&ib);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&pb);
    return out;
}

/*
 * decode(ids u32, cand i64 sorted, alt u32, pen f64) -> (chosen u8 bytes, margin f64 bytes)
 * Candidates closer than `order` form a cluster decided by exact Viterbi; a state is
 * the readings of the cluster candidates among the last order-1 positions.
 */
static PyObject *Model_decode(ModelObject *self, PyObject *args) {
    Py_buffer ib, cb, ab, pb;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &ib, &cb, &ab, &pb)) return NULL;
    const double *pen = pb.buf;
    const uint32_t *ids = ib.buf;
    Py_ssize_t n = ib.len / 4;
    const int64_t *cand = cb.buf;
    const uint32_t *alt = ab.buf;
    Py_ssize_t m = cb.len / 8;
    const int order = self->order;
    const int nstates = 1 << (order - 1);
    const unsigned smask = (unsigned)nstates - 1;
    PyObject *chosen_b = PyBytes_FromStringAndSize(NULL, m);
    PyObject *margin_b = PyBytes_FromStringAndSize(NULL, m * sizeof(double));
    double *fwd = NULL, *bwd = NULL, *score = NULL;
    uint8_t *is_cand = NULL;
    uint32_t *alt_at = NULL;
    double *pen_at = NULL;
    Py_ssize_t *rank_of = NULL;
    if (!chosen_b || !margin_b) goto fail;
    uint8_t *chosen = (uint8_t *)PyBytes_AS_STRING(chosen_b);
    double *margin = (double *)PyBytes_AS_STRING(margin_b);
    if (m == 0) goto ok;

    Py_ssize_t cap = 0;
    int err = 0;
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t start = 0;
    while (start < m && !err) {
        Py_ssize_t stop = start + 1;
        while (stop < m && cand[stop] - cand[stop - 1] < order) stop++;
        if (start + PREFETCH_AHEAD < m) {
            Py_ssize_t ahead = start + PREFETCH_AHEAD;
            prefetch_windows(self, ids, n, cand[ahead], alt[ahead]);
        }
        if (stop == start + 1) { /* a lone candidate: no joint decision to make */
            double g = gain_at(self, ids, n, cand[start], alt[start], order) + pen[start];
            margin[start] = g;
            chosen[start] = g > 0;
            start = stop;
            continue;
        }
        Py_ssize_t first = cand[start];
        Py_ssize_t last_end = cand[stop - 1] + order - 1;
        if (last_end > n - 1) last_end = n - 1;
        Py_ssize_t span = last_end - first + 1;
        if (span > cap) {
            cap = span * 2;
            free(fwd); free(bwd); free(score); free(is_cand); free(alt_at); free(rank_of);
            free(pen_at);
            pen_at = malloc(sizeof(double) * cap);
            fwd = malloc(sizeof(double) * cap * nstates);
            bwd = malloc(sizeof(double) * cap * nstates);
            score = malloc(sizeof(double) * cap * nstates * 2);
            is_cand = malloc(cap);
            alt_at = malloc(sizeof(uint32_t) * cap);
            rank_of = malloc(sizeof(Py_ssize_t) * cap);
            if (!fwd || !bwd || !score || !is_cand || !alt_at || !rank_of || !pen_at) {
                err = 1;
                break;
            }
        }
        memset(is_cand, 0, span);
        for (Py_ssize_t i = start; i < stop; i++) {
            Py_ssize_t r = cand[i] - first;
            is_cand[r] = 1;
            alt_at[r] = alt[i];
            pen_at[r] = pen[i];
            rank_of[r] = i;
        }
        /* Forward pass, scoring as it goes.  score[t][s][r]: the n-gram ending at first+t
         * after state s, with reading r there.  States more than BEAM behind the best are
         * not extended: no three following n-grams recover that much. */
        uint32_t w[MAX_ORDER];
        for (Py_ssize_t t = 0; t < span; t++) {
            Py_ssize_t p = first + t;
            int nr = is_cand[t] ? 2 : 1;
            double best_prev = t == 0 ? 0.0 : -INFINITY;
            if (t > 0) {
                for (int s = 0; s < nstates; s++) {
                    if (fwd[(t - 1) * nstates + s] > best_prev) best_prev = fwd[(t - 1) * nstates + s];
                }
            }
            for (int s2 = 0; s2 < nstates; s2++) fwd[t * nstates + s2] = -INFINITY;
            /* Request every live state's slots first, so that their loads overlap. */
            for (int s = 0; s < nstates; s++) {
                double prev = t == 0 ? (s == 0 ? 0.0 : -INFINITY) : fwd[(t - 1) * nstates + s];
                if (prev == -INFINITY || prev < best_prev - BEAM) continue;
                window(ids, p, order, w);
                for (int j = 0; j < order - 1; j++) {
                    if ((s >> j) & 1) w[order - 2 - j] = alt_at[t - 1 - j];
                }
                prefetch_window(self, w, order);
                if (nr == 2) {
                    w[order - 1] = alt_at[t];
                    prefetch_window(self, w, order);
                }
            }
            for (int s = 0; s < nstates; s++) {
                double *cell = &score[(t * nstates + s) * 2];
                cell[0] = cell[1] = -INFINITY;
                double prev = t == 0 ? (s == 0 ? 0.0 : -INFINITY) : fwd[(t - 1) * nstates + s];
                if (prev == -INFINITY || prev < best_prev - BEAM) continue;
                window(ids, p, order, w);
                for (int j = 0; j < order - 1; j++) {
                    if ((s >> j) & 1) w[order - 2 - j] = alt_at[t - 1 - j];
                }
                if (nr == 2) {
                    logprob_pair(self, w, order, alt_at[t], &cell[0], &cell[1]);
                    cell[1] += pen_at[t];
                } else {
                    cell[0] = logprob(self, w, order);
                }
                for (int r = 0; r < nr; r++) {
                    int s2 = (int)(((unsigned)s << 1 | (unsigned)r) & smask);
                    double v = prev + cell[r];
                    if (v > fwd[t * nstates + s2]) fwd[t * nstates + s2] = v;
                }
            }
        }
        /* backward: bwd[t][s] = best of n-grams t+1.. given state s after t */
        for (int s = 0; s < nstates; s++) bwd[(span - 1) * nstates + s] = 0.0;
        for (Py_ssize_t t = span - 2; t >= 0; t--) {
            for (int s = 0; s < nstates; s++) {
                double best = -INFINITY;
                for (int r = 0; r < 2; r++) {
                    double sc = score[((t + 1) * nstates + s) * 2 + r];
                    if (sc == -INFINITY) continue;
                    int s2 = (int)(((unsigned)s << 1 | (unsigned)r) & smask);
                    double v = sc + bwd[(t + 1) * nstates + s2];
                    if (v > best) best = v;
                }
                bwd[t * nstates + s] = best;
            }
        }
        for (Py_ssize_t t = 0; t < span; t++) {
            if (!is_cand[t]) continue;
            double best[2] = {-INFINITY, -INFINITY};
            for (int s = 0; s < nstates; s++) {
                double v = fwd[t * nstates + s] + bwd[t * nstates + s];
                int r = s & 1;
                if (v > best[r]) best[r] = v;
            }
            Py_ssize_t i = rank_of[t];
            double d = best[1] - best[0];
            if (isinf(d)) d = d > 0 ? BEAM : -BEAM; /* the other reading fell off the beam */
            margin[i] = d;
            chosen[i] = best[1] > best[0];
        }
        start = stop;
    }
    Py_END_ALLOW_THREADS
    if (err) { PyErr_NoMemory(); goto fail; }
ok:
    free(fwd); free(bwd); free(score); free(is_cand); free(alt_at); free(rank_of); free(pen_at);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&pb);
    return Py_BuildValue("(NN)", chosen_b, margin_b);
fail:
    free(fwd); free(bwd); free(score); free(is_cand); free(alt_at); free(rank_of); free(pen_at);
    Py_XDECREF(chosen_b);
    Py_XDECREF(margin_b);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&pb);
    return NULL;
}

/* Per-code-point flags handed to quiet() (built by zhfix.decode.ShiftDecoder). */
#define F_SPACE 1
#define F_CANDIDATE 2
#define F_SYMBOL 4
#define F_PAUSE 8
#define F_ENDS_TEXT 16
#define F_PAIRED 32
enum { K_LINE, K_REGION, K_START, K_CLEAN_SYMBOL, K_PAIR_HALF, K_SPACED, K_END, K_PAUSE,
       K_NEGLIGIBLE, K_COUNT };

/*
 * quiet(codes u32, flags u8[0x110000], lut u16[0x110000], alt_id u32[0x110000],
 *       alt_pen f64[0x110000], params f64[K_COUNT]) -> float
 * An upper bound on what the best damaged region of the decoder's first segmentation
 * could earn, from the text's code points in one pass: the priors and the screen as
 * zhfix.decode computes them, every paired candidate given the pairing bonus, and a
 * segmentation free to switch at every event.  Below zero, the first segmentation finds
 * no damaged region (the text is clean) and the decoder need not build anything.
 * -inf when the text has no candidate.  With stop_above, the pass may stop as soon as the
 * bound is sure to exceed it, and returns a value above it, not the bound.
 */
static PyObject *Model_quiet(ModelObject *self, PyObject *args) {
    Py_buffer tb, fb, lb, ab, pb, kb;
    double stop_above = INFINITY;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*|d", &tb, &fb, &lb, &ab, &pb, &kb, &stop_above))
        return NULL;
    PyObject *result = NULL;
    const Py_ssize_t table = 0x110000;
    if (fb.len < table || lb.len < 2 * table || ab.len < 4 * table || pb.len < 8 * table ||
        kb.len < (Py_ssize_t)(K_COUNT * sizeof(double))) {
        PyErr_SetString(PyExc_ValueError, "quiet: tables too small");
        goto done;
    }
    const uint32_t *codes = tb.buf;
    const Py_ssize_t N = tb.len / 4;
    const uint8_t *flags = fb.buf;
    const uint16_t *lut = lb.buf;
    const uint32_t *alt_id = ab.buf;
    const double *alt_pen = pb.buf;
    const double *k = kb.buf;
    double best = -INFINITY;
    if (N == 0) {
        result = PyFloat_FromDouble(best);
        goto done;
    }
    uint32_t *ids = malloc(sizeof(uint32_t) * 2 * N);
    int32_t *line = malloc(sizeof(int32_t) * N);
    uint8_t *kind = malloc(N);
    double *pen = malloc(sizeof(double) * N);
    if (!ids || !line || !kind || !pen) {
        free(ids); free(line); free(kind); free(pen);
        PyErr_NoMemory();
        goto done;
    }
    uint32_t *altmap = ids + N;
    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t m = 0, nc = 0, ended = -1;
    int32_t lines = 0;
    int opens_line = 1;
    uint32_t last_code = 0;
    /* The end-of-text bonus, given once to a candidate that ends a line or the text. */
#define END_LINE_BONUS()                                                                  \
    do {                                                                                  \
        if (m > 0 && ended != m - 1 && (kind[m - 1] == 1 || kind[m - 1] == 3) &&         \
            (flags[last_code] & F_ENDS_TEXT)) {                                           \
            pen[m - 1] += k[K_END];                                                       \
            ended = m - 1;                                                                \
        }                                                                                 \
    } while (0)
    for (Py_ssize_t j = 0; j < N; j++) {
        uint32_t c = codes[j];
        if (c >= table) c = 0;
        uint8_t f = flags[c];
        if (f & F_SPACE) {
            if (c == 0x0A) {
                END_LINE_BONUS();
                lines++;
                opens_line = 1;
            }
            continue;
        }
        ids[m] = lut[c];
        altmap[m] = UINT32_MAX;
        line[m] = lines;
        kind[m] = 0;
        if (f & F_CANDIDATE) {
            double p = alt_pen[c];
            int left = j == 0 || (codes[j - 1] < table && (flags[codes[j - 1]] & F_SPACE));
            int right = j == N - 1 || (codes[j + 1] < table && (flags[codes[j + 1]] & F_SPACE));
            if (left && right) p += k[K_SPACED];
            if (opens_line && (f & F_PAUSE)) p -= k[K_PAUSE];
            altmap[m] = alt_id[c];
            pen[m] = p;
            kind[m] = (f & F_PAIRED) ? 3 : 1;
            nc++;
        } else if (f & F_SYMBOL) {
            kind[m] = 2;
        }
        last_code = c;
        opens_line = 0;
        m++;
    }
    END_LINE_BONUS();
#undef END_LINE_BONUS
    if (nc) {
        /* States: damaged, and clean after a damaged stretch (clean throughout earns 0). */
        double damaged = -INFINITY, after = -INFINITY;
        int32_t prev_line = -1;
        for (Py_ssize_t pos = 0; pos < m; pos++) {
            double v;
            if (kind[pos] == 1 || kind[pos] == 3) {
                double lo, hi;
                screen_one(self, ids, altmap, m, pos, pen[pos], &lo, &hi);
                double g = hi + (kind[pos] == 3 ? k[K_PAIR_HALF] : 0.0);
                if (!(g > k[K_NEGLIGIBLE])) continue;
                v = g > 0 ? g + log1p(exp(-g)) : log1p(exp(g));
            } else if (kind[pos] == 2) {
                v = -k[K_CLEAN_SYMBOL];
            } else {
                continue;
            }
            if (prev_line < 0) {
                double start = line[pos] == 0 ? k[K_START] : k[K_LINE];
                double enter = -start > -k[K_REGION] ? -start : -k[K_REGION];
                damaged = enter + v;
            } else {
                double cost = line[pos] != prev_line ? k[K_LINE] : k[K_REGION];
                double stay = damaged;
                if (-cost > stay) stay = -cost;
                if (after - cost > stay) stay = after - cost;
                double leave = damaged - cost;
                if (leave > after) after = leave;
                damaged = stay + v;
            }
            prev_line = line[pos];
            /* The best damaged region ending before here, which only grows: once above
             * stop_above, so is the bound, and the rest of the text cannot change that. */
            if (after > stop_above) break;
        }
        best = damaged > after ? damaged : after;
    }
    Py_END_ALLOW_THREADS
    free(ids); free(line); free(kind); free(pen);
    result = PyFloat_FromDouble(best);
done:
    PyBuffer_Release(&tb);
    PyBuffer_Release(&fb);
    PyBuffer_Release(&lb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&pb);
    PyBuffer_Release(&kb);
    return result;
}

/*
 * prepare(codes u32, flags u8[0x110000], lut u16[0x110000], alt_id u32[0x110000],
 *         alt_pen f64[0x110000], spaced_bonus, end_bonus, pause_cost)
 *   -> None, or (keep i64, compact u32, cand i64, ids u32, alt u32, line_starts i64,
 *                opens_line bool[m + 1], pen f64, genuine i64, altmap u32), as bytearrays
 * What zhfix.decode.ShiftDecoder.decode sets up before its first screen, in one pass over
 * the text (flags as for quiet()): the model positions (whitespace out) and their text
 * offsets, the candidates, the model ids, the line starts, the genuine symbols, and each
 * candidate's prior log-odds as ShiftDecoder._priors computes them, operation for
 * operation.  None when the text has no candidate.
 */
static PyObject *Model_prepare(ModelObject *self, PyObject *args) {
    Py_buffer tb, fb, lb, ab, pb;
    double spaced_bonus, end_bonus, pause_cost;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*ddd", &tb, &fb, &lb, &ab, &pb, &spaced_bonus,
                          &end_bonus, &pause_cost))
        return NULL;
    PyObject *result = NULL;
    PyObject *arr[10] = {NULL};
    const Py_ssize_t table = 0x110000;
    if (fb.len < table || lb.len < 2 * table || ab.len < 4 * table || pb.len < 8 * table) {
        PyErr_SetString(PyExc_ValueError, "prepare: tables too small");
        goto done;
    }
    const uint32_t *codes = tb.buf;
    const Py_ssize_t N = tb.len / 4;
    const uint8_t *flags = fb.buf;
    const uint16_t *lut = lb.buf;
    const uint32_t *alt_id = ab.buf;
    const double *alt_pen = pb.buf;
#define CODE(j) (codes[(j)] < (uint32_t)table ? codes[(j)] : 0)
    Py_ssize_t m = 0, nc = 0, ng = 0, nl = 0;
    for (Py_ssize_t j = 0; j < N; j++) {
        uint8_t f = flags[CODE(j)];
        if (f & F_SPACE) {
            nl += codes[j] == 0x0A;
            continue;
        }
        m++;
        nc += (f & F_CANDIDATE) != 0;
        ng += (f & F_SYMBOL) != 0;
    }
    if (nc == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    const Py_ssize_t sizes[10] = {8 * m, 4 * m, 8 * nc, 4 * m, 4 * nc, 8 * nl, m + 1, 8 * nc,
                                  8 * ng, 4 * m};
    for (int a = 0; a < 10; a++) {
        arr[a] = PyByteArray_FromStringAndSize(NULL, sizes[a]);
        if (!arr[a]) goto done;
    }
    int64_t *keep = (int64_t *)PyByteArray_AS_STRING(arr[0]);
    uint32_t *compact = (uint32_t *)PyByteArray_AS_STRING(arr[1]);
    int64_t *cand = (int64_t *)PyByteArray_AS_STRING(arr[2]);
    uint32_t *ids = (uint32_t *)PyByteArray_AS_STRING(arr[3]);
    uint32_t *alt = (uint32_t *)PyByteArray_AS_STRING(arr[4]);
    int64_t *line_starts = (int64_t *)PyByteArray_AS_STRING(arr[5]);
    uint8_t *opens_line = (uint8_t *)PyByteArray_AS_STRING(arr[6]);
    double *pen = (double *)PyByteArray_AS_STRING(arr[7]);
    int64_t *genuine = (int64_t *)PyByteArray_AS_STRING(arr[8]);
    uint32_t *altmap = (uint32_t *)PyByteArray_AS_STRING(arr[9]);
    memset(opens_line, 0, m + 1);
    opens_line[0] = 1;
    Py_ssize_t p = 0, c = 0, g = 0, l = 0;
    for (Py_ssize_t j = 0; j < N; j++) {
        uint32_t code = CODE(j);
        uint8_t f = flags[code];
        if (f & F_SPACE) {
            if (codes[j] == 0x0A) {
                line_starts[l++] = p;
                opens_line[p] = 1;
            }
            continue;
        }
        keep[p] = j;
        compact[p] = codes[j];
        ids[p] = lut[code];
        altmap[p] = UINT32_MAX;
        if (f & F_CANDIDATE) {
            cand[c] = p;
            alt[c] = alt_id[code];
            altmap[p] = alt_id[code];
            c++;
        }
        if (f & F_SYMBOL) genuine[g++] = p;
        p++;
    }
    /* The priors, once the line starts are all known (ShiftDecoder._priors). */
    for (c = 0; c < nc; c++) {
        Py_ssize_t q = cand[c];
        int64_t j = keep[q];
        uint32_t code = CODE(j);
        uint8_t f = flags[code];
        double v = alt_pen[code];
        if (spaced_bonus != 0.0) {
            int left = j == 0 || (flags[CODE(j - 1)] & F_SPACE);
            int right = j == N - 1 || (flags[CODE(j + 1)] & F_SPACE);
            v = v + spaced_bonus * (left && right ? 1.0 : 0.0);
        }
        int ends_line = opens_line[q + 1] || q == m - 1;
        v = v + end_bonus * (ends_line && (f & F_ENDS_TEXT) ? 1.0 : 0.0);
        pen[c] = v - pause_cost * (opens_line[q] && (f & F_PAUSE) ? 1.0 : 0.0);
    }
#undef CODE
    result = PyTuple_New(10);
    if (!result) goto done;
    for (int a = 0; a < 10; a++) {
        PyTuple_SET_ITEM(result, a, arr[a]);
        arr[a] = NULL;
    }
done:
    for (int a = 0; a < 10; a++) Py_XDECREF(arr[a]);
    PyBuffer_Release(&tb);
    PyBuffer_Release(&fb);
    PyBuffer_Release(&lb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&pb);
    return result;
}

/* logprob(windows u32 (M x order, row-major)) -> bytes of f64 (CharLM.score). */
static PyObject *Model_logprob(ModelObject *self, PyObject *args) {
    Py_buffer wb;
    if (!PyArg_ParseTuple(args, "y*", &wb)) return NULL;
    Py_ssize_t rows = wb.len / 4 / self->order;
    PyObject *out = PyBytes_FromStringAndSize(NULL, rows * sizeof(double));
    if (out) {
        double *o = (double *)PyBytes_AS_STRING(out);
        const uint32_t *w = wb.buf;
        for (Py_ssize_t i = 0; i < rows; i++) o[i] = logprob(self, w + i * self->order, self->order);
    }
    PyBuffer_Release(&wb);
    return out;
}

/* The two-state (clean 0 / damaged 1) Viterbi of segment(), into labels[0..n-1];
 * back is scratch of 2n bytes. */
static void segment_labels(const double *val, const double *cost, Py_ssize_t n, double start_cost,
                           uint8_t *labels, uint8_t *back) {
    double clean = 0.0, damaged = -start_cost;
    for (Py_ssize_t i = 0; i < n; i++) {
        double to_d = clean - cost[i], to_c = damaged - cost[i];
        back[2 * i] = clean >= to_c ? 0 : 1;
        back[2 * i + 1] = damaged >= to_d ? 1 : 0;
        double nc = clean >= to_c ? clean : to_c;
        double nd = (damaged >= to_d ? damaged : to_d) + val[i];
        clean = nc;
        damaged = nd;
    }
    int state = damaged > clean ? 1 : 0;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        labels[i] = (uint8_t)state;
        state = back[2 * i + state];
    }
}

/*
 * segment(values f64, costs f64, start_cost) -> labels u8
 * Two-state (clean 0 / damaged 1) Viterbi: a damaged item earns values[i], a clean one
 * nothing; switching before item i costs costs[i]; starting damaged costs start_cost.
 */
static PyObject *segment(PyObject *module, PyObject *args) {
    Py_buffer vb, cb;
    double start_cost;
    if (!PyArg_ParseTuple(args, "y*y*d", &vb, &cb, &start_cost)) return NULL;
    const double *val = vb.buf;
    const double *cost = cb.buf;
    Py_ssize_t n = vb.len / 8;
    PyObject *out = PyBytes_FromStringAndSize(NULL, n);
    uint8_t *back = n ? malloc(2 * (size_t)n) : NULL;
    if (!out || (n && !back)) {
        free(back);
        Py_XDECREF(out);
        PyBuffer_Release(&vb);
        PyBuffer_Release(&cb);
        return PyErr_NoMemory();
    }
    segment_labels(val, cost, n, start_cost, (uint8_t *)PyBytes_AS_STRING(out), back);
    free(back);
    PyBuffer_Release(&vb);
    PyBuffer_Release(&cb);
    return out;
}

/* numpy's pairwise summation of n doubles (the loop np.add.reduce and reduceat run), so
 * that a sum made here is the very double numpy makes. */
static double pairwise_sum(const double *a, Py_ssize_t n) {
    if (n < 8) {
        double res = -0.0;
        for (Py_ssize_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) r[j] = a[j];
        Py_ssize_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    Py_ssize_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/* log(1 + exp(g)) as numpy's logaddexp(0, g) computes it. */
static inline double logaddexp0(double g) {
    if (g == 0.0) return 0.0 + 0.693147180559945309417232121458176568; /* NPY_LOGE2 */
    double tmp = 0.0 - g;
    if (tmp > 0) return 0.0 + log1p(exp(-tmp));
    if (tmp <= 0) return g + log1p(exp(tmp));
    return tmp;
}

/*
 * spans(cand i64, gain f64, genuine i64, line_starts i64, n, clean_symbol_cost, line_cost,
 *       region_cost, negligible) -> list[(lo, hi, evidence)]
 * The damaged regions of zhfix.decode._damaged_spans (whose docstring says what they
 * are), computed in one pass with the same arithmetic, double for double.
 */
static PyObject *spans(PyObject *module, PyObject *args) {
    Py_buffer cb, gb, sb, lb;
    Py_ssize_t n;
    double clean_symbol_cost, line_cost, region_cost, negligible;
    if (!PyArg_ParseTuple(args, "y*y*y*y*ndddd", &cb, &gb, &sb, &lb, &n, &clean_symbol_cost,
                          &line_cost, &region_cost, &negligible))
        return NULL;
    const int64_t *cand = cb.buf, *genuine = sb.buf, *line_starts = lb.buf;
    const double *gain = gb.buf;
    Py_ssize_t nc = cb.len / 8, ng = sb.len / 8, nl = lb.len / 8;
    PyObject *result = NULL;
    Py_ssize_t ne = nc + ng;
    /* events, then runs (at most one per event, plus the end sentinel) */
    int64_t *ev_pos = malloc(sizeof(int64_t) * (ne + 1));
    int64_t *ev_line = malloc(sizeof(int64_t) * (ne + 1));
    double *ev_val = malloc(sizeof(double) * (ne + 1));
    Py_ssize_t *run_start = malloc(sizeof(Py_ssize_t) * (ne + 2));
    double *run_val = malloc(sizeof(double) * (ne + 1));
    double *cost = malloc(sizeof(double) * (ne + 1));
    uint8_t *lbb = malloc(ne + 1);
    uint8_t *labels = malloc(ne + 1);
    uint8_t *back = malloc(2 * (ne + 1));
    double *sums = malloc(sizeof(double) * (ne + 2));
    if (!ev_pos || !ev_line || !ev_val || !run_start || !run_val || !cost || !lbb || !labels ||
        !back || !sums) {
        PyErr_NoMemory();
        goto done;
    }
    /* Candidates with evidence and genuine symbols, merged by position (never equal). */
    Py_ssize_t e = 0, i = 0, j = 0, strong = 0;
    for (Py_ssize_t k = 0; k < nc; k++) strong += gain[k] > negligible;
    if (strong == 0) {
        result = PyList_New(0);
        goto done;
    }
    const double symbol_val = -clean_symbol_cost;
    for (;;) {
        while (i < nc && !(gain[i] > negligible)) i++;
        int take_cand;
        if (i < nc && j < ng) take_cand = cand[i] <= genuine[j];
        else if (i < nc) take_cand = 1;
        else if (j < ng) take_cand = 0;
        else break;
        if (take_cand) {
            ev_pos[e] = cand[i];
            ev_val[e] = logaddexp0(gain[i]);
            i++;
        } else {
            ev_pos[e] = genuine[j];
            ev_val[e] = symbol_val;
            j++;
        }
        e++;
    }
    ne = e;
    /* The line of each event: how many line starts are at or before it. */
    Py_ssize_t li = 0;
    for (e = 0; e < ne; e++) {
        while (li < nl && line_starts[li] <= ev_pos[e]) li++;
        ev_line[e] = li;
    }
    /* Runs of events of one sign on one line. */
    Py_ssize_t nr = 0;
    for (e = 0; e < ne; e++) {
        if (e == 0 || ((ev_val[e] > 0) != (ev_val[e - 1] > 0)) || ev_line[e] != ev_line[e - 1])
            run_start[nr++] = e;
    }
    run_start[nr] = ne;
    for (Py_ssize_t r = 0; r < nr; r++) {
        Py_ssize_t a = run_start[r], b = run_start[r + 1];
        run_val[r] = ev_val[a] + (b - a > 1 ? pairwise_sum(ev_val + a + 1, b - a - 1) : 0.0);
        if (b - a == 1) run_val[r] = ev_val[a];
        lbb[r] = r > 0 && ev_line[run_start[r]] != ev_line[run_start[r - 1]];
        cost[r] = lbb[r] ? line_cost : region_cost;
    }
    run_val[nr] = -INFINITY;
    cost[nr] = line_cost;
    segment_labels(run_val, cost, nr + 1, line_cost, labels, back);
    sums[0] = 0.0;
    for (Py_ssize_t r = 0; r < nr; r++) sums[r + 1] = sums[r] + run_val[r];
    result = PyList_New(0);
    if (!result) goto done;
    for (Py_ssize_t r = 0; r < nr; r++) {
        if (!labels[r] || (r > 0 && labels[r - 1])) continue;
        Py_ssize_t first = r, last = r;
        while (last + 1 < nr && labels[last + 1]) last++;
        int64_t first_line = ev_line[run_start[first]], last_line = ev_line[run_start[last]];
        int64_t lo, hi;
        if (first == 0) lo = 0;
        else if (lbb[first]) lo = first_line == 0 ? 0 : line_starts[first_line - 1];
        else lo = ev_pos[run_start[first] - 1] + 1; /* the end of the clean run before */
        if (last == nr - 1) hi = n;
        else if (lbb[last + 1]) {
            int64_t k = last_line + 1 < nl ? last_line + 1 : nl;
            hi = k == 0 ? 0 : line_starts[k - 1];
        } else hi = ev_pos[run_start[last + 1]];
        PyObject *t = Py_BuildValue("(LLd)", (long long)lo, (long long)hi,
                                    sums[last + 1] - sums[first]);
        if (!t || PyList_Append(result, t) < 0) {
            Py_XDECREF(t);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(t);
        r = last;
    }
done:
    free(ev_pos); free(ev_line); free(ev_val); free(run_start); free(run_val); free(cost);
    free(lbb); free(labels); free(back); free(sums);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&gb);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&lb);
    return result;
}

/*
 * forbid_neighbours(text u32, at i64, chosen u8 (written), margin f64 (written),
 *                   role u8[0x110000], symbol_of u32[0x110000], rules) -> None
 * zhfix.agreement.forbid_impossible_neighbours (whose docstring says what it does) in one
 * pass: role[c] has bit 2k set for a left mark of rule k and bit 2k+1 for a right one.
 */
static PyObject *forbid_neighbours(PyObject *module, PyObject *args) {
    Py_buffer tb, ab, cb, mb, rb, sb;
    int rules;
    if (!PyArg_ParseTuple(args, "y*y*w*w*y*y*i", &tb, &ab, &cb, &mb, &rb, &sb, &rules))
        return NULL;
    const uint32_t *text = tb.buf;
    const int64_t *at = ab.buf;
    uint8_t *chosen = cb.buf;
    double *margin = mb.buf;
    const uint8_t *role_of = rb.buf;
    const uint32_t *symbol_of = sb.buf;
    Py_ssize_t n = tb.len / 4, m = ab.len / 8;
    const Py_ssize_t table = 0x110000;
    PyObject *result = NULL;
    if (cb.len < m || mb.len < m * 8 || rb.len < table || sb.len < table * 4) {
        PyErr_SetString(PyExc_ValueError, "forbid_neighbours: arrays too small");
        goto done;
    }
#define ROLE(code) ((code) < (uint32_t)table ? role_of[(code)] : 0)
    /* The repairs, in order: where each is, its role as repaired, and whether to undo it. */
    Py_ssize_t np_ = 0;
    for (Py_ssize_t i = 0; i < m; i++) np_ += chosen[i] != 0;
    Py_ssize_t *picked = malloc(sizeof(Py_ssize_t) * (np_ + 1));
    uint8_t *role = malloc(np_ + 1), *undo = calloc(np_ + 1, 1);
    if (!picked || !role || !undo) {
        free(picked); free(role); free(undo);
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t q = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (!chosen[i]) continue;
        uint32_t c = text[at[i]];
        picked[q] = i;
        role[q] = c < (uint32_t)table ? ROLE(symbol_of[c]) : 0;
        q++;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        int64_t x = at[picked[p]];
        uint8_t after = x < n - 1 ? ROLE(text[x + 1]) : 0;
        uint8_t before = x > 0 ? ROLE(text[x - 1]) : 0;
        int adjacent = p + 1 < np_ && at[picked[p + 1]] - x == 1;
        for (int k = 0; k < rules; k++) {
            uint8_t left = (uint8_t)(1u << (2 * k)), right = (uint8_t)(2u << (2 * k));
            if ((role[p] & left) && (after & right)) undo[p] = 1; /* a real mark after */
            if ((role[p] & right) && (before & left)) undo[p] = 1; /* a real mark before */
            if (adjacent && (role[p] & left) && (role[p + 1] & right)) {
                /* two repairs side by side: the less certain goes */
                undo[margin[picked[p]] < margin[picked[p + 1]] ? p : p + 1] = 1;
            }
        }
    }
#undef ROLE
    for (Py_ssize_t p = 0; p < np_; p++) {
        if (!undo[p]) continue;
        chosen[picked[p]] = 0;
        margin[picked[p]] = -fabs(margin[picked[p]]);
    }
    free(picked); free(role); free(undo);
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&tb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&rb);
    PyBuffer_Release(&sb);
    return result;
}

/* The pairing rules' constants, handed in by zhfix.agreement. */
typedef struct {
    int64_t span, reach;
    double bonus;
} PairRules;

/* zhfix.agreement._open_empty_pair: an empty pair takes the character before it as its
 * opening mark where that can be one. */
static void open_empty_pair(Py_ssize_t e, Py_ssize_t f, const int64_t *pos, const uint8_t *opening,
                            uint8_t *picked, double *score, const PairRules *r) {
    if (pos[f] - pos[e] != 1 || e == 0) return;
    Py_ssize_t b = e - 1;
    if (opening[b] && !picked[b] && pos[b] == pos[e] - 1) {
        if (score[b] + r->bonus > 0) {
            picked[b] = 1;
            picked[e] = 0;
            score[b] += r->bonus;
            score[e] -= r->bonus;
        }
    }
}

/* zhfix.agreement._pair_scan over the n events of one pair type, step +1 or -1, with
 * the leaders of _unsettled_leaders (taken as the scan starts).  lopen is NULL for pair
 * types that are not quotation marks. */
static void pair_scan(Py_ssize_t n, const int64_t *pos, const uint8_t *opening, uint8_t *picked,
                      double *score, int step, const uint8_t *lopen, const PairRules *r,
                      Py_ssize_t *leaders) {
    int lead = step == 1;
    Py_ssize_t nl = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int is_lead = opening[i] == lead;
        if (!picked[i] || !is_lead) continue;
        /* settled: the next event that way is its picked partner, near, not an empty pair */
        Py_ssize_t o = i + step;
        int settled = 0;
        if (o >= 0 && o < n) {
            int64_t gap = step == 1 ? pos[o] - pos[i] : pos[i] - pos[o];
            settled = opening[o] != lead && picked[o] && gap <= r->span && (gap != 1 || step == -1);
        }
        if (!settled) leaders[nl++] = i;
    }
    for (Py_ssize_t q = 0; q < nl; q++) {
        Py_ssize_t e = leaders[step == 1 ? q : nl - 1 - q];
        if (!picked[e]) continue;
        Py_ssize_t best = -1, partner = -1;
        double best_score = 0.0;
        int continued = 0;
        Py_ssize_t f = e + step;
        while (f >= 0 && f < n && llabs(pos[f] - pos[e]) <= r->reach) {
            int64_t dist = llabs(pos[f] - pos[e]);
            int near = dist <= r->span;
            if (opening[f] == lead) {
                if (picked[f]) {
                    continued = lead && lopen && lopen[e] && lopen[f];
                    break;
                }
            } else if (picked[f]) {
                partner = f;
                break;
            } else if (near) {
                double cs = score[f] - (dist == 1 ? r->bonus : 0.0);
                if (best < 0 || cs > best_score) {
                    best = f;
                    best_score = cs;
                }
            }
            f += step;
        }
        if (partner >= 0 && llabs(pos[partner] - pos[e]) <= r->span) {
            open_empty_pair(e, partner, pos, opening, picked, score, r);
            continue;
        }
        if (best >= 0 && best_score + r->bonus > 0) {
            picked[best] = 1;
            score[best] += r->bonus;
        } else if (partner >= 0 || continued) {
            continue;
        } else if (score[e] < r->bonus) {
            picked[e] = 0;
            score[e] -= r->bonus;
        }
    }
}

/*
 * balance_pairs(shown u32, at i64, chosen u8 (written), margin f64 (written), eligible u8,
 *               opens_line u8, pair_kind i8[0x110000], kinds, quote_mask, span, reach,
 *               bonus) -> None
 * zhfix.agreement.balance_pairs (whose docstring says what it does) in one call: kind 2k
 * opens and 2k+1 closes pair type k < kinds; bit k of quote_mask marks quotation marks.
 */
static PyObject *balance_pairs(PyObject *module, PyObject *args) {
    Py_buffer sb, ab, cb, mb, eb, ob, kb;
    int kinds;
    long long quote_mask, span, reach;
    double bonus;
    if (!PyArg_ParseTuple(args, "y*y*w*w*y*y*y*iLLLd", &sb, &ab, &cb, &mb, &eb, &ob, &kb, &kinds,
                          &quote_mask, &span, &reach, &bonus))
        return NULL;
    const uint32_t *shown = sb.buf;
    const int64_t *at = ab.buf;
    uint8_t *chosen = cb.buf;
    double *margin = mb.buf;
    const uint8_t *eligible = eb.buf, *opens_line = ob.buf;
    const int8_t *pair_kind = kb.buf;
    Py_ssize_t m = ab.len / 8;
    PyObject *result = NULL;
    const PairRules rules = {span, reach, bonus};
    if (sb.len < m * 4 || cb.len < m || mb.len < m * 8 || eb.len < m || ob.len < m ||
        kb.len < 0x110000 || kinds > 62) {
        PyErr_SetString(PyExc_ValueError, "balance_pairs: arrays too small");
        goto release;
    }
    uint64_t present = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        int k = shown[i] < 0x110000 ? pair_kind[shown[i]] : -1;
        if (k >= 0 && chosen[i] && eligible[i]) present |= 1ULL << (k >> 1);
    }
    if (!present) {
        result = Py_NewRef(Py_None);
        goto release;
    }
    Py_ssize_t *events = malloc(sizeof(Py_ssize_t) * m), *leaders = malloc(sizeof(Py_ssize_t) * m);
    int64_t *pos = malloc(sizeof(int64_t) * m);
    uint8_t *opening = malloc(m), *picked = malloc(m), *lopen = malloc(m);
    double *score = malloc(sizeof(double) * m);
    if (!events || !leaders || !pos || !opening || !picked || !lopen || !score) {
        PyErr_NoMemory();
        goto free_all;
    }
    for (int k = 0; k < kinds; k++) {
        if (!((present >> k) & 1)) continue;
        Py_ssize_t n = 0;
        for (Py_ssize_t i = 0; i < m; i++) {
            int kind = shown[i] < 0x110000 ? pair_kind[shown[i]] : -1;
            if (!eligible[i] || (kind >> 1) != k || kind < 0) continue;
            events[n] = i;
            pos[n] = at[i];
            opening[n] = kind == 2 * k;
            picked[n] = chosen[i] != 0;
            score[n] = margin[i];
            lopen[n] = opens_line[i] != 0;
            n++;
        }
        const uint8_t *cont = ((quote_mask >> k) & 1) ? lopen : NULL;
        pair_scan(n, pos, opening, picked, score, 1, cont, &rules, leaders);
        pair_scan(n, pos, opening, picked, score, -1, cont, &rules, leaders);
        for (Py_ssize_t q = 0; q < n; q++) {
            chosen[events[q]] = picked[q];
            margin[events[q]] = score[q];
        }
    }
    result = Py_NewRef(Py_None);
free_all:
    free(events); free(leaders); free(pos); free(opening); free(picked); free(lopen); free(score);
release:
    PyBuffer_Release(&sb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&eb);
    PyBuffer_Release(&ob);
    PyBuffer_Release(&kb);
    return result;
}

/*
 * pair_evidence(shown u32, at i64, margin f64, pair_kind i8[0x110000], kinds, span, bonus)
 *   -> bytearray of f64
 * zhfix.agreement.pair_evidence (whose docstring says what it is): each plausible opening
 * candidate (margin > -bonus) and the next plausible closing one of its kind, if within
 * span, get bonus / 2 each.
 */
static PyObject *pair_evidence(PyObject *module, PyObject *args) {
    Py_buffer sb, ab, mb, kb;
    int kinds;
    long long span;
    double bonus;
    if (!PyArg_ParseTuple(args, "y*y*y*y*iLd", &sb, &ab, &mb, &kb, &kinds, &span, &bonus))
        return NULL;
    const uint32_t *shown = sb.buf;
    const int64_t *at = ab.buf;
    const double *margin = mb.buf;
    const int8_t *pair_kind = kb.buf;
    Py_ssize_t m = ab.len / 8;
    PyObject *out = NULL;
    Py_ssize_t *next_close = NULL;
    if (sb.len < m * 4 || mb.len < m * 8 || kb.len < 0x110000 || kinds < 0) {
        PyErr_SetString(PyExc_ValueError, "pair_evidence: arrays too small");
        goto done;
    }
    out = PyByteArray_FromStringAndSize(NULL, m * (Py_ssize_t)sizeof(double));
    next_close = malloc(sizeof(Py_ssize_t) * (kinds + 1));
    if (!out || !next_close) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    double *gain = (double *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t i = 0; i < m; i++) gain[i] = 0.0;
    for (int k = 0; k < kinds; k++) next_close[k] = -1;
    const double half = bonus / 2;
    for (Py_ssize_t i = m - 1; i >= 0; i--) {
        int kind = shown[i] < 0x110000 ? pair_kind[shown[i]] : -1;
        if (kind < 0 || (kind >> 1) >= kinds || !(margin[i] > -bonus)) continue;
        if (kind & 1) {
            next_close[kind >> 1] = i;
            continue;
        }
        Py_ssize_t c = next_close[kind >> 1];
        if (c >= 0 && at[c] - at[i] <= span) gain[i] = gain[c] = half;
    }
done:
    free(next_close);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&kb);
    return out;
}

/* The code point at text position j as now decided: a chosen candidate reads as its
 * symbol (zhfix.agreement._between_digits' reading()). */
static inline uint32_t reading_at(const uint32_t *text, const int64_t *at, const uint8_t *chosen,
                                  Py_ssize_t m, const uint32_t *symbol_of, int64_t j) {
    Py_ssize_t lo = 0, hi = m;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (at[mid] < j) lo = mid + 1;
        else hi = mid;
    }
    uint32_t code = text[j];
    return lo < m && at[lo] == j && chosen[lo] && code < 0x110000 ? symbol_of[code] : code;
}

static inline int code_in(uint32_t c, const uint32_t *codes, Py_ssize_t n) {
    for (Py_ssize_t q = 0; q < n; q++)
        if (codes[q] == c) return 1;
    return 0;
}

static inline int is_digit_code(uint32_t c) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0xFF10 && c <= 0xFF19);
}

/*
 * undo_lone_dashes(text u32, at i64, chosen u8 (written), margin f64 (written), eligible u8,
 *                  symbol_of u32[0x110000], is_range u8[0x110000], dash_code,
 *                  number_inner u32[], range_units u32[], bonus) -> None
 * zhfix.agreement.undo_lone_dashes (whose docstring says what it does) in one call.
 */
static PyObject *undo_lone_dashes(PyObject *module, PyObject *args) {
    Py_buffer tb, ab, cb, mb, eb, sb, rb, ib, ub;
    unsigned int dash_code;
    double bonus;
    if (!PyArg_ParseTuple(args, "y*y*w*w*y*y*y*Iy*y*d", &tb, &ab, &cb, &mb, &eb, &sb, &rb,
                          &dash_code, &ib, &ub, &bonus))
        return NULL;
    const uint32_t *text = tb.buf, *symbol_of = sb.buf, *inner = ib.buf, *units = ub.buf;
    Py_ssize_t nunits = ub.len / 4;
    const int64_t *at = ab.buf;
    uint8_t *chosen = cb.buf;
    double *margin = mb.buf;
    const uint8_t *eligible = eb.buf, *is_range = rb.buf;
    Py_ssize_t n = tb.len / 4, m = ab.len / 8, ninner = ib.len / 4;
    PyObject *result = NULL;
    uint8_t *flags = NULL;
    if (cb.len < m || mb.len < m * 8 || eb.len < m || sb.len < 4 * 0x110000 ||
        rb.len < 0x110000) {
        PyErr_SetString(PyExc_ValueError, "undo_lone_dashes: arrays too small");
        goto done;
    }
    int any_range = 0; /* any candidate that may be a range's dash (— － ～) */
    for (Py_ssize_t i = 0; i < m && !any_range; i++)
        any_range = text[at[i]] < 0x110000 && is_range[text[at[i]]];
    if (!any_range) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* bit 0: a range (between two numbers); bit 1: a repaired dash, not a range;
     * bit 2: a lone one, to undo */
    flags = calloc(m + 1, 1);
    if (!flags) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        uint32_t shown = text[at[i]];
        int undecided = chosen[i] ? margin[i] < bonus : margin[i] + bonus > 0;
        if (!eligible[i] || shown >= 0x110000 || !is_range[shown] || !undecided) continue;
        int64_t x = at[i];
        if (x == 0 || x == n - 1) continue;
        if (!is_digit_code(reading_at(text, at, chosen, m, symbol_of, x + 1))) continue;
        int64_t j = x - 1;
        uint32_t before = reading_at(text, at, chosen, m, symbol_of, j);
        if (code_in(before, units, nunits) && j > 0 &&
            is_digit_code(reading_at(text, at, chosen, m, symbol_of, j - 1))) {
            /* 482年—493年: the number after must carry the same unit */
            int same = 0;
            for (int64_t k = x + 1; k < n && !same; k++) {
                uint32_t r = reading_at(text, at, chosen, m, symbol_of, k);
                if (r == before) same = 1;
                else if (!is_digit_code(r) && !code_in(r, units, nunits)) break;
            }
            if (!same) continue;
            j -= 1;
        } else if (!is_digit_code(before)) {
            continue;
        }
        for (; j >= 0; j--) {
            uint32_t r = reading_at(text, at, chosen, m, symbol_of, j);
            int in_number = is_digit_code(r);
            for (Py_ssize_t q = 0; q < ninner && !in_number; q++) in_number = r == inner[q];
            if (!in_number) break;
        }
        int named = 0; /* the number is part of a name such as X200 */
        if (j >= 0) {
            uint32_t r = reading_at(text, at, chosen, m, symbol_of, j);
            named = (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z');
        }
        if (!named) flags[i] |= 1;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        if ((flags[i] & 1) && !chosen[i] && margin[i] + bonus > 0) {
            chosen[i] = 1;
            margin[i] += bonus;
        }
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        if (chosen[i] && text[at[i]] == dash_code && !(flags[i] & 1)) flags[i] |= 2;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        if (!(flags[i] & 2)) continue;
        int left = i > 0 && (flags[i - 1] & 2) && at[i - 1] == at[i] - 1;
        int right = i + 1 < m && (flags[i + 1] & 2) && at[i + 1] == at[i] + 1;
        if (!left && !right && margin[i] < bonus) flags[i] |= 4;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        if (!(flags[i] & 4)) continue;
        chosen[i] = 0;
        margin[i] -= bonus;
    }
    result = Py_NewRef(Py_None);
done:
    free(flags);
    PyBuffer_Release(&tb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&eb);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&rb);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&ub);
    return result;
}

/* The first index of the sorted pos[0..n-1] holding a value >= x (numpy's searchsorted). */
static inline Py_ssize_t lower_bound(const int64_t *pos, Py_ssize_t n, int64_t x) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (pos[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/*
 * in_spans(positions i64 sorted, spans list[(lo, hi, evidence)]) -> bytearray of bool
 * Whether each position lies in one of the spans [lo, hi).
 */
static PyObject *in_spans(PyObject *module, PyObject *args) {
    Py_buffer pb;
    PyObject *list;
    if (!PyArg_ParseTuple(args, "y*O!", &pb, &PyList_Type, &list)) return NULL;
    const int64_t *pos = pb.buf;
    Py_ssize_t n = pb.len / 8;
    PyObject *out = PyByteArray_FromStringAndSize(NULL, n);
    if (!out) goto done;
    uint8_t *inside = (uint8_t *)PyByteArray_AS_STRING(out);
    memset(inside, 0, n);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(list); k++) {
        PyObject *span = PyList_GET_ITEM(list, k);
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) < 2) {
            PyErr_SetString(PyExc_TypeError, "in_spans: spans are (lo, hi, evidence) tuples");
            Py_CLEAR(out);
            goto done;
        }
        long long lo = PyLong_AsLongLong(PyTuple_GET_ITEM(span, 0));
        long long hi = PyLong_AsLongLong(PyTuple_GET_ITEM(span, 1));
        if (PyErr_Occurred()) {
            Py_CLEAR(out);
            goto done;
        }
        Py_ssize_t a = lower_bound(pos, n, lo), b = lower_bound(pos, n, hi);
        for (Py_ssize_t i = a; i < b; i++) inside[i] = 1;
    }
done:
    PyBuffer_Release(&pb);
    return out;
}

static PyMethodDef module_methods[] = {
    {"segment", segment, METH_VARARGS,
     "segment(values, costs, start_cost) -> bytes(uint8): two-state Viterbi labels."},
    {"forbid_neighbours", forbid_neighbours, METH_VARARGS,
     "forbid_neighbours(text, at, chosen, margin, role, symbol_of, rules) -> None: undo "
     "repairs setting two marks side by side as no typesetter would, in place."},
    {"balance_pairs", balance_pairs, METH_VARARGS,
     "balance_pairs(shown, at, chosen, margin, eligible, opens_line, pair_kind, kinds, "
     "quote_mask, span, reach, bonus) -> None: make paired marks agree, in place."},
    {"pair_evidence", pair_evidence, METH_VARARGS,
     "pair_evidence(shown, at, margin, pair_kind, kinds, span, bonus) -> bytearray(float64): "
     "the pairing's evidence of damage per candidate."},
    {"undo_lone_dashes", undo_lone_dashes, METH_VARARGS,
     "undo_lone_dashes(text, at, chosen, margin, eligible, symbol_of, is_range, dash_code, "
     "number_inner, range_units, bonus) -> None: undo repaired dashes that stand alone, in place."},
    {"in_spans", in_spans, METH_VARARGS,
     "in_spans(positions, spans) -> bytearray(bool): whether each position is in a span."},
    {"spans", spans, METH_VARARGS,
     "spans(cand, gain, genuine, line_starts, n, clean_symbol_cost, line_cost, region_cost, "
     "negligible) -> list of (lo, hi, evidence): the decoder's damaged regions."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef Model_methods[] = {
    {"screen", (PyCFunction)Model_screen, METH_VARARGS,
     "screen(ids, altmap, cand, pen) -> bytes(float64 pairs): bigram log-odds bounds."},
    {"decode", (PyCFunction)Model_decode, METH_VARARGS,
     "decode(ids, cand, alt, pen) -> (chosen uint8 bytes, margin float64 bytes)."},
    {"quiet", (PyCFunction)Model_quiet, METH_VARARGS,
     "quiet(codes, flags, lut, alt_id, alt_pen, params) -> float: bound on damage evidence."},
    {"prepare", (PyCFunction)Model_prepare, METH_VARARGS,
     "prepare(codes, flags, lut, alt_id, alt_pen, spaced_bonus, end_bonus, pause_cost) -> "
     "the decoder's arrays for a text, or None without a candidate."},
    {"logprob", (PyCFunction)Model_logprob, METH_VARARGS,
     "logprob(windows) -> bytes(float64): log-probability of each row's last id."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "zhfix._ngram.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A back-off character n-gram model in hash tables.",
    .tp_methods = Model_methods,
    .tp_init = (initproc)Model_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ngram", "Hot loops of the zhfix decoder.", -1, module_methods,
};

PyMODINIT_FUNC PyInit__ngram(void) {
    if (PyType_Ready(&ModelType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(m, "Model", (PyObject *)&ModelType) < 0) {
        Py_DECREF(&ModelType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
