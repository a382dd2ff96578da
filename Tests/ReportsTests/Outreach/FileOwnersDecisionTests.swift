import Reports
import XCTest

final class FileOwnersDecisionTests: XCTestCase {
    private let rules = CodeOwners(parsing: """
        * @org/everyone
        /eng/ @org/infra @jane
        /eng/unowned/
        """, path: ".github/CODEOWNERS")

    func testTheDecidingCodeownersRuleNamesTheOwnersAndItsLine() {
        let owner = FileOwners.owner(of: "eng/Dockerfile", codeowners: rules, team: "dnceng")
        XCTAssertEqual(owner.name, "@org/infra @jane")
        XCTAssertEqual(owner.source, .codeowners)
        XCTAssertEqual(owner.codeownersRule, ".github/CODEOWNERS:2")
    }

    func testARuleNamingNobodyFallsBackToTheTeamThenToUnowned() {
        XCTAssertEqual(FileOwners.owner(of: "eng/unowned/Dockerfile", codeowners: rules, team: "dnceng"),
                       FileOwners.owner(of: "Dockerfile", codeowners: nil, team: "dnceng"))
        let team = FileOwners.owner(of: "eng/unowned/Dockerfile", codeowners: rules, team: "dnceng")
        XCTAssertEqual(team.name, "dnceng")
        XCTAssertEqual(team.source, .team)
        XCTAssertNil(team.codeownersRule)
        let nobody = FileOwners.owner(of: "eng/unowned/Dockerfile", codeowners: rules, team: "")
        XCTAssertEqual(nobody.name, "unowned")
        XCTAssertEqual(nobody.source, OutreachList.OwnerSource.none)
    }
}
