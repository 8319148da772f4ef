import DSRTestSupport
import Foundation
import Testing

@Suite("dsr lyapunov")
struct LyapunovCommandTests {
  @Test("benchmark systems: Hénon per iteration, Lorenz-63 per time unit, parameters overridable")
  func systems() throws {
    let henon = try DSRProcess.run(["lyapunov", "--system", "henon", "--steps", "50000", "--json"])
    #expect(henon.status == 0, "\(henon.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(henon.stdout.utf8)) as! [String: Any]
    let l = object["exponents"] as! [Double]
    #expect(Swift.abs(l[0] - 0.419) < 0.01 && Swift.abs(l[0] + l[1] - Foundation.log(0.3)) < 1e-9)
    #expect(object["unit"] as? String == "per iteration")
    let lorenz = try DSRProcess.run(["lyapunov", "--system", "Lorenz-63", "--steps", "30000", "--max-only", "--json"])
    let max = (try JSONSerialization.jsonObject(with: Data(lorenz.stdout.utf8)) as! [String: Any])["exponents"] as! [Double]
    #expect(max.count == 1 && Swift.abs(max[0] - 0.906) < 0.06)
    // ρ = 0.5 < 1: the origin is a stable fixed point, every exponent is negative.
    let stable = try DSRProcess.run(["lyapunov", "--system", "lorenz63", "--param", "rho=0.5", "--steps", "5000", "--json"])
    let ls = (try JSONSerialization.jsonObject(with: Data(stable.stdout.utf8)) as! [String: Any])["exponents"] as! [Double]
    #expect(ls.allSatisfy { $0 < 0 })
  }

  @Test("errors name the system or parameter and the valid choices")
  func errors() throws {
    let unknown = try DSRProcess.run(["lyapunov", "--system", "lorenz64"])
    #expect(unknown.status != 0 && unknown.stderr.contains("lorenz64") && unknown.stderr.contains("lorenz63"))
    let param = try DSRProcess.run(["lyapunov", "--system", "lorenz63", "--param", "r=3"])
    #expect(param.status != 0 && param.stderr.contains("sigma, rho, beta"))
    let neither = try DSRProcess.run(["lyapunov"])
    #expect(neither.status != 0 && neither.stderr.contains("--system"))
  }
}
