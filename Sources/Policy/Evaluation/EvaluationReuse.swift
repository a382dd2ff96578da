import Foundation
import Inventory

/// Whether a crawl may carry the previous evaluation's findings instead of judging again: only when
/// nothing they depend on changed — the census and evaluator version, the policy, the current branches'
/// references, the catalog data — and the time has not reached a moment when a judgement could change.
public enum EvaluationReuse: Sendable, Equatable {
    /// Carry `previous`'s findings; `reason` says so in words.
    case reuse(previous: StoredEvaluation, reason: String)
    /// Judge again; `reason` says what changed, in words.
    case judge(reason: String)

    /// The decision for an evaluation with `inputs` as of `now`, after `previous` (the latest evaluation).
    public static func decide(previous: StoredEvaluation?, inputs: EvaluationInputs, now: Date) -> EvaluationReuse {
        guard let previous else { return .judge(reason: "no earlier evaluation") }
        let run = "run \(previous.runID)"
        guard let outcome = previous.outcome, let before = outcome.inputs else {
            return .judge(reason: "\(run)'s evaluation recorded nothing it depended on (stored by an older census or by census merge)")
        }
        if before.evaluatorVersion != inputs.evaluatorVersion {
            return .judge(reason: "census or its evaluator changed since \(run) (\(before.evaluatorVersion) → \(inputs.evaluatorVersion))")
        }
        if before.policyHash != inputs.policyHash {
            return .judge(reason: "the policy changed since \(run) (\(before.policyHash) → \(inputs.policyHash))")
        }
        if before.referencesKey != inputs.referencesKey {
            return .judge(reason: "branches moved, appeared or went away since \(run)")
        }
        if before.catalogsKey != inputs.catalogsKey {
            return .judge(reason: "the catalog data changed since \(run)")
        }
        if now < previous.evaluatedAt {
            return .judge(reason: "this evaluation's date is before \(run)'s")
        }
        if let validUntil = outcome.validUntil, now >= validUntil {
            return .judge(reason: "a judgement of \(run) depends on the date and may have changed at \(Self.format(validUntil))")
        }
        let judged = previous.judgedInRunID == previous.runID ? "" : ", judged in run \(previous.judgedInRunID)"
        let until = outcome.validUntil.map { ", valid until \(Self.format($0))" } ?? ""
        return .reuse(previous: previous, reason: "nothing it depends on changed since \(run)\(judged)\(until)")
    }

    /// `2026-12-06 00:00:00 UTC`.
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
