/*
 * zhfix._glyf: the outline measure of one simple TrueType glyph, in C.
 *
 * zhfix.pdf.glyf reads a glyph's points from the glyf table and measures what
 * fontTools' BoundsPen measures: the ink bounds and the number of contours and
 * segments.  A newspaper's fonts hold hundreds of shifted-candidate ideographs of a
 * hundred points or more each, and walking them point by point in Python was most of
 * the time the glyph evidence took.  This is the same walk, step for step: the same
 * points, the same float operations in the same order as fontTools'
 * calcQuadraticBounds (so the bounds are equal to the last bit), the same min/max
 * choices between equal values.  tests/test_pdf_glyf.py checks every glyph of the
 * fixtures' fonts against fontTools' pens.
 *
 * simple_outline(data, pos, end, contours, offset) -> ((x0, y0, x1, y1), contours,
 * segments), or None for what the Python reader hands to fontTools (flags running
 * past the glyph, cubic flags, empty contours); ValueError where the Python reader's
 * struct reads fail (the header past the end of the table).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ON 1
#define X_SHORT 2
#define Y_SHORT 4
#define REPEAT 8
#define X_SAME 16
#define Y_SAME 32
#define CUBIC 128

/* Python's min(a, b) and max(a, b): the first argument unless the second is
 * strictly smaller (larger). */
static inline double py_min(double a, double b) { return b < a ? b : a; }
static inline double py_max(double a, double b) { return b > a ? b : a; }

/* One axis's absolute coordinates; 0 when the deltas run past ``end``. */
static int coordinates(const unsigned char *data, Py_ssize_t *pos, Py_ssize_t end,
                       const unsigned char *flags, Py_ssize_t count, int short_bit, int same_bit,
                       int64_t start, int64_t *out) {
    Py_ssize_t need = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        unsigned char f = flags[i];
        if (f & short_bit)
            need += 1;
        else if (!(f & same_bit))
            need += 2;
    }
    if (*pos + need > end)
        return 0;
    const unsigned char *p = data + *pos;
    int64_t value = start;
    for (Py_ssize_t i = 0; i < count; i++) {
        unsigned char f = flags[i];
        if (f & short_bit) {
            int64_t d = *p++;
            value += (f & same_bit) ? d : -d;
        } else if (!(f & same_bit)) {
            int16_t d = (int16_t)(((uint16_t)p[0] << 8) | p[1]);
            p += 2;
            value += d;
        }
        out[i] = value;
    }
    *pos += need;
    return 1;
}

/* fontTools' calcQuadraticBounds(p0, p1, p2), operation for operation. */
static void quadratic_bounds(double x1, double y1, double x2, double y2, double x3, double y3,
                             double *b) {
    double cx = x1, cy = y1;
    double bx = (x2 - cx) * 2.0;
    double by = (y2 - cy) * 2.0;
    double ax = x3 - cx - bx;
    double ay = y3 - cy - by;
    double ax2 = ax * 2.0, ay2 = ay * 2.0;
    double px[4], py[4];
    int n = 0;
    double roots[2];
    int n_roots = 0;
    if (ax2 != 0)
        roots[n_roots++] = -bx / ax2;
    if (ay2 != 0)
        roots[n_roots++] = -by / ay2;
    for (int k = 0; k < n_roots; k++) {
        double t = roots[k];
        if (0 <= t && t < 1) {
            px[n] = ax * t * t + bx * t + cx;
            py[n] = ay * t * t + by * t + cy;
            n++;
        }
    }
    px[n] = x1;
    py[n] = y1;
    n++;
    px[n] = x3;
    py[n] = y3;
    n++;
    b[0] = px[0], b[1] = py[0], b[2] = px[0], b[3] = py[0];
    for (int k = 1; k < n; k++) {
        b[0] = py_min(b[0], px[k]);
        b[1] = py_min(b[1], py[k]);
        b[2] = py_max(b[2], px[k]);
        b[3] = py_max(b[3], py[k]);
    }
}

static PyObject *measure(const unsigned char *data, Py_ssize_t size, Py_ssize_t pos,
                         Py_ssize_t end, int n_contours, int64_t offset) {
    if (pos < 0 || pos + 2 * (Py_ssize_t)n_contours > size) {
        PyErr_SetString(PyExc_ValueError, "contour ends past the table");
        return NULL;
    }
    uint16_t *end_pts = malloc(sizeof(uint16_t) * (size_t)n_contours);
    if (!end_pts)
        return PyErr_NoMemory();
    for (int c = 0; c < n_contours; c++)
        end_pts[c] = (uint16_t)((data[pos + 2 * c] << 8) | data[pos + 2 * c + 1]);
    pos += 2 * (Py_ssize_t)n_contours;
    if (pos + 2 > size) {
        free(end_pts);
        PyErr_SetString(PyExc_ValueError, "instructions past the table");
        return NULL;
    }
    Py_ssize_t n_instructions = (data[pos] << 8) | data[pos + 1];
    pos += 2 + n_instructions;
    Py_ssize_t count = (Py_ssize_t)end_pts[n_contours - 1] + 1;

    PyObject *result = NULL;
    unsigned char *flags = malloc((size_t)count + 256);
    int64_t *xs = malloc(sizeof(int64_t) * (size_t)count);
    int64_t *ys = malloc(sizeof(int64_t) * (size_t)count);
    Py_ssize_t *prev = malloc(sizeof(Py_ssize_t) * (size_t)count);
    Py_ssize_t *nxt = malloc(sizeof(Py_ssize_t) * (size_t)count);
    if (!flags || !xs || !ys || !prev || !nxt) {
        PyErr_NoMemory();
        goto done;
    }
    /* flags: a byte each, or a flag with REPEAT and its repeat count */
    Py_ssize_t n_flags = 0;
    while (n_flags < count) {
        Py_ssize_t need = count - n_flags;
        Py_ssize_t limit = pos + need < end ? pos + need : end;
        Py_ssize_t k = pos;
        while (k < limit && !(data[k] & REPEAT))
            k++;
        if (k >= limit) { /* the rest are single flags */
            if (pos + need > end)
                goto none;
            memcpy(flags + n_flags, data + pos, (size_t)need);
            n_flags += need;
            pos += need;
            break;
        }
        if (k + 1 >= end)
            goto none;
        memcpy(flags + n_flags, data + pos, (size_t)(k - pos));
        n_flags += k - pos;
        Py_ssize_t times = (Py_ssize_t)data[k + 1] + 1;
        if (n_flags + times > count) /* more than the points: the Python reader says no */
            goto none;
        memset(flags + n_flags, data[k], (size_t)times);
        n_flags += times;
        pos = k + 2;
    }
    if (n_flags != count)
        goto none;
    for (Py_ssize_t i = 0; i < count; i++)
        if (flags[i] & CUBIC)
            goto none;
    if (!coordinates(data, &pos, end, flags, count, X_SHORT, X_SAME, offset, xs))
        goto none;
    if (!coordinates(data, &pos, end, flags, count, Y_SHORT, Y_SAME, 0, ys))
        goto none;

    Py_ssize_t lines = 0, first = 0;
    for (int c = 0; c < n_contours; c++) {
        Py_ssize_t last = end_pts[c];
        if (last < first)
            goto none; /* an empty contour: fontTools fails on it */
        if (last >= count) {
            /* A contour ending past the last point: the Python reader fails looking up
             * the point before the first one (the contour's last) when the contour
             * starts on the curve; else a later contour ends before it starts. */
            if (first < count && (flags[first] & ON)) {
                PyErr_SetString(PyExc_ValueError, "a contour ends past the last point");
                goto done;
            }
            goto none;
        }
        prev[first] = last;
        for (Py_ssize_t j = first + 1; j <= last; j++)
            prev[j] = j - 1;
        for (Py_ssize_t j = first; j < last; j++)
            nxt[j] = j + 1;
        nxt[last] = first;
        for (Py_ssize_t j = first; j <= last; j++) {
            if (flags[j] & ON) {
                /* fontTools starts at the first on-curve point and leaves out the line
                 * that closes the contour back to it */
                lines -= flags[prev[j]] & ON;
                break;
            }
        }
        first = last + 1;
    }
    Py_ssize_t offs = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if ((flags[k] & ON) && (flags[prev[k]] & ON))
            lines++;
        if (!(flags[k] & ON))
            offs++;
    }
    /* segment ends: on-curve points, then the points implied between two off-curve
     * ones, in the Python reader's order (min/max keep the first of equal values) */
    int have = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!(flags[k] & ON))
            continue;
        double x = (double)xs[k];
        if (!have) {
            x0 = x1 = x;
            have = 1;
        } else {
            x0 = py_min(x0, x);
            x1 = py_max(x1, x);
        }
    }
    int have_y = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!(flags[k] & ON))
            continue;
        double y = (double)ys[k];
        if (!have_y) {
            y0 = y1 = y;
            have_y = 1;
        } else {
            y0 = py_min(y0, y);
            y1 = py_max(y1, y);
        }
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t n = nxt[k];
        if ((flags[k] & ON) || (flags[n] & ON))
            continue;
        double x = 0.5 * (double)(xs[k] + xs[n]);
        double y = 0.5 * (double)(ys[k] + ys[n]);
        if (!have) {
            x0 = x1 = x;
            y0 = y1 = y;
            have = have_y = 1;
        } else {
            x0 = py_min(x0, x);
            x1 = py_max(x1, x);
            y0 = py_min(y0, y);
            y1 = py_max(y1, y);
        }
    }
    if (!have) { /* min() of nothing: the Python reader raises */
        PyErr_SetString(PyExc_ValueError, "a glyph without segment ends");
        goto done;
    }
    /* each off-curve point is one quadratic segment; only one whose control point lies
     * outside the ends' box can reach past it */
    for (Py_ssize_t k = 0; k < count; k++) {
        if (flags[k] & ON)
            continue;
        double cx = (double)xs[k], cy = (double)ys[k];
        if (x0 <= cx && cx <= x1 && y0 <= cy && cy <= y1)
            continue;
        Py_ssize_t p = prev[k], n = nxt[k];
        double p0x, p0y, p2x, p2y;
        if (flags[p] & ON) {
            p0x = (double)xs[p];
            p0y = (double)ys[p];
        } else {
            p0x = 0.5 * ((double)xs[p] + cx);
            p0y = 0.5 * ((double)ys[p] + cy);
        }
        if (flags[n] & ON) {
            p2x = (double)xs[n];
            p2y = (double)ys[n];
        } else {
            p2x = 0.5 * (cx + (double)xs[n]);
            p2y = 0.5 * (cy + (double)ys[n]);
        }
        double b[4];
        quadratic_bounds(p0x, p0y, cx, cy, p2x, p2y, b);
        x0 = py_min(x0, b[0]);
        y0 = py_min(y0, b[1]);
        x1 = py_max(x1, b[2]);
        y1 = py_max(y1, b[3]);
    }
    result = Py_BuildValue("((dddd)in)", x0, y0, x1, y1, n_contours, offs + lines);
    goto done;
none:
    Py_INCREF(Py_None);
    result = Py_None;
done:
    free(end_pts);
    free(flags);
    free(xs);
    free(ys);
    free(prev);
    free(nxt);
    return result;
}

static PyObject *simple_outline(PyObject *self, PyObject *args) {
    Py_buffer buf;
    Py_ssize_t pos, end;
    int n_contours;
    long long offset;
    if (!PyArg_ParseTuple(args, "y*nniL", &buf, &pos, &end, &n_contours, &offset))
        return NULL;
    PyObject *out;
    if (n_contours <= 0 || end > buf.len || pos < 0) {
        PyErr_SetString(PyExc_ValueError, "bad glyph bounds");
        out = NULL;
    } else {
        out = measure((const unsigned char *)buf.buf, buf.len, pos, end, n_contours, offset);
    }
    PyBuffer_Release(&buf);
    return out;
}

static PyMethodDef methods[] = {
    {"simple_outline", simple_outline, METH_VARARGS,
     "simple_outline(data, pos, end, contours, offset) -> ((x0, y0, x1, y1), contours,\n"
     "segments) or None: the measure of the simple glyph whose contour ends start at\n"
     "``pos`` (zhfix.pdf.glyf)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_glyf",
                                    "The outline measure of simple TrueType glyphs.", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__glyf(void) { return PyModule_Create(&module); }
