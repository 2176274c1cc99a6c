/*
 * zhfix._pdftext: the per-character and per-object loops of PDF extraction.
 *
 * zhfix.pdf.extract asks PDFium, for every character of a page, its code point, font
 * size, loose box and origin, and for every page object its type and bounds.  Through
 * ctypes that is four foreign calls a character (most of the time extraction took);
 * here the same PDFium functions are called from C, through the addresses ctypes
 * resolved in pypdfium2's library (so no second copy of PDFium is linked), and the
 * results come back as one bytes object of packed records.
 *
 * The selection is the one extract.py documents: codes up to U+0020 and U+FFFF
 * (spaces, line ends PDFium generated) are left out, and UTF-16 surrogate pairs,
 * which PDFium reports as two characters, are joined into one code point at the low
 * surrogate's index (a lone surrogate is dropped).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    float left, top, right, bottom;
} RectF; /* PDFium's FS_RECTF */

typedef unsigned int (*GetUnicodeFn)(void *, int);
typedef double (*GetFontSizeFn)(void *, int);
typedef int (*GetLooseCharBoxFn)(void *, int, RectF *);
typedef int (*GetCharOriginFn)(void *, int, double *, double *);

typedef int (*CountObjectsFn)(void *);
typedef void *(*GetObjectFn)(void *, int);
typedef int (*GetTypeFn)(void *);
typedef int (*GetBoundsFn)(void *, float *, float *, float *, float *);

/* One kept character; struct format "@iIdffffdd" (48 bytes, no padding). */
typedef struct {
    int32_t index;
    uint32_t code;
    double size;
    float left, top, right, bottom;
    double ox, oy;
} CharRecord;

/* One page object: struct format "@iffff" (20 bytes). */
typedef struct {
    int32_t type;
    float left, bottom, right, top;
} ObjectRecord;

static void *address(PyObject *value) {
    void *p = PyLong_AsVoidPtr(value);
    return PyErr_Occurred() ? NULL : p;
}

static PyObject *chars(PyObject *self, PyObject *args) {
    PyObject *tp_o, *uni_o, *size_o, *box_o, *origin_o;
    int n;
    if (!PyArg_ParseTuple(args, "OiOOOO", &tp_o, &n, &uni_o, &size_o, &box_o, &origin_o))
        return NULL;
    void *tp = address(tp_o);
    GetUnicodeFn get_unicode = (GetUnicodeFn)address(uni_o);
    GetFontSizeFn get_size = (GetFontSizeFn)address(size_o);
    GetLooseCharBoxFn get_box = (GetLooseCharBoxFn)address(box_o);
    GetCharOriginFn get_origin = (GetCharOriginFn)address(origin_o);
    if (PyErr_Occurred())
        return NULL;
    if (!tp || !get_unicode || !get_size || !get_box || !get_origin || n < 0) {
        PyErr_SetString(PyExc_ValueError, "null text page or PDFium function");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * sizeof(CharRecord));
    if (!out)
        return NULL;
    CharRecord *rec = (CharRecord *)PyBytes_AS_STRING(out);
    Py_ssize_t kept = 0;
    unsigned int pending_high = 0;
    for (int i = 0; i < n; i++) {
        unsigned int code = get_unicode(tp, i);
        if (code <= 32 || code == 0xFFFF)
            continue;
        if (code >= 0xD800 && code < 0xDC00) {
            pending_high = code;
            continue;
        }
        if (code >= 0xDC00 && code < 0xE000) {
            if (!pending_high)
                continue;
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00);
            pending_high = 0;
        }
        CharRecord *r = &rec[kept++];
        RectF box = {0, 0, 0, 0};
        double ox = 0, oy = 0;
        r->index = i;
        r->code = code;
        r->size = get_size(tp, i);
        get_box(tp, i, &box);
        get_origin(tp, i, &ox, &oy);
        r->left = box.left;
        r->top = box.top;
        r->right = box.right;
        r->bottom = box.bottom;
        r->ox = ox;
        r->oy = oy;
    }
    if (_PyBytes_Resize(&out, kept * (Py_ssize_t)sizeof(CharRecord)) < 0)
        return NULL;
    return out;
}

static PyObject *objects(PyObject *self, PyObject *args) {
    PyObject *page_o, *count_o, *get_o, *type_o, *bounds_o;
    int path_type;
    if (!PyArg_ParseTuple(args, "OOOOOi", &page_o, &count_o, &get_o, &type_o, &bounds_o,
                          &path_type))
        return NULL;
    void *page = address(page_o);
    CountObjectsFn count = (CountObjectsFn)address(count_o);
    GetObjectFn get_object = (GetObjectFn)address(get_o);
    GetTypeFn get_type = (GetTypeFn)address(type_o);
    GetBoundsFn get_bounds = (GetBoundsFn)address(bounds_o);
    if (PyErr_Occurred())
        return NULL;
    if (!page || !count || !get_object || !get_type || !get_bounds) {
        PyErr_SetString(PyExc_ValueError, "null page or PDFium function");
        return NULL;
    }
    int n = count(page);
    if (n < 0)
        n = 0;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * sizeof(ObjectRecord));
    if (!out)
        return NULL;
    ObjectRecord *rec = (ObjectRecord *)PyBytes_AS_STRING(out);
    /* one set of bounds for the whole page, as the Python loop had: a path whose
     * bounds PDFium cannot give keeps the last ones */
    float left = 0, bottom = 0, right = 0, top = 0;
    for (int i = 0; i < n; i++) {
        void *obj = get_object(page, i);
        ObjectRecord *r = &rec[i];
        r->type = obj ? get_type(obj) : 0;
        if (obj && r->type == path_type)
            get_bounds(obj, &left, &bottom, &right, &top);
        r->left = left;
        r->bottom = bottom;
        r->right = right;
        r->top = top;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"chars", chars, METH_VARARGS,
     "chars(textpage, count, GetUnicode, GetFontSize, GetLooseCharBox, GetCharOrigin)\n"
     "-> bytes: a record (index, code, size, left, top, right, bottom, ox, oy) per kept\n"
     "character, struct format '@iIdffffdd'.  Arguments are addresses (ints)."},
    {"objects", objects, METH_VARARGS,
     "objects(page, CountObjects, GetObject, GetType, GetBounds, path_type) -> bytes:\n"
     "a record (type, left, bottom, right, top) per page object, struct format '@iffff';\n"
     "bounds are asked for path objects only (others repeat the last path's)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdftext",
                                    "The per-character loops of PDF extraction (PDFium).",
                                    -1, methods};

PyMODINIT_FUNC PyInit__pdftext(void) { return PyModule_Create(&module); }
