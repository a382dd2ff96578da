/// How much work the extraction of one file may do: a count of steps (characters looked at, nodes
/// visited, instructions read) and optionally a deadline on the monotonic clock.
///
/// Extraction is synchronous and cannot be interrupted from outside, so the extractors check the
/// budget themselves in their loops: once it is spent, every loop stops, the facts found so far are
/// kept and the file gets one warning saying where reading stopped. Whatever makes a file
/// pathological, it then costs a bounded time and is reported, and the crawl goes on.
///
/// One budget serves one extraction on one thread; it is a class so that every loop of the file's
/// extractors spends from the same count.
public final class ExtractionBudget {
    /// Why a budget ran out.
    public enum Exhaustion: Hashable, Sendable {
        /// The step count was used up.
        case steps(limit: Int)
        /// The deadline passed (its length in seconds, for the message).
        case deadline(seconds: Double)
    }

    /// Steps allowed per byte of the file when the caller sets no limit: every extractor is linear,
    /// and this leaves a wide margin over what real files use.
    public static let stepsPerByte = 256
    /// Steps every file may use whatever its size.
    public static let baseSteps = 1_000_000

    /// The step limit given at creation.
    public let stepLimit: Int
    /// Steps used so far.
    public private(set) var stepsUsed = 0
    /// Set once the budget is spent; stays set.
    public private(set) var exhaustion: Exhaustion?
    /// The 1-based line being read when the budget ran out, when the extractor knew it.
    public private(set) var exhaustedAtLine: Int?

    /// The deadline, read only when `hasDeadline` (an optional of the standard library's resilient
    /// `Instant` costs a value-witness call on every step, even with no deadline).
    private let deadline: ContinuousClock.Instant
    private let hasDeadline: Bool
    private let seconds: Double
    /// Steps left before the clock is read again (reading it on every step would cost more than the step).
    private var untilClockCheck = 0
    private static let clockInterval = 4096

    /// A budget of `steps` steps and, when `seconds` is given, a deadline that many seconds from now.
    public init(steps: Int = .max, seconds: Double? = nil) {
        self.stepLimit = steps
        self.seconds = seconds ?? 0
        self.hasDeadline = seconds != nil
        self.deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64((seconds ?? 0) * 1000)))
    }

    /// The default step budget of a file of `byteCount` bytes.
    public static func defaultSteps(forBytes byteCount: Int) -> Int {
        baseSteps + stepsPerByte * byteCount
    }

    /// Whether the budget is spent.
    public var isExhausted: Bool { exhaustion != nil }

    /// Spends `steps`; false once the budget is spent (and from then on). `line` is where the caller is
    /// reading, kept for the warning.
    @discardableResult
    public func spend(_ steps: Int = 1, line: Int? = nil) -> Bool {
        if exhaustion != nil { return false }
        stepsUsed += steps
        if stepsUsed > stepLimit {
            exhaustion = .steps(limit: stepLimit)
            exhaustedAtLine = line
            return false
        }
        if hasDeadline {
            untilClockCheck -= steps
            if untilClockCheck <= 0 {
                untilClockCheck = Self.clockInterval
                if ContinuousClock.now >= deadline {
                    exhaustion = .deadline(seconds: seconds)
                    exhaustedAtLine = line
                    return false
                }
            }
        }
        return true
    }

    /// Whether `steps` more steps fit in the step limit (the deadline aside): spending them one at a
    /// time would then never be refused for the count.
    public func hasRoom(for steps: Int) -> Bool {
        exhaustion == nil && stepsUsed <= stepLimit - steps
    }

    /// The warning a file gets when its budget ran out, or nil while it lasts.
    public var warning: ExtractionWarning? {
        guard let exhaustion else { return nil }
        let why = switch exhaustion {
        case .steps(let limit): "reading it took more than \(limit) steps"
        case .deadline(let seconds): "reading it took longer than \(Self.format(seconds)) s"
        }
        return ExtractionWarning(line: exhaustedAtLine, message:
            "stopped reading: \(why) (the extraction budget of one file); references after this point are not reported")
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
