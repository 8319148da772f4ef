import DSRPlot
import Foundation

/// One self-contained HTML page of `dsr report`: inline CSS, inline SVG figures and a little
/// inline JavaScript (a dimension selector, a snapshot slider, a rotatable 3-D view); no external
/// fonts, scripts or images, so it opens from a file:// URL without a network.
///
/// Safe to open whatever a results folder holds: its Content-Security-Policy (``contentSecurityPolicy``)
/// lets run only the page's own script and style (by their SHA-256) and load nothing but `data:`
/// images, so a planted `<script>`, an `onload=` or a remote URL in anything the page quotes does
/// nothing; files it shows that dsr did not draw now (the training snapshots) are `data:` images
/// (``image(svg:alt:)``), where browsers never run script; and every link is relative,
/// `./`-prefixed and percent-encoded (``link(_:)``), so no name becomes a `javascript:` URL.
///
/// When its script has run, the page sets `data-report-ready` on `<body>` to the number of figures
/// (and `data-report-error` if a script failed), which the browser test reads.
struct ReportPage {
  var title: String
  var subtitle: String
  private(set) var sections: [String] = []

  init(title: String, subtitle: String) { (self.title, self.subtitle) = (title, subtitle) }

  static func escape(_ s: String) -> String { SVGText.escape(s) }

  /// The `href` of a relative path: `./` first and each component percent-encoded (only
  /// unreserved characters stay), so no path can read as a URL scheme (`javascript:alert(1)/…`),
  /// a query or a fragment. Already HTML-safe.
  static func link(_ relativePath: String) -> String {
    var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    unreserved.insert(charactersIn: "-._~")
    let components = relativePath.split(separator: "/", omittingEmptySubsequences: true).map {
      $0 == ".." ? ".." : $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
    return "./" + components.joined(separator: "/")
  }

  /// An SVG file's text shown as an image (`<img src="data:image/svg+xml;base64,…">`): an SVG
  /// loaded as an image runs no script and loads nothing, whatever it holds, so files from a
  /// results folder received from someone else are shown this way rather than inlined.
  static func image(svg: String, alt: String) -> String {
    #"<img class="dsr-snapshot" alt="\#(escape(alt))" src="data:image/svg+xml;base64,\#(Data(svg.utf8).base64EncodedString())">"#
  }

  /// The page's policy: nothing from the network or other files, no plugins, no forms, no
  /// `<base>`; script and style only the page's own (their hashes), images only `data:` URIs.
  /// Inline event handlers and `style=` attributes are refused (no `'unsafe-inline'`).
  static let contentSecurityPolicy =
    "default-src 'none'; script-src \(SHA256.cspSource(script)); style-src \(SHA256.cspSource(css)); img-src data:; "
    + "base-uri 'none'; form-action 'none'"

  /// Appends a section with a heading and its HTML.
  mutating func section(_ heading: String, id: String, _ html: String) {
    sections.append(#"<section id="\#(id)"><h2>\#(Self.escape(heading))</h2>\#(html)</section>"#)
  }

  /// Figures in a wrapping row.
  static func figures(_ svgs: [String]) -> String {
    #"<div class="figures">"# + svgs.map { "<figure>\($0)</figure>" }.joined() + "</div>"
  }

  /// A colour legend in HTML: (label, colour) pairs as swatches.
  static func legend(_ entries: [(String, String)]) -> String {
    #"<p class="legend">"# + entries.map { #"<span><svg class="swatch" width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill="\#(escape($0.1))"/></svg>\#(escape($0.0))</span>"# }.joined() + "</p>"
  }

  /// A table with a header row; cells are HTML (escape text first). Columns whose index is in
  /// `numeric` are right-aligned.
  static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], classes: [String?]? = nil) -> String {
    var s = "<table><thead><tr>" + header.enumerated().map { #"<th\#(numeric.contains($0.offset) ? " class=\"num\"" : "")>\#($0.element)</th>"# }.joined() + "</tr></thead><tbody>"
    for (r, row) in rows.enumerated() {
      let cls = classes?[r].map { " class=\"\($0)\"" } ?? ""
      s += "<tr\(cls)>" + row.enumerated().map { #"<td\#(numeric.contains($0.offset) ? " class=\"num\"" : "")>\#($0.element)</td>"# }.joined() + "</tr>"
    }
    return s + "</tbody></table>"
  }

  /// A definition list of (term, HTML value) pairs.
  static func facts(_ pairs: [(String, String)]) -> String {
    "<dl class=\"facts\">" + pairs.map { "<dt>\(escape($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
  }

  /// Per-dimension figures with a selector when there are more than `visible` dimensions: the
  /// selector shows one group of `visible` dimensions at a time.
  static func dimensionGroups(_ svgs: [String], visible: Int, name: String) -> String {
    guard svgs.count > visible else { return figures(svgs) }
    let groups = stride(from: 0, to: svgs.count, by: visible).map { ($0, min($0 + visible, svgs.count)) }
    var s = #"<p><label>Dimensions <select class="dim-select" data-group="\#(name)">"#
    for (k, g) in groups.enumerated() { s += #"<option value="\#(k)">\#(g.0 + 1)–\#(g.1)</option>"# }
    s += "</select></label></p>"
    for (k, g) in groups.enumerated() {
      s += #"<div class="dim-group" data-group="\#(name)" data-index="\#(k)"\#(k == 0 ? "" : " hidden")>"# + figures(Array(svgs[g.0..<g.1])) + "</div>"
    }
    return s
  }

  /// Snapshots shown one at a time with a slider (e.g. the attractor forming during training).
  static func slider(_ svgs: [(label: String, svg: String)], name: String) -> String {
    guard !svgs.isEmpty else { return "" }
    var s = #"<p><label>Epoch <input type="range" class="snap-slider" data-group="\#(name)" min="0" max="\#(svgs.count - 1)" value="\#(svgs.count - 1)"> <output class="snap-label" data-group="\#(name)">\#(escape(svgs.last!.label))</output></label></p>"#
    for (k, snap) in svgs.enumerated() {
      s += #"<div class="snap" data-group="\#(name)" data-label="\#(escape(snap.label))"\#(k == svgs.count - 1 ? "" : " hidden")>\#(snap.svg)</div>"#
    }
    return s
  }

  /// A rotatable 3-D view of true and generated points (drag to rotate): an SVG redrawn by the
  /// page's script from the coordinates embedded as JSON (each normalised to −1…1 jointly).
  static func rotatable(title: String, names: [String], truth: [[Double]], generated: [[Double]], maxPoints: Int = 2500) -> String {
    guard truth.count >= 3, generated.count >= 3 else { return "" }
    var lo = [Double](repeating: .infinity, count: 3), hi = [Double](repeating: -.infinity, count: 3)
    for d in 0..<3 {
      for v in truth[d] + generated[d] where v.isFinite { lo[d] = min(lo[d], v); hi[d] = max(hi[d], v) }
    }
    func points(_ c: [[Double]]) -> String {
      let n = c[0].count, every = max(1, n / maxPoints)
      var out: [String] = []
      for i in stride(from: 0, to: n, by: every) {
        let p = (0..<3).map { d -> Double in
          let span = hi[d] - lo[d]
          return span > 0 ? 2 * (c[d][i] - lo[d]) / span - 1 : 0
        }
        guard p.allSatisfy(\.isFinite) else { continue }
        out.append(p.map { String(format: "%.3f", $0) }.joined(separator: ","))
      }
      return "[" + out.joined(separator: ",") + "]"
    }
    let data = #"{"names":[\#(names.prefix(3).map { "\"\(escape($0))\"" }.joined(separator: ","))],"truth":\#(points(truth)),"generated":\#(points(generated)),"colors":["\#(Palette.truth)","\#(Palette.generated)"]}"#
    return #"<figure class="rotatable"><label><input type="checkbox" class="show-truth" checked> true</label> <label><input type="checkbox" class="show-generated" checked> generated</label><svg xmlns="http://www.w3.org/2000/svg" class="dsr-figure dsr-3d" viewBox="0 0 420 420" width="380" height="380" font-family="system-ui, sans-serif" font-size="11" role="img"><title>\#(escape(title))</title><text x="210" y="16" text-anchor="middle" font-weight="600" font-size="12.5">\#(escape(title))</text><g class="scene"></g><text x="210" y="412" text-anchor="middle" fill='#777' font-size="10">drag to rotate · true (blue), generated (orange); tick to show either</text></svg><script type="application/json" class="dsr-3d-data">\#(data)</script></figure>"#
  }

  static let css = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
    header { background: #fff; border-bottom: 1px solid #ddd; padding: 14px 24px 10px; }
    header h1 { font-size: 20px; margin: 0 0 4px; }
    header p { margin: 0; color: #555; font-size: 13px; }
    nav { font-size: 13px; margin-top: 6px; } nav a { margin-right: 12px; color: #0b5cad; text-decoration: none; }
    main { padding: 8px 24px 40px; max-width: 1400px; }
    section { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 16px 12px; margin: 14px 0; }
    h2 { font-size: 16px; margin: 6px 0 8px; }
    .figures { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-start; }
    figure { margin: 0; }
    div.attractor { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-start; }
    div.attractor > div { display: flex; flex-direction: column; gap: 6px; }
    figure.rotatable label { font-size: 12.5px; margin-right: 10px; }
    svg.dsr-figure, svg.dsr-panels { background: #fff; display: block; max-width: 100%; height: auto; }
    svg.dsr-3d { cursor: grab; touch-action: none; }
    table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
    th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
    th { background: #f3f3f3; font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.summary td { background: #f7f9fc; font-weight: 600; }
    tr.best td { background: #fff6e5; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; margin: 4px 0; }
    dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
    .note { color: #666; font-size: 12.5px; max-width: 980px; }
    .warn { color: #9a3412; }
    p.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; margin: 4px 0; }
    p.legend svg.swatch { display: inline-block; margin-right: 5px; vertical-align: -1px; }
    img.dsr-snapshot { display: block; max-width: 100%; height: auto; background: #fff; }
    code { font-size: 12px; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
    details summary { cursor: pointer; color: #0b5cad; font-size: 13px; }
    """

  static let script = """
    (function () {
      window.addEventListener('error', function (e) { document.body.setAttribute('data-report-error', String(e.message)); });
      document.querySelectorAll('select.dim-select').forEach(function (sel) {
        sel.addEventListener('change', function () {
          document.querySelectorAll('.dim-group[data-group="' + sel.dataset.group + '"]').forEach(function (g) {
            g.hidden = g.dataset.index !== sel.value;
          });
        });
      });
      document.querySelectorAll('input.snap-slider').forEach(function (input) {
        var snaps = document.querySelectorAll('.snap[data-group="' + input.dataset.group + '"]');
        var label = document.querySelector('output.snap-label[data-group="' + input.dataset.group + '"]');
        input.addEventListener('input', function () {
          snaps.forEach(function (s, k) { s.hidden = String(k) !== input.value; });
          label.textContent = snaps[Number(input.value)].dataset.label;
        });
      });
      document.querySelectorAll('figure.rotatable').forEach(function (fig) {
        var svg = fig.querySelector('svg'), scene = fig.querySelector('g.scene');
        var data = JSON.parse(fig.querySelector('script.dsr-3d-data').textContent);
        var yaw = 0.6, pitch = 0.35, drag = null;
        function project(p) {
          var cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
          var x = cy * p[0] + sy * p[1], y0 = -sy * p[0] + cy * p[1];
          var y = cp * p[2] - sp * y0;
          return [210 + 125 * x, 205 - 125 * y];
        }
        function dots(points) {
          var d = '';
          for (var i = 0; i < points.length; i += 3) {
            var q = project([points[i], points[i + 1], points[i + 2]]);
            d += 'M' + q[0].toFixed(1) + ' ' + q[1].toFixed(1) + 'h0';
          }
          return d;
        }
        var truth = data.truth, gen = data.generated;
        function axes() {
          var s = '', o = project([-1, -1, -1]);
          for (var k = 0; k < 3; k++) {
            var e = [0, 1, 2].map(function (j) { return j === k ? 1.15 : -1; });
            var q = project(e);
            s += '<path d="M' + o[0].toFixed(1) + ' ' + o[1].toFixed(1) + 'L' + q[0].toFixed(1) + ' ' + q[1].toFixed(1) + '" stroke="#999"/>';
            s += '<text x="' + q[0].toFixed(1) + '" y="' + q[1].toFixed(1) + '" fill="#555">' + data.names[k] + '</text>';
          }
          return s;
        }
        var showTruth = fig.querySelector('input.show-truth'), showGenerated = fig.querySelector('input.show-generated');
        function draw() {
          scene.innerHTML = axes() +
            (showTruth.checked ? '<path d="' + dots(truth) + '" stroke="' + data.colors[0] + '" stroke-width="1.8" stroke-linecap="round" opacity="0.45"/>' : '') +
            (showGenerated.checked ? '<path d="' + dots(gen) + '" stroke="' + data.colors[1] + '" stroke-width="1.8" stroke-linecap="round" opacity="0.6"/>' : '');
        }
        showTruth.addEventListener('change', draw);
        showGenerated.addEventListener('change', draw);
        svg.addEventListener('pointerdown', function (e) { drag = [e.clientX, e.clientY, yaw, pitch]; svg.setPointerCapture(e.pointerId); });
        svg.addEventListener('pointermove', function (e) {
          if (!drag) return;
          yaw = drag[2] + (e.clientX - drag[0]) * 0.01;
          pitch = Math.max(-1.5, Math.min(1.5, drag[3] + (e.clientY - drag[1]) * 0.01));
          draw();
        });
        svg.addEventListener('pointerup', function () { drag = null; });
        draw();
      });
      document.body.setAttribute('data-report-ready', String(document.querySelectorAll('svg.dsr-figure, svg.dsr-panels').length));
    })();
    """

  /// The whole page.
  func html() -> String {
    """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="dsr \(Self.escape(ReportPage.generatorVersion))">
    <title>\(Self.escape(title))</title><style>\(Self.css)</style></head>
    <body><header><h1>\(Self.escape(title))</h1><p>\(subtitle)</p></header><main>
    \(sections.joined(separator: "\n"))
    </main><script>\(Self.script)</script></body></html>

    """
  }

  /// The version string written into the page's generator tag.
  static let generatorVersion = "report"
}
