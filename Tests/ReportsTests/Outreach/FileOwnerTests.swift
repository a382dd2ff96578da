import Reports
import XCTest

final class FileOwnerTests: XCTestCase {
    private let rules = CodeOwners(parsing: """
        * @org/everyone
        /eng/ @org/infra @jane
        /eng/unowned/
        """, path: ".github/CODEOWNERS")

    func testTheDecidingCodeownersRuleNamesTheOwnersAndItsLine() {
        let owner = FileOwner(path: "eng/Dockerfile", codeowners: rules, team: "dnceng")
        XCTAssertEqual(owner.owner, "@org/infra @jane")
        XCTAssertEqual(owner.source, .codeowners)
        XCTAssertEqual(owner.codeownersRule, ".github/CODEOWNERS:2")
    }

    func testARuleNamingNobodyFallsBackToTheTeamThenToUnowned() {
        XCTAssertEqual(FileOwner(path: "eng/unowned/Dockerfile", codeowners: rules, team: "dnceng"),
                       FileOwner(path: "Dockerfile", codeowners: nil, team: "dnceng"))
        let team = FileOwner(path: "eng/unowned/Dockerfile", codeowners: rules, team: "dnceng")
        XCTAssertEqual(team.owner, "dnceng")
        XCTAssertEqual(team.source, .team)
        XCTAssertNil(team.codeownersRule)
        let nobody = FileOwner(path: "eng/unowned/Dockerfile", codeowners: rules, team: "")
        XCTAssertEqual(nobody.owner, "unowned")
        XCTAssertEqual(nobody.source, OutreachList.OwnerSource.none)
    }
}
