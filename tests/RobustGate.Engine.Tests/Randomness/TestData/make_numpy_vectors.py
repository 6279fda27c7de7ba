"""Regenerates numpy_legacy_vectors.json with numpy's own legacy RandomState (numpy 1.24).
Run: /usr/bin/python3 make_numpy_vectors.py  (not needed by the tests, which only read the JSON)."""
import json
import numpy as np

N = 300
cases = []
for seed in (0, 1, 12345, 3163144369, 0xFFFFFFFF):
    rs = np.random.RandomState(seed)
    c = {"seed": seed}
    c["random_sample"] = [repr(float(v)) for v in rs.random_sample(N)]
    c["normal"] = [repr(float(v)) for v in rs.normal(0.5, 0.3, size=N + 1)]  # odd count leaves a cached Gaussian
    c["standard_normal_after"] = repr(float(rs.standard_normal()))
    c["uniform"] = [repr(float(v)) for v in rs.uniform(-45, 45, size=N)]
    c["randint_-3_3"] = [int(v) for v in rs.randint(-3, 3, size=N)]
    c["randint_5"] = [int(v) for v in rs.randint(5, size=N)]
    c["randint_0_767"] = [int(v) for v in rs.randint(0, 767, size=N)]
    c["choice_0.09"] = [bool(v) for v in rs.choice([True, False], size=N, p=[0.09, 0.91])]
    lam = np.linspace(0, 40, N)
    c["poisson_linspace_0_40"] = [int(v) for v in rs.poisson(lam)]
    st = rs.get_state()
    c["final_pos"] = int(st[2])
    c["final_has_gauss"] = int(st[3])
    c["final_key_head"] = [int(v) for v in st[1][:4]]
    cases.append(c)

arrays = []
for key in ([1, 2, 3], [0xDEADBEEF, 42]):
    rs = np.random.RandomState(np.array(key, dtype=np.uint32))
    arrays.append({"key": key, "random_sample": [repr(float(v)) for v in rs.random_sample(16)]})

json.dump({"numpy": np.__version__, "cases": cases, "seed_arrays": arrays}, open("numpy_legacy_vectors.json", "w"))
