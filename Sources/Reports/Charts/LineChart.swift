/// An inline SVG line chart over weeks: one line per series, round ticks, the latest value labelled,
/// and a legend. Missing values (`nil`) break the line.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        /// The legend text.
        public var name: String
        /// A CSS color.
        public var color: String
        /// One value per label; `nil` where unknown.
        public var values: [Double?]
        /// Drawn dashed (for a target or secondary series).
        public var dashed: Bool

        /// A series.
        public init(name: String, color: String, values: [Double?], dashed: Bool = false) {
            self.name = name
            self.color = color
            self.values = values
            self.dashed = dashed
        }
    }

    /// What the chart shows, for screen readers.
    public var title: String
    /// The x-axis labels (weeks), oldest first.
    public var labels: [String]
    /// The lines.
    public var series: [Series]
    /// How values are written.
    public var format: ChartValueFormat
    /// Size in CSS pixels (the SVG scales to its container's width).
    public var width: Double
    /// Height in CSS pixels.
    public var height: Double

    /// A chart.
    public init(title: String, labels: [String], series: [Series], format: ChartValueFormat = .integer,
                width: Double = 720, height: Double = 240) {
        self.title = title
        self.labels = labels
        self.series = series
        self.format = format
        self.width = width
        self.height = height
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let left = 56.0, right = 40.0, top = 20.0, bottom = 52.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let allValues = series.flatMap { $0.values.compactMap { $0 } }
        // Shares always span 0–100 % so weeks compare at a glance.
        let scale = format == .percent ? ChartScale(covering: 1, steps: 4, integral: false)
                                       : ChartScale(covering: allValues.max() ?? 1)
        let n = labels.count
        func x(_ index: Int) -> Double {
            n <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(n - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight - scale.position(value, length: plotHeight) }
        let c = ChartNumber.coordinate

        var out = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" "
            + "aria-label=\"\(HTMLText.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title>\(HTMLText.escape(title))</title>\n"
        for tick in scale.ticks {
            out += "<line x1=\"\(c(left))\" y1=\"\(c(y(tick)))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(y(tick)))\" "
                + "stroke=\"#e3e6ea\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(c(left - 8))\" y=\"\(c(y(tick) + 4))\" text-anchor=\"end\" font-size=\"11\" "
                + "fill=\"#6a737d\">\(HTMLText.escape(format.text(tick)))</text>\n"
        }
        let every = max(1, Int((Double(n) / 8).rounded(.up)))
        for (index, text) in labels.enumerated() where index % every == 0 || index == n - 1 {
            out += "<text x=\"\(c(x(index)))\" y=\"\(c(top + plotHeight + 18))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#6a737d\">\(HTMLText.escape(text))</text>\n"
        }
        for line in series {
            var segments: [[(Double, Double)]] = [[]]
            for (index, value) in line.values.prefix(n).enumerated() {
                if let value {
                    segments[segments.count - 1].append((x(index), y(value)))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            for segment in segments where segment.count > 1 {
                let points = segment.map { "\(c($0.0)),\(c($0.1))" }.joined(separator: " ")
                out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(HTMLText.escape(line.color))\" "
                    + "stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>\n"
            }
            for segment in segments {
                for point in segment {
                    out += "<circle cx=\"\(c(point.0))\" cy=\"\(c(point.1))\" r=\"3.5\" fill=\"#fff\" "
                        + "stroke=\"\(HTMLText.escape(line.color))\" stroke-width=\"2\"/>\n"
                }
            }
            if let lastIndex = line.values.prefix(n).lastIndex(where: { $0 != nil }), let value = line.values[lastIndex] {
                out += "<text x=\"\(c(x(lastIndex)))\" y=\"\(c(y(value) - 9))\" text-anchor=\"middle\" font-size=\"12\" "
                    + "font-weight=\"600\" fill=\"\(HTMLText.escape(line.color))\">\(HTMLText.escape(format.text(value)))</text>\n"
            }
        }
        var legendX = left
        for line in series {
            let legendY = height - 12
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            out += "<line x1=\"\(c(legendX))\" y1=\"\(c(legendY - 4))\" x2=\"\(c(legendX + 18))\" y2=\"\(c(legendY - 4))\" "
                + "stroke=\"\(HTMLText.escape(line.color))\" stroke-width=\"2.5\"\(dash)/>\n"
            out += "<text x=\"\(c(legendX + 24))\" y=\"\(c(legendY))\" font-size=\"12\" fill=\"#24292f\">"
                + "\(HTMLText.escape(line.name))</text>\n"
            legendX += 40 + Double(line.name.count) * 6.5
        }
        out += "</svg>"
        return out
    }
}
