@testable import Reports
import XCTest

final class CloseNamesTests: XCTestCase {
    private let repositories = ["dotnet/arcade", "dotnet/runtime", "dotnet/runtime-assets", "dotnet/sdk", "microsoft/vscode"]

    func testCaseTyposAndTheLastSegmentAreClose() {
        XCTAssertEqual(CloseNames(for: "DOTNET/RUNTIME", among: repositories).names, ["dotnet/runtime"])
        XCTAssertEqual(CloseNames(for: "dotnet/runtme", among: repositories).names, ["dotnet/runtime"])
        XCTAssertEqual(CloseNames(for: "runtime", among: repositories).names, ["dotnet/runtime", "dotnet/runtime-assets"])
        XCTAssertEqual(CloseNames(for: "sdk", among: repositories).names, ["dotnet/sdk"])
    }

    func testWithNothingCloseAFewKnownNamesAreAllShownAndManyAreCounted() {
        let few = CloseNames(for: "nope", among: repositories)
        XCTAssertFalse(few.areClose)
        XCTAssertEqual(few.phrase("repositories"), "repositories: " + repositories.joined(separator: ", "))
        let many = (1...30).map { "org/service-\($0)" }
        XCTAssertEqual(CloseNames(for: "nope", among: many).phrase("repositories"), "none of the 30 repositories is similar")
        XCTAssertEqual(CloseNames(for: "x", among: []).phrase("repositories"), "there are no repositories yet")
    }

    func testOneOrTwoLettersAreNotFoundInsideEveryName() {
        XCTAssertFalse(CloseNames(for: "t", among: repositories).areClose)
    }

    func testOutreachAndRefsShareTheWording() {
        XCTAssertEqual(ReportsError.unknownOwner("dncen", known: ["dnceng", "sdk"]).description,
                       "no findings are addressed to \"dncen\" this week (similar owners with findings: dnceng)")
        XCTAssertEqual(ReportsError.unknownRepository("runtme", known: repositories).description,
                       "no repository named \"runtme\" is in the inventory (similar repositories: dotnet/runtime)")
    }
}
