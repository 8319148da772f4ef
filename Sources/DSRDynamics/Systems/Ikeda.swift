import Foundation

extension BenchmarkSystem {
  /// The Ikeda map: `t = 0.4 − 6/(1 + x² + y²)`, `x' = 1 + u(x cos t − y sin t)`,
  /// `y' = u(x sin t + y cos t)` with u = 0.9.
  ///
  /// Ikeda, K. (1979). Multiple-valued stationary state and its instability of the transmitted light
  /// by a ring cavity system. *Opt. Commun.* 30, 257–261. Equations, parameter and initial state from
  /// dysts (`Ikeda` in dysts/maps.py; Gilpin 2021, github.com/williamgilpin/dysts, Apache-2.0);
  /// reference exponents (per iteration) from `Tests/generate_lyapunov_references.py`.
  public static let ikeda = BenchmarkSystem(
    name: "ikeda", title: "Ikeda map", kind: .map, parameters: ["u": 0.9],
    exponents: [0.5085, -0.7193], dimension: { _ in 2 }, initial: { _ in [0.9, 0.55524451] },
    field: { p, v, _ in
      let (u, x, y) = (p[0], v[0], v[1])
      let t = 0.4 - 6 / (1 + x * x + y * y)
      let (c, s) = (Foundation.cos(t), Foundation.sin(t))
      return [1 + u * (x * c - y * s), u * (x * s + y * c)]
    },
    jacobian: { p, v, _ in
      let (u, x, y) = (p[0], v[0], v[1])
      let r2 = 1 + x * x + y * y
      let t = 0.4 - 6 / r2
      let (c, s) = (Foundation.cos(t), Foundation.sin(t))
      let (tx, ty) = (12 * x / (r2 * r2), 12 * y / (r2 * r2))  // ∂t/∂x, ∂t/∂y
      let (dx, dy) = (-x * s - y * c, x * c - y * s)  // ∂/∂t of (x cos t − y sin t) and (x sin t + y cos t)
      return [u * (c + dx * tx), u * (-s + dx * ty),
              u * (s + dy * tx), u * (c + dy * ty)]
    })
}
