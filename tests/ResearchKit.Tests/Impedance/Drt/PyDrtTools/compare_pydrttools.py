# Runs pyDRTtools' own functions (ciuccislab/pyDRTtools, MIT, commit 445ecce0b9ba01d741530183dd5cc49d5b8d5ea0: basics.py and
# parameter_selection.py, imported from a checkout, not copied) on the spectra the kit's DRT tests use, and prints pyDRTtools'
# relative L2 error of gamma next to the kit's. The numbers in results.txt came from numpy 1.24.2, scipy 1.10.1, cvxopt 1.3.0
# (Debian 12 packages), 2026-11-25, on a 2-core machine shared with other builds (times are inflated).
# Usage: RESEARCHKIT_DRT_DUMP=/tmp/cases dotnet test --filter DrtPyDrtToolsComparisonTests   (writes the spectra and our gamma)
#        PYDRTTOOLS=/path/to/pyDRTtools/pyDRTtools CASES=/tmp/cases python3 compare_pydrttools.py
# pyDRTtools at its best = its own GCV score minimised by a grid search over its bounds [1e-7, 1] (10 per decade), first- or
# second-derivative penalty; "default" = its SLSQP optimiser started at lambda = 1e-3. Both with its default Gaussian RBF
# (FWHM coefficient 0.5), centres at 1/f, R_inf and L fitted, non-negative QP by cvxopt.
import os
import sys, types, time, math
for name in ["matplotlib", "matplotlib.pyplot", "sklearn", "sklearn.model_selection"]:
    m = types.ModuleType(name); sys.modules[name] = m
sys.modules["sklearn.model_selection"].KFold = object
import numpy as np
from cvxopt import matrix, solvers
solvers.options['show_progress'] = False
pkg = types.ModuleType("pyDRTtools"); pkg.__path__ = [os.environ.get("PYDRTTOOLS", "/tmp/pydrt/pyDRTtools")]; sys.modules["pyDRTtools"] = pkg
import io, contextlib
CASES = os.environ.get("CASES", "/tmp/pydrt/cases")
from pyDRTtools import basics, parameter_selection as param

def zarc_g(t, R, t0, phi): s = np.log(t/t0); return R/(2*np.pi)*np.sin(phi*np.pi)/(np.cosh(phi*s)+np.cos(phi*np.pi))
def hn_g(t, R, t0, a, b):
    y = t/t0; ya = y**a; th = np.arctan2(np.sin(np.pi*a), ya+np.cos(np.pi*a))
    return R/np.pi*ya**b*np.sin(b*th)/(1+2*ya*np.cos(np.pi*a)+ya*ya)**(b/2)
exact = {
 "1xZARC": lambda t: zarc_g(t,50,1e-3,0.8),
 "2xZARC": lambda t: zarc_g(t,30,1e-5,0.85)+zarc_g(t,50,1e-2,0.8),
 "HN": lambda t: hn_g(t,50,1e-3,0.8,0.7),
 "2xRC": None}
truth = {"1xZARC": (10,50), "2xZARC": (10,80), "HN": (10,50), "2xRC": (10,60)}

def run(freq, Z, mode, order=1):
    t0 = time.perf_counter()
    tau = 1/freq; N = freq.size
    eps = basics.compute_epsilon(freq, 0.5, 'Gaussian', 'FWHM Coefficient')
    Are_t = basics.assemble_A_re(freq, tau, eps, 'Gaussian'); Aim_t = basics.assemble_A_im(freq, tau, eps, 'Gaussian')
    M_t = basics.assemble_M_1(tau, eps, 'Gaussian') if order == 1 else basics.assemble_M_2(tau, eps, 'Gaussian')
    NRL = 2
    Are = np.zeros((N, N+NRL)); Are[:, NRL:] = Are_t; Are[:, 1] = 1
    Aim = np.zeros((N, N+NRL)); Aim[:, NRL:] = Aim_t; Aim[:, 0] = 2*np.pi*freq
    M = np.zeros((N+NRL, N+NRL)); M[NRL:, NRL:] = M_t
    t1 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        if mode == "default":   # pyDRTtools' own optimiser: SLSQP from lambda0 = 1e-3 within [1e-7, 1]
            lam = float(np.squeeze(basics.optimal_lambda(Are, Aim, Z.real, Z.imag, M, 'Combined Re-Im Data', 1, math.log(1e-3), 'GCV')))
        else:                   # grid search of its GCV score over its bounds, 10 per decade, then the best point
            grid = np.linspace(math.log(1e-7), math.log(1.0), 71)
            scores = [param.compute_GCV(g, Are, Aim, Z.real, Z.imag, M, 'Combined Re-Im Data', 1) for g in grid]
            lam = float(np.exp(grid[int(np.argmin(scores))]))
    t2 = time.perf_counter()
    H, c = basics.quad_format_combined(Are, Aim, Z.real, Z.imag, M, lam)
    G = matrix(-np.identity(N+NRL)); h = matrix(np.zeros(N+NRL))
    sol = solvers.qp(matrix(H), matrix(c), G, h)
    x = np.array(sol['x']).flatten()
    t3 = time.perf_counter()
    return x, lam, eps, tau, (t1-t0, t2-t1, t3-t2, t3-t0)

for name in ["1xZARC", "2xZARC", "HN", "2xRC"]:
    for kind in ["clean", "noise"]:
        d = np.loadtxt(f"{CASES}/{name}_{kind}.csv", delimiter=",")
        ours = np.loadtxt(f"{CASES}/{name}_{kind}.ours.csv", delimiter=",")
        freq, Z = d[:, 0], d[:, 1] + 1j*d[:, 2]
        for mode, order in [("grid", 1), ("default", 1), ("grid", 2)]:
            x, lam, eps, tau, tm = run(freq, Z, mode, order)
            tgrid = ours[:, 0]
            _, g = basics.x_to_gamma(x[2:], tgrid, tau, eps, 'Gaussian')
            g = np.asarray(g).flatten()
            rinf = x[1]; rpol = np.sum(x[2:])*math.sqrt(math.pi)/eps
            ex = exact[name]
            l2 = float(np.sqrt(np.sum((g-ex(tgrid))**2)/np.sum(ex(tgrid)**2))) if ex else float('nan')
            l2o = float(np.sqrt(np.sum((ours[:,1]-ex(tgrid))**2)/np.sum(ex(tgrid)**2))) if ex else float('nan')
            R0, RP = truth[name]
            print(f"{name:7s} {kind:5s} pyDRT-{mode:7s}-{order} lambda {lam:.2e} L2 {l2:.4f} (ours {l2o:.4f})  Rinf {100*(rinf/R0-1):+.2f}%  Rpol {100*(rpol/RP-1):+.2f}%  time {tm[3]*1000:.0f} ms (A {tm[0]*1000:.0f}, lambda {tm[1]*1000:.0f}, QP {tm[2]*1000:.0f})", flush=True)
