package io.evex.runtime.analysis.track;

import io.evex.runtime.analysis.Detection;

/**
 * A constant-velocity Kalman filter on a box, as ByteTrack (and SORT/DeepSORT before it) keeps one
 * per track: state {@code cx, cy, a, h} (centre, aspect w/h, height) and their velocities;
 * measurement {@code cx, cy, a, h}. Noise scales with the box's height, so small far objects and
 * large near ones are trusted alike. Plain arrays: the matrices are 8x8 and 4x4.
 */
final class BoxKalman {

    private static final double STD_POSITION = 1.0 / 20;
    private static final double STD_VELOCITY = 1.0 / 160;

    /** State mean (8) and covariance (8x8). */
    final double[] x = new double[8];

    final double[][] p = new double[8][8];

    BoxKalman(Detection d) {
        x[0] = d.cx();
        x[1] = d.cy();
        x[2] = d.w() / d.h();
        x[3] = d.h();
        double h = d.h();
        double[] std = {
            2 * STD_POSITION * h,
            2 * STD_POSITION * h,
            1e-2,
            2 * STD_POSITION * h,
            10 * STD_VELOCITY * h,
            10 * STD_VELOCITY * h,
            1e-5,
            10 * STD_VELOCITY * h
        };
        for (int i = 0; i < 8; i++) {
            p[i][i] = std[i] * std[i];
        }
    }

    /** One frame ahead: x = F x, P = F P Fᵀ + Q. */
    void predict() {
        for (int i = 0; i < 4; i++) {
            x[i] += x[i + 4];
        }
        // F P Fᵀ with F = [[I, I], [0, I]]: add the velocity rows/columns to the position ones.
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 8; j++) {
                p[i][j] += p[i + 4][j];
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                p[i][j] += p[i][j + 4];
            }
        }
        double h = x[3];
        double[] std = {
            STD_POSITION * h,
            STD_POSITION * h,
            1e-2,
            STD_POSITION * h,
            STD_VELOCITY * h,
            STD_VELOCITY * h,
            1e-5,
            STD_VELOCITY * h
        };
        for (int i = 0; i < 8; i++) {
            p[i][i] += std[i] * std[i];
        }
    }

    /** Corrects the state with a measured box: K = P Hᵀ (H P Hᵀ + R)⁻¹, x += K (z − H x), P −= K H P. */
    void update(Detection d) {
        double[] z = {d.cx(), d.cy(), d.w() / d.h(), d.h()};
        double h = x[3];
        double[] r = {STD_POSITION * h, STD_POSITION * h, 1e-1, STD_POSITION * h};
        double[][] s = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                s[i][j] = p[i][j];
            }
            s[i][i] += r[i] * r[i];
        }
        double[][] sInv = invert4(s);
        double[][] k = new double[8][4]; // P Hᵀ S⁻¹: H picks the first four columns of P
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int m = 0; m < 4; m++) {
                    sum += p[i][m] * sInv[m][j];
                }
                k[i][j] = sum;
            }
        }
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = z[i] - x[i];
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                x[i] += k[i][j] * y[j];
            }
        }
        double[][] kh = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double sum = 0;
                for (int m = 0; m < 4; m++) {
                    sum += k[i][m] * p[m][j];
                }
                kh[i][j] = sum;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                p[i][j] -= kh[i][j];
            }
        }
    }

    double width() {
        return x[2] * x[3];
    }

    double height() {
        return x[3];
    }

    double left() {
        return x[0] - width() / 2;
    }

    double top() {
        return x[1] - height() / 2;
    }

    /** Gauss-Jordan with partial pivoting; S is symmetric positive definite, so it is invertible. */
    static double[][] invert4(double[][] m) {
        int n = 4;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            double d = a[c][c];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
