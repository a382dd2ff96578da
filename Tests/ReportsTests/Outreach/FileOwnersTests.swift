import Inventory
import Reports
import XCTest

final class FileOwnersTests: XCTestCase {
    func testCodeownersThenTheTeamThenNobodyOwnsAFile() {
        var owners = FileOwners(repositories: [RepositoryInfo(name: "a", url: "/srv/a", team: "runtime"),
                                               RepositoryInfo(name: "b", url: "/srv/b")])
        var asked: [String] = []
        let codeowners = { (repository: String, commit: String) -> [CodeownersFile] in
            asked.append("\(repository)@\(commit)")
            return repository == "a" ? [CodeownersFile(path: ".github/CODEOWNERS", content: "/eng/ @org/infra\n/docs/\n")] : []
        }
        let infra = owners.owner(repository: "a", commit: "c1", path: "eng/ci.yml", codeowners: codeowners)
        XCTAssertEqual([infra.name, infra.source.rawValue, infra.codeownersRule], ["@org/infra", "codeowners", ".github/CODEOWNERS:1"])
        let docs = owners.owner(repository: "a", commit: "c1", path: "docs/Dockerfile", codeowners: codeowners)
        XCTAssertEqual([docs.name, docs.source.rawValue, docs.codeownersRule], ["runtime", "team", nil],
                       "a matching rule without owners leaves the file to the team")
        let nobody = owners.owner(repository: "b", commit: "c2", path: "Dockerfile", team: nil, codeowners: codeowners)
        XCTAssertEqual([nobody.name, nobody.source.rawValue, nobody.codeownersRule], ["unowned", "none", nil])
        XCTAssertEqual(owners.owner(repository: "b", commit: "c2", path: "Dockerfile", team: "stored", codeowners: codeowners).name,
                       "stored", "the team stored with a reference stands in when repos.txt names none")
        XCTAssertEqual(asked, ["a@c1", "b@c2"], "the CODEOWNERS files of a commit are read once")
    }
}
