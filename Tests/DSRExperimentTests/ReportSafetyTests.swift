@testable import DSRExperiment
import Foundation
import Testing

/// A report is safe to open whatever a results folder holds (issue 26, items 8 and 9): its own
/// script and style by hash under a Content-Security-Policy, snapshots as data: images, every
/// link relative, `./`-prefixed and percent-encoded.
@Suite("Report safety")
struct ReportSafetyTests {
  func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

  @Test("SHA-256 matches the FIPS 180-4 examples (one block, two blocks, empty, a million a)")
  func sha256() {
    #expect(hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(hex(SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
      == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    #expect(SHA256.cspSource("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
  }

  @Test("links: ./ first, each component percent-encoded, so no name reads as a scheme, query or fragment", arguments: [
    ("javascript:alert(1)/a/001/report.html", "./javascript%3Aalert%281%29/a/001/report.html"),
    ("../results.html", "./../results.html"),
    ("a b/#x?y=1&z/report.html", "./a%20b/%23x%3Fy%3D1%26z/report.html"),
    ("\"><script>alert(1)</script>/r.html", "./%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/r.html"),
    ("data:text/html,x/r.html", "./data%3Atext/html%2Cx/r.html"),
    ("Lorenz–63 ü/001/report.html", "./Lorenz%E2%80%9363%20%C3%BC/001/report.html"),
  ])
  func links(_ path: String, _ expected: String) {
    #expect(ReportPage.link(path) == expected)
  }

  @Test("a snapshot is a data: image: nothing of the file reaches the page as markup")
  func snapshotImage() {
    let planted = #"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><text>x</text></a></svg>"#
    let html = ReportPage.image(svg: planted, alt: "Epoch 4 \"><script>")
    #expect(html.hasPrefix(#"<img class="dsr-snapshot" alt="Epoch 4 &quot;&gt;&lt;script&gt;" src="data:image/svg+xml;base64,"#))
    #expect(!html.contains("alert") && !html.contains("onload") && html.filter { $0 == "<" }.count == 1)
    let base64 = html.components(separatedBy: "base64,")[1].dropLast(2)
    #expect(Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) } == planted)
  }

  @Test("the page's policy: nothing remote, no inline handlers or style attributes, its own script and style by hash")
  func policy() {
    let csp = ReportPage.contentSecurityPolicy
    #expect(csp.hasPrefix("default-src 'none'; "))
    #expect(csp.contains("script-src \(SHA256.cspSource(ReportPage.script));") && csp.contains("style-src \(SHA256.cspSource(ReportPage.css));"))
    #expect(csp.contains("img-src data:;") && csp.contains("base-uri 'none'") && csp.contains("form-action 'none'"))
    #expect(!csp.contains("unsafe") && !csp.contains("http") && !csp.contains("*"))
    var page = ReportPage(title: "t", subtitle: "s")
    page.section("Legend", id: "l", ReportPage.legend([("true", "#1f77b4"), ("\"><x onclick=y>", "red\" onclick=\"z")]))
    let html = page.html()
    // The policy comes before anything it governs, and the hashed texts are the page's own.
    let meta = html.range(of: #"<meta http-equiv="Content-Security-Policy" content=""#)!
    #expect(meta.lowerBound < html.range(of: "<style>")!.lowerBound)
    #expect(html.contains("<style>\(ReportPage.css)</style>") && html.contains("<script>\(ReportPage.script)</script>"))
    #expect(!html.contains("style=\"") && !html.contains("<x ") && !html.contains("onclick=\"z"), "\(html)")
  }
}
