"""coproduce: co-produce public services with the people who use them."""

import os

__version__ = "0.1.0"

# One BLAS thread in every process of ours (the web server, the Celery worker, `coproduce analyse`, the tests),
# unless the environment says otherwise; set here, on the package's first import, because it only works before
# NumPy loads. The engine's dense products are small (participants x groups, statements x axes): OpenBLAS's
# threads gain nothing on them and busy-wait between calls, taking the core from the engine's own threads and
# from other requests. Measured on the analysis of 2 M votes in one process, three runs each, the two settings
# alternating: 0.84-0.91 s with one thread against 1.01-1.02 s with two (the fastest runs), and 1.11-1.19 s of
# processor time against 1.49-1.52 s (decision 0025).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
