/// An inline SVG chart of horizontal bars with their labels and values, longest first as given.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        /// The label left of the bar.
        public var label: String
        /// Its length.
        public var value: Int
        /// A CSS color.
        public var color: String

        /// A bar.
        public init(label: String, value: Int, color: String) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    /// What the chart shows, for screen readers.
    public var title: String
    /// The bars, top to bottom.
    public var bars: [Bar]
    /// Width in CSS pixels (the SVG scales to its container's width).
    public var width: Double

    /// A chart.
    public init(title: String, bars: [Bar], width: Double = 720) {
        self.title = title
        self.bars = bars
        self.width = width
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let rowHeight = 26.0, labelWidth = 210.0, valueWidth = 64.0
        let height = max(1, Double(bars.count)) * rowHeight + 8
        let track = width - labelWidth - valueWidth
        let maximum = Double(max(1, bars.map(\.value).max() ?? 1))
        let c = ChartNumber.coordinate
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" "
            + "aria-label=\"\(HTMLText.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        out += "<title>\(HTMLText.escape(title))</title>\n"
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = max(bar.value > 0 ? 2 : 0, Double(bar.value) / maximum * track)
            out += "<text x=\"\(c(labelWidth - 10))\" y=\"\(c(y + 16))\" text-anchor=\"end\" font-size=\"12\" "
                + "fill=\"#24292f\">\(HTMLText.escape(bar.label))</text>\n"
            out += "<rect x=\"\(c(labelWidth))\" y=\"\(c(y + 4))\" width=\"\(c(track))\" height=\"16\" rx=\"3\" fill=\"#f1f3f5\"/>\n"
            out += "<rect x=\"\(c(labelWidth))\" y=\"\(c(y + 4))\" width=\"\(c(length))\" height=\"16\" rx=\"3\" "
                + "fill=\"\(HTMLText.escape(bar.color))\"/>\n"
            out += "<text x=\"\(c(labelWidth + track + 8))\" y=\"\(c(y + 16))\" font-size=\"12\" font-weight=\"600\" "
                + "fill=\"#24292f\">\(ChartNumber.grouped(bar.value))</text>\n"
        }
        out += "</svg>"
        return out
    }
}
