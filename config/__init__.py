"""Project configuration (settings, urls, wsgi).

numpy's BLAS must run single-threaded in this app, and the limit must be set before numpy is first
imported, which is why it lives here (imported before settings, hence before any app). A request's
joint model is a few small matrix products: on the 2-core machines we run on, OpenBLAS starting a
thread per core in every worker made one fit of twenty years of check-ins take 230-1,200 ms of CPU
while another process was busy, against 4-8 ms single-threaded. The web server runs requests in
parallel; a request gains nothing from threads of its own.
"""
import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
