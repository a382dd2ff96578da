import Extraction
import Foundation
import XCTest
@testable import Policy

final class EndOfLifeSoonRuleTests: XCTestCase {
    /// Ubuntu 22.04 ends on 2027-06-01: 191 days after the fixture's 2026-11-22.
    private let jammy = "ubuntu:22.04"

    private func policy(warnBeforeEolDays days: Int?) -> PolicyDocument {
        var policy = RuleFixture.policy
        policy.warnBeforeEolDays = days
        return policy
    }

    private func check(_ image: String, window: Int?, now: Date = RuleFixture.now) -> RuleCheck {
        EndOfLifeSoonRule().check(RuleSubject(reference: RuleFixture.usage(image), policy: policy(warnBeforeEolDays: window),
                                              catalogs: RuleFixture.catalogs, now: now))
    }

    func testAReleaseEndingInExactlyTheWindowIsWarnedAboutWithItsDate() {
        let check = check(jammy, window: 191)
        XCTAssertEqual(check.message, "'ubuntu:22.04' is built on Ubuntu 22.04 (jammy), which reaches end of life on 2027-06-01, "
                       + "in 191 days; move before then. Consider ubuntu:24.04.")
        XCTAssertEqual(check.suggestedImage, "ubuntu:24.04")
        XCTAssertEqual(check.explanation?.contains("the policy warns 191 days ahead (warnBeforeEolDays)"), true)
        XCTAssertEqual(check.explanation?.contains("recognized from the image 'ubuntu:22.04'"), true)
    }

    func testAReleaseEndingADayBeyondTheWindowPasses() {
        guard case .passed(let reason) = check(jammy, window: 190) else { return XCTFail("expected a pass") }
        XCTAssertEqual(reason, "Ubuntu 22.04 (jammy) is supported until 2027-06-01, in 191 days, beyond the policy's warnBeforeEolDays of 190")
    }

    func testDaysAreCalendarDaysFromTheRunsDayWhateverTheHour() {
        let lateEvening = RuleFixture.now.addingTimeInterval(23 * 3_600 + 59 * 60)
        XCTAssertEqual(check(jammy, window: 191, now: lateEvening).message?.contains("in 191 days"), true)
        XCTAssertFalse(check(jammy, window: 190, now: lateEvening).isViolation)
    }

    func testTheDayBeforeTheEndIsTomorrowAndTheDayItselfIsEolOSsToReport() {
        let dayBefore = RuleFixture.day("2027-05-31").addingTimeInterval(12 * 3_600)
        XCTAssertEqual(check(jammy, window: 1, now: dayBefore).message?.contains("on 2027-06-01, tomorrow;"), true)

        let endDay = RuleFixture.day("2027-06-01")
        let onTheDay = EndOfLifeSoonRule().check(RuleSubject(reference: RuleFixture.usage(jammy), policy: policy(warnBeforeEolDays: 90),
                                                             catalogs: RuleFixture.catalogs, now: endDay))
        guard case .notApplicable(let reason) = onTheDay else { return XCTFail("expected n/a, got \(onTheDay)") }
        XCTAssertEqual(reason, "already past its end of life (Ubuntu 22.04 (jammy) ended on 2027-06-01); eol-os reports it")
        let eolOS = EndOfLifeOSRule().check(RuleSubject(reference: RuleFixture.usage(jammy), policy: policy(warnBeforeEolDays: 90),
                                                        catalogs: RuleFixture.catalogs, now: endDay))
        XCTAssertTrue(eolOS.isViolation, "the two rules never both fire, and one of them always does")
    }

    func testAReleaseAlreadyPastItsEndIsNotWarnedAboutAgain() {
        XCTAssertTrue(check("ubuntu:18.04", window: 3_650).isNotApplicable)
    }

    func testWithoutTheKeyTheRuleGivesNoWarning() {
        guard case .notApplicable(let reason) = check(jammy, window: nil) else { return XCTFail("expected n/a") }
        XCTAssertEqual(reason, "the policy sets no warnBeforeEolDays, so no early warning is given")
    }

    func testImagesWithoutAKnownEndOfLifeAreNotJudged() {
        XCTAssertTrue(check("nginx:1.27", window: 365).isNotApplicable)
        XCTAssertTrue(check("$(image)", window: 365).isNotApplicable)
    }

    func testAnOSMarkerInsideAStandardTagIsWarnedAboutToo() {
        let image = "\(RuleFixture.prereqs):ubuntu-22.04-cross-arm64"
        let check = check(image, window: 200)
        XCTAssertEqual(check.message?.hasPrefix("'\(image)' is built on Ubuntu 22.04 (jammy), which reaches end of life on 2027-06-01, in 191 days"), true)
        XCTAssertEqual(check.explanation?.contains("recognized from the tag 'ubuntu-22.04-cross-arm64'"), true)
    }

    func testTheEvaluatorReportsItAsAWarningTheSeveritiesKeyCanChange() throws {
        let reference = RuleFixture.usage(jammy)
        let warned = PolicyEvaluator(policy: policy(warnBeforeEolDays: 365))
            .evaluate(reference: reference, catalogs: RuleFixture.catalogs, now: RuleFixture.now)
        XCTAssertEqual(warned.filter { $0.rule == .eolSoon }.map(\.severity), [.warning])

        let text = "warnBeforeEolDays: 365\nseverities:\n  eol-soon: error\n"
        let raised = PolicyEvaluator(policy: try PolicyDocument.decode(text, file: "policy.yml"))
            .evaluate(reference: reference, catalogs: RuleFixture.catalogs, now: RuleFixture.now)
        XCTAssertEqual(raised.filter { $0.rule == .eolSoon }.map(\.severity), [.error])

        let silenced = PolicyEvaluator(policy: try PolicyDocument.decode("warnBeforeEolDays: 365\nseverities:\n  eol-soon: off\n", file: "policy.yml"))
            .evaluate(reference: reference, catalogs: RuleFixture.catalogs, now: RuleFixture.now)
        XCTAssertTrue(silenced.filter { $0.rule == .eolSoon }.isEmpty)
    }
}
