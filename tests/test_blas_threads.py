"""numpy's BLAS runs single-threaded in the app: threads per request made the joint model 50x slower on a busy machine."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


# Asks the OpenBLAS that numpy loaded how many threads it runs (numpy's wheels bundle scipy-openblas).
THREADS = """
import ctypes, django
django.setup()
from diary import analysis  # numpy loads with the app, as in a request
maps = open("/proc/self/maps").read().split()
found = sorted({p for p in maps if "openblas" in p and ".so" in p})
lib = ctypes.CDLL(found[0]) if found else None
for name in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads", "openblas_get_num_threads"):
    if lib is not None and hasattr(lib, name):
        print(getattr(lib, name)())
        break
else:
    print("unknown")
"""


def test_it_runs_blas_in_one_thread():
    out = _run(THREADS)
    if out == "unknown":
        import pytest
        pytest.skip("numpy's BLAS is not an OpenBLAS we can ask")
    assert out == "1"


def test_the_wsgi_entry_point_sets_it_too():
    assert _run("import config.wsgi, os; print(os.environ['OPENBLAS_NUM_THREADS'])") == "1"


def test_an_explicit_setting_is_kept():
    code = "import os; os.environ['OPENBLAS_NUM_THREADS'] = '2'; import config; print(os.environ['OPENBLAS_NUM_THREADS'])"
    assert _run(code) == "2"
