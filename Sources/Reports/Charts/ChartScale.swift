import Foundation

/// A value axis from zero to a round maximum, with evenly spaced round ticks.
struct ChartScale: Sendable, Hashable {
    /// The top of the axis.
    let maximum: Double
    /// The tick values, from 0 to `maximum`.
    let ticks: [Double]

    /// A scale whose top is the smallest round value (1, 2, 2.5 or 5 × 10ⁿ per step) at or above `value`,
    /// in about `steps` steps; whole numbers only when `integral`.
    init(covering value: Double, steps: Int = 4, integral: Bool = true) {
        let top = max(value, integral ? 1 : 0.0001)
        let raw = top / Double(steps)
        let magnitude = pow(10, floor(log10(raw)))
        var step = magnitude
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] {
            let candidate = factor * magnitude
            if candidate >= raw && (!integral || candidate.rounded() == candidate) {
                step = candidate
                break
            }
        }
        if integral { step = max(1, step.rounded(.up)) }
        let count = Int((top / step).rounded(.up))
        maximum = step * Double(max(1, count))
        ticks = (0...max(1, count)).map { Double($0) * step }
    }

    /// `value`'s position on an axis of `length` points, 0 at the bottom.
    func position(_ value: Double, length: Double) -> Double {
        maximum <= 0 ? 0 : value / maximum * length
    }
}

/// How chart values are written.
public enum ChartValueFormat: Sendable, Hashable {
    /// Whole numbers with thousands separators: `12,345`.
    case integer
    /// A fraction as a percentage: `0.625` → `62.5%`.
    case percent

    /// `value` as text.
    func text(_ value: Double) -> String {
        switch self {
        case .integer: return ChartNumber.grouped(Int(value.rounded()))
        case .percent: return ChartNumber.percent(value)
        }
    }
}

/// Locale-independent number formatting for reports, so outputs are identical on every machine.
public enum ChartNumber {
    /// `12345` → `12,345`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `0.625` → `62.5%`; whole percentages drop the decimal (`0.5` → `50%`).
    public static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : String(format: "%.1f%%", tenths)
    }

    /// A coordinate with at most one decimal, for compact and stable SVG.
    static func coordinate(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))" : String(format: "%.1f", tenths)
    }
}
