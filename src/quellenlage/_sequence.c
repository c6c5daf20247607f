/* Compiled kernels of quellenlage.sequence: Viterbi decoding and sequential emission sums.
 *
 * Both functions read and write caller-owned, C-contiguous buffers (numpy arrays) through
 * the buffer protocol, so the module needs only Python's headers, not numpy's. The
 * arithmetic is the one of the pure-numpy fallback in sequence.py, operation for operation
 * (IEEE adds in the array's own precision, first maximum wins), so both give identical
 * labels; setup.py compiles with -ffp-contract=off so that no add is fused or reordered.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Get a C-contiguous buffer of items of `itemsize` bytes and format char `code`. */
static int
get_buffer(PyObject *obj, Py_buffer *view, char code, Py_ssize_t itemsize, int writable,
           const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) {
        return -1;
    }
    const char *fmt = view->format ? view->format : "B";
    if (fmt[0] == '<' || fmt[0] == '=' || fmt[0] == '@') {
        fmt++;
    }
    if (view->itemsize != itemsize || fmt[0] != code || fmt[1] != '\0') {
        PyErr_Format(PyExc_TypeError, "%s: expected items of format '%c' (%zd bytes), got '%s'",
                     name, code, itemsize, view->format ? view->format : "B");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* One Viterbi pass over the segment [a, b) of emissions `e` (rows of L scores). */
/* One Viterbi pass over the segment [a, b) of emissions `e` (rows of L scores). ITYPE is an
 * integer as wide as TYPE, so that the inner loop compares and selects in one vector width. */
#define VITERBI_SEGMENT(TYPE, ITYPE)                                                        \
    static void viterbi_segment_##TYPE(const TYPE *e, const TYPE *trans, Py_ssize_t L,        \
                                       Py_ssize_t a, Py_ssize_t b, TYPE *restrict score,     \
                                       TYPE *restrict best, ITYPE *restrict arg,             \
                                       int32_t *back, int32_t *out)                          \
    {                                                                                         \
        Py_ssize_t t, i, j;                                                                   \
        memcpy(score, e + a * L, (size_t)L * sizeof(TYPE));                                   \
        for (t = a + 1; t < b; t++) {                                                         \
            int32_t *bk = back + (t - a) * L;                                                 \
            const TYPE *et = e + t * L;                                                       \
            /* best[j] = max over i of score[i] + trans[i][j], the first i on ties; j is   */ \
            /* the inner loop so that it runs over contiguous rows (vectorised).         */ \
            for (j = 0; j < L; j++) {                                                         \
                best[j] = score[0] + trans[j];                                                \
                arg[j] = 0;                                                                   \
            }                                                                                 \
            for (i = 1; i < L; i++) {                                                         \
                const TYPE si = score[i];                                                     \
                const TYPE *restrict row = trans + i * L;                                     \
                for (j = 0; j < L; j++) {                                                     \
                    const TYPE v = si + row[j];                                               \
                    const TYPE cur = best[j];                                                 \
                    const ITYPE m = -(ITYPE)(v > cur); /* all ones where v is better */       \
                    best[j] = v > cur ? v : cur;                                              \
                    arg[j] = (arg[j] & ~m) | ((ITYPE)i & m);                                  \
                }                                                                             \
            }                                                                                 \
            for (j = 0; j < L; j++) {                                                         \
                score[j] = best[j] + et[j];                                                   \
                bk[j] = (int32_t)arg[j];                                                      \
            }                                                                                 \
        }                                                                                     \
        int32_t last = 0;                                                                     \
        for (j = 1; j < L; j++) {                                                             \
            if (score[j] > score[last]) {                                                     \
                last = (int32_t)j;                                                            \
            }                                                                                 \
        }                                                                                     \
        out[b - 1] = last;                                                                    \
        for (t = b - 1; t > a; t--) {                                                         \
            last = back[(t - a) * L + last];                                                  \
            out[t - 1] = last;                                                                \
        }                                                                                     \
    }

VITERBI_SEGMENT(float, int32_t)
VITERBI_SEGMENT(double, int64_t)

/* Sequential row sums: out[t] = w[ids[t, 0]] + w[ids[t, 1]] + ... in column order, where a
 * negative id is an absent feature (the numpy fallback adds the all-zero last row instead,
 * which changes no sum). */
#define GATHER_SUM(TYPE)                                                                    \
    static void gather_sum_##TYPE(const TYPE *w, Py_ssize_t L, const int32_t *ids,            \
                                  Py_ssize_t n, Py_ssize_t k, TYPE *out)                      \
    {                                                                                         \
        Py_ssize_t t, c, l;                                                                   \
        for (t = 0; t < n; t++) {                                                             \
            TYPE *restrict o = out + t * L;                                                   \
            const int32_t *row = ids + t * k;                                                 \
            for (l = 0; l < L; l++) {                                                         \
                o[l] = 0;                                                                     \
            }                                                                                 \
            for (c = 0; c < k; c++) {                                                         \
                if (row[c] < 0) {                                                             \
                    continue;                                                                 \
                }                                                                             \
                const TYPE *restrict src = w + (Py_ssize_t)row[c] * L;                        \
                for (l = 0; l < L; l++) {                                                     \
                    o[l] = o[l] + src[l];                                                     \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
    }

GATHER_SUM(float)
GATHER_SUM(double)

static PyObject *
viterbi(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *e_obj, *t_obj, *s_obj, *o_obj;
    Py_ssize_t L;
    if (!PyArg_ParseTuple(args, "OOnOO", &e_obj, &t_obj, &L, &s_obj, &o_obj)) {
        return NULL;
    }
    Py_buffer probe;
    if (PyObject_GetBuffer(e_obj, &probe, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    char code = probe.format ? probe.format[strlen(probe.format) - 1] : 'B';
    Py_ssize_t itemsize = probe.itemsize;
    PyBuffer_Release(&probe);
    if (!((code == 'f' && itemsize == 4) || (code == 'd' && itemsize == 8))) {
        PyErr_SetString(PyExc_TypeError, "viterbi: emissions must be float32 or float64");
        return NULL;
    }
    Py_buffer e, t, s, o;
    if (get_buffer(e_obj, &e, code, itemsize, 0, "emissions") < 0) {
        return NULL;
    }
    if (get_buffer(t_obj, &t, code, itemsize, 0, "transitions") < 0) {
        PyBuffer_Release(&e);
        return NULL;
    }
    if (get_buffer(s_obj, &s, 'i', 4, 0, "starts") < 0) {
        PyBuffer_Release(&e);
        PyBuffer_Release(&t);
        return NULL;
    }
    if (get_buffer(o_obj, &o, 'i', 4, 1, "out") < 0) {
        PyBuffer_Release(&e);
        PyBuffer_Release(&t);
        PyBuffer_Release(&s);
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t n = L > 0 ? e.len / itemsize / L : 0;
    Py_ssize_t nseg = s.len / 4 - 1;
    const int32_t *starts = (const int32_t *)s.buf;
    void *score = NULL, *best = NULL, *arg = NULL;
    int32_t *back = NULL;
    if (L <= 0 || e.len != n * L * itemsize || t.len != L * L * itemsize || o.len != n * 4 ||
        nseg < 0) {
        PyErr_SetString(PyExc_ValueError, "viterbi: array sizes do not fit");
        goto done;
    }
    Py_ssize_t longest = 0;
    for (Py_ssize_t k = 0; k < nseg; k++) {
        Py_ssize_t a = starts[k], b = starts[k + 1];
        if (a < 0 || b < a || b > n) {
            PyErr_SetString(PyExc_ValueError, "viterbi: segment bounds out of range");
            goto done;
        }
        if (b - a > longest) {
            longest = b - a;
        }
    }
    score = PyMem_Malloc((size_t)L * itemsize);
    best = PyMem_Malloc((size_t)L * itemsize);
    arg = PyMem_Malloc((size_t)L * itemsize); /* int32 or int64: as wide as a score */
    back = PyMem_Malloc((size_t)(longest > 0 ? longest : 1) * L * sizeof(int32_t));
    if (score == NULL || best == NULL || arg == NULL || back == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < nseg; k++) {
        Py_ssize_t a = starts[k], b = starts[k + 1];
        if (a == b) {
            continue;
        }
        if (code == 'f') {
            viterbi_segment_float((const float *)e.buf, (const float *)t.buf, L, a, b,
                                  (float *)score, (float *)best, (int32_t *)arg, back,
                                  (int32_t *)o.buf);
        }
        else {
            viterbi_segment_double((const double *)e.buf, (const double *)t.buf, L, a, b,
                                   (double *)score, (double *)best, (int64_t *)arg, back,
                                   (int32_t *)o.buf);
        }
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(score);
    PyMem_Free(best);
    PyMem_Free(arg);
    PyMem_Free(back);
    PyBuffer_Release(&e);
    PyBuffer_Release(&t);
    PyBuffer_Release(&s);
    PyBuffer_Release(&o);
    return result;
}

static PyObject *
gather_sum(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *w_obj, *i_obj, *o_obj;
    Py_ssize_t L, k;
    if (!PyArg_ParseTuple(args, "OnOnO", &w_obj, &L, &i_obj, &k, &o_obj)) {
        return NULL;
    }
    Py_buffer probe;
    if (PyObject_GetBuffer(w_obj, &probe, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    char code = probe.format ? probe.format[strlen(probe.format) - 1] : 'B';
    Py_ssize_t itemsize = probe.itemsize;
    PyBuffer_Release(&probe);
    if (!((code == 'f' && itemsize == 4) || (code == 'd' && itemsize == 8))) {
        PyErr_SetString(PyExc_TypeError, "gather_sum: weights must be float32 or float64");
        return NULL;
    }
    Py_buffer w, ids, o;
    if (get_buffer(w_obj, &w, code, itemsize, 0, "weights") < 0) {
        return NULL;
    }
    if (get_buffer(i_obj, &ids, 'i', 4, 0, "ids") < 0) {
        PyBuffer_Release(&w);
        return NULL;
    }
    if (get_buffer(o_obj, &o, code, itemsize, 1, "out") < 0) {
        PyBuffer_Release(&w);
        PyBuffer_Release(&ids);
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t rows = L > 0 ? w.len / itemsize / L : 0;
    Py_ssize_t n = k > 0 ? ids.len / 4 / k : 0;
    if (L <= 0 || k <= 0 || w.len != rows * L * itemsize || ids.len != n * k * 4 ||
        o.len != n * L * itemsize) {
        PyErr_SetString(PyExc_ValueError, "gather_sum: array sizes do not fit");
        goto done;
    }
    const int32_t *idp = (const int32_t *)ids.buf;
    for (Py_ssize_t q = 0; q < n * k; q++) {
        if (idp[q] >= rows) {
            PyErr_SetString(PyExc_ValueError, "gather_sum: feature id out of range");
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    if (code == 'f') {
        gather_sum_float((const float *)w.buf, L, idp, n, k, (float *)o.buf);
    }
    else {
        gather_sum_double((const double *)w.buf, L, idp, n, k, (double *)o.buf);
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&w);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&o);
    return result;
}

static PyMethodDef methods[] = {
    {"viterbi", viterbi, METH_VARARGS,
     "viterbi(emissions, transitions, n_labels, starts, out): best label path of every "
     "segment [starts[k], starts[k+1]) into out (int32)."},
    {"gather_sum", gather_sum, METH_VARARGS,
     "gather_sum(weights, n_labels, ids, k, out): out[t] = sum of weights[ids[t, c]] for "
     "c = 0..k-1, added in column order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_sequence",
    "Compiled Viterbi and emission sums for quellenlage.sequence.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__sequence(void)
{
    return PyModule_Create(&module);
}
