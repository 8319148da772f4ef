// The C libraries dsr stands on: OpenBLAS (CBLAS), LAPACKE and FFTW (double and single precision).
#ifndef DSR_CLINEARALGEBRA_SHIM_H
#define DSR_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#include <fftw3.h>
#endif
