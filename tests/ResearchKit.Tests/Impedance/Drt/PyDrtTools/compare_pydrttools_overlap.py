# Issue 11 comparison: runs pyDRTtools' own functions (ciuccislab/pyDRTtools, MIT, commit 445ecce: basics.py and
# parameter_selection.py, imported from a checkout, not copied) on the overlap set (two ZARCs 1 and 0.6 decade apart, four
# processes across D1..D4, skewed Havriliak-Negami, plus the issue-6 cases), clean and with 0.5 % noise (seeds 12129, 1..4).
# Prints, per spectrum, the kit's metrics (from the dumped gamma) and pyDRTtools' for: its GCV score minimised by a grid over
# [1e-7, 1] (71 points) with first (g1G) and second (g2G) derivative penalty, and its own SLSQP optimiser from 1e-3 (d1G).
# TIGHT=1 solves pyDRTtools' QP with cvxopt tolerances 1e-12 instead of its defaults (abstol 1e-7, reltol 1e-6): the default
# interior-point solve stops early, which smooths the near-noise-free solutions (see results-overlap*.txt).
# Metrics: relative L2 of gamma on the kit's output grid; peak = largest distance (decades) from an exact maximum to the
# nearest recovered one; area = largest relative error of gamma integrated between the exact distribution's valleys.
# Usage: RESEARCHKIT_DRT_DUMP=/tmp/cases dotnet test --filter DrtOverlapAccuracyTests   (writes spectra and our gamma)
#        PYDRTTOOLS=/path/to/pyDRTtools/pyDRTtools CASES=/tmp/cases python3 compare_pydrttools_overlap.py
# numpy 1.24.2, scipy 1.10.1, cvxopt 1.3.0 (Debian 12 packages).
import os, sys, types, time, math, io, contextlib, glob
for name in ["matplotlib", "matplotlib.pyplot", "sklearn", "sklearn.model_selection"]:
    sys.modules[name] = types.ModuleType(name)
sys.modules["sklearn.model_selection"].KFold = object
import numpy as np
from cvxopt import matrix, solvers
solvers.options['show_progress'] = False
pkg = types.ModuleType("pyDRTtools"); pkg.__path__ = [os.environ.get("PYDRTTOOLS", "/tmp/pydrt/pyDRTtools")]; sys.modules["pyDRTtools"] = pkg
CASES = os.environ.get("CASES", "/tmp/pydrt/cases")
with contextlib.redirect_stdout(io.StringIO()):
    from pyDRTtools import basics, parameter_selection as param

def zarc_g(t, R, t0, phi): s = np.log(t/t0); return R/(2*np.pi)*np.sin(phi*np.pi)/(np.cosh(phi*s)+np.cos(phi*np.pi))
def hn_g(t, R, t0, a, b):
    y = t/t0; ya = y**a; th = np.arctan2(np.sin(np.pi*a), ya+np.cos(np.pi*a))
    return R/np.pi*ya**b*np.sin(b*th)/(1+2*ya*np.cos(np.pi*a)+ya*ya)**(b/2)
def zs(*z): return lambda t: sum(zarc_g(t, *e) for e in z)
exact = {
 "1xZARC": zs((50,1e-3,0.8)),
 "2xZARC": zs((30,1e-5,0.85),(50,1e-2,0.8)),
 "HN": lambda t: hn_g(t,50,1e-3,0.8,0.7),
 "2xZARC-1dec": zs((30,1e-3,0.8),(40,1e-2,0.85)),
 "2xZARC-0.6dec": zs((20,1e-3,0.9),(30,4e-3,0.9)),
 "4xASSB": zs((8,5e-6,0.9),(15,3e-3,0.75),(25,0.5,0.7),(10,30,0.8)),
 "HN-skew": lambda t: hn_g(t,40,1e-2,0.9,0.5),
}
only = os.environ.get("ONLY", "")
cache = {}
def matrices(freq, order):
    key = (freq.tobytes(), order)
    if key in cache: return cache[key]
    tau = 1/freq; N = freq.size
    eps = basics.compute_epsilon(freq, 0.5, 'Gaussian', 'FWHM Coefficient')
    Are_t = basics.assemble_A_re(freq, tau, eps, 'Gaussian'); Aim_t = basics.assemble_A_im(freq, tau, eps, 'Gaussian')
    M_t = basics.assemble_M_1(tau, eps, 'Gaussian') if order == 1 else basics.assemble_M_2(tau, eps, 'Gaussian')
    NRL = 2
    Are = np.zeros((N, N+NRL)); Are[:, NRL:] = Are_t; Are[:, 1] = 1
    Aim = np.zeros((N, N+NRL)); Aim[:, NRL:] = Aim_t; Aim[:, 0] = 2*np.pi*freq
    M = np.zeros((N+NRL, N+NRL)); M[NRL:, NRL:] = M_t
    cache[key] = (Are, Aim, M, eps, tau)
    return cache[key]

def run(freq, Z, mode, order, crit='GCV'):
    Are, Aim, M, eps, tau = matrices(freq, order)
    N = freq.size
    fn = {'GCV': param.compute_GCV, 'mGCV': param.compute_mGCV, 'rGCV': param.compute_rGCV}[crit]
    with contextlib.redirect_stdout(io.StringIO()):
        if mode == "default":
            lam = float(np.squeeze(basics.optimal_lambda(Are, Aim, Z.real, Z.imag, M, 'Combined Re-Im Data', 1, math.log(1e-3), crit)))
        else:
            grid = np.linspace(math.log(1e-7), math.log(1.0), 71)
            scores = [fn(g, Are, Aim, Z.real, Z.imag, M, 'Combined Re-Im Data', 1) for g in grid]
            lam = float(np.exp(grid[int(np.argmin(scores))]))
    H, c = basics.quad_format_combined(Are, Aim, Z.real, Z.imag, M, lam)
    G = matrix(-np.identity(N+2)); h = matrix(np.zeros(N+2))
    if os.environ.get('TIGHT'): solvers.options.update({'abstol':1e-12,'reltol':1e-12,'feastol':1e-12})
    sol = solvers.qp(matrix(H), matrix(c), G, h)
    x = np.array(sol['x']).flatten()
    return x, lam, eps, tau

def metrics(tg, g, ex):
    e = ex(tg)
    l2 = float(np.sqrt(np.sum((g-e)**2)/np.sum(e**2)))
    # exact peaks and valleys on the output grid
    pk = [i for i in range(1, len(e)-1) if e[i] > e[i-1] and e[i] >= e[i+1]]
    va = [i for i in range(1, len(e)-1) if e[i] < e[i-1] and e[i] <= e[i+1]]
    rp = [i for i in range(1, len(g)-1) if g[i] > g[i-1] and g[i] >= g[i+1] and g[i] > 0.05*g.max()]
    dpk = max(min(abs(math.log10(tg[j]/tg[i])) for j in rp) if rp else 9 for i in pk)
    y = np.log(tg); edges = [0] + va + [len(tg)-1]
    darea = 0
    for a, b in zip(edges[:-1], edges[1:]):
        A = np.trapz(g[a:b+1], y[a:b+1]); Ae = np.trapz(e[a:b+1], y[a:b+1])
        darea = max(darea, abs(A/Ae-1))
    return l2, dpk, darea, len(rp), len(pk)

modes = [] if os.environ.get("NOPY") else [("grid",1,'GCV'), ("grid",2,'GCV'), ("default",1,'GCV')] + ([("grid",1,'mGCV'),("grid",1,'rGCV')] if os.environ.get("MORE") else [])
for path in sorted(glob.glob(f"{CASES}/*.ours.csv")):
    tag = os.path.basename(path)[:-9]
    name = tag.rsplit("_", 1)[0]
    if only and name not in only.split(","): continue
    d = np.loadtxt(f"{CASES}/{tag}.csv", delimiter=","); ours = np.loadtxt(path, delimiter=",")
    freq, Z = d[:, 0], d[:, 1] + 1j*d[:, 2]
    tg = ours[:, 0]; ex = exact[name]
    out = [f"{tag:22s} ours L2 {metrics(tg, ours[:,1], ex)[0]:.4f} pk {metrics(tg, ours[:,1], ex)[1]:.3f} area {metrics(tg, ours[:,1], ex)[2]:.3f} n {metrics(tg, ours[:,1], ex)[3]}/{metrics(tg, ours[:,1], ex)[4]}"]
    for mode, order, crit in modes:
        x, lam, eps, tau = run(freq, Z, mode, order, crit)
        _, g = basics.x_to_gamma(x[2:], tg, tau, eps, 'Gaussian'); g = np.asarray(g).flatten()
        m = metrics(tg, g, ex)
        out.append(f"  {mode[0]}{order}{crit[0]} L2 {m[0]:.4f} lam {lam:.1e} pk {m[1]:.3f} area {m[2]:.3f} n {m[3]}")
    print(" ".join(out), flush=True)
