import XCTest
@testable import Extraction

final class BranchResolverTests: XCTestCase {
    func placeholder(_ namespace: String, _ name: String) -> String {
        SymbolPlaceholder.make(namespace: namespace, name: name)
    }

    func fact(_ line: Int, _ text: String) -> ReferenceFact {
        ReferenceFact(line: line, kind: "test/image", raw: text, value: .symbolic(text: text))
    }

    func definition(_ namespace: String, _ name: String, _ value: String) -> SymbolDefinition {
        SymbolDefinition(namespace: namespace, name: name, value: value, line: 1)
    }

    // MARK: - Single-valued namespaces (other file kinds) keep their nearest-first rules

    func testAFileOwnLastDefinitionWinsForOtherNamespaces() {
        let files = ["ci.yml": FileFacts(references: [fact(3, "alpine:\(placeholder("gitlab/variable", "TAG"))")],
                                         definitions: [definition("gitlab/variable", "TAG", "3.19"),
                                                       definition("gitlab/variable", "TAG", "3.21")])]
        XCTAssertEqual(BranchResolver.resolve(files).map(\.image), ["alpine:3.21"])
    }

    func testAValueFromAConnectedFileResolvesAndTwoDifferentOnesDoNot() {
        let use = FileFacts(references: [fact(1, placeholder("gitlab/variable", "IMAGE"))],
                            includes: [FileInclude(path: "a.yml", line: 1), FileInclude(path: "b.yml", line: 2)])
        let one = ["ci.yml": use, "a.yml": FileFacts(definitions: [definition("gitlab/variable", "IMAGE", "alpine:3.21")])]
        XCTAssertEqual(BranchResolver.resolve(one).map(\.image), ["alpine:3.21"])
        var two = one
        two["b.yml"] = FileFacts(definitions: [definition("gitlab/variable", "IMAGE", "debian:12")])
        let references = BranchResolver.resolve(two)
        XCTAssertEqual(references.map(\.resolved), [false])
        XCTAssertEqual(references.first?.reason, "IMAGE has 2 different values in the files this one includes or is included by")
    }

    func testDefinitionsThatReferToEachOtherInACycleStayUnresolved() {
        let files = ["ci.yml": FileFacts(references: [fact(1, placeholder("gitlab/variable", "A"))],
                                         definitions: [definition("gitlab/variable", "A", placeholder("gitlab/variable", "B")),
                                                       definition("gitlab/variable", "B", placeholder("gitlab/variable", "A"))])]
        let references = BranchResolver.resolve(files)
        XCTAssertEqual(references.map(\.resolved), [false])
        XCTAssertEqual(references.first?.reason, "definitions refer to each other more than 16 levels deep (a cycle?)")
    }

    // MARK: - Placeholders

    func testPlaceholdersNestInsideNames() {
        let nested = "x{{azure-pipelines/container:{{azure-pipelines/parameter:container}}}}y{{a:b}}"
        let found = SymbolPlaceholder.find(in: nested)
        XCTAssertEqual(found.map(\.namespace), ["azure-pipelines/container", "a"])
        XCTAssertEqual(found.map(\.name), ["{{azure-pipelines/parameter:container}}", "b"])
        XCTAssertEqual(found.first.map { String(nested[$0.range]) },
                       "{{azure-pipelines/container:{{azure-pipelines/parameter:container}}}}")
    }

    func testANameComputedFromAnotherNameIsLookedUpAfterItIsResolved() {
        let files = ["ci.yml": FileFacts(
            references: [fact(1, placeholder("gitlab/variable", "IMAGE_\(placeholder("gitlab/variable", "OS"))"))],
            definitions: [definition("gitlab/variable", "OS", "LINUX"),
                          definition("gitlab/variable", "IMAGE_LINUX", "debian:12")])]
        XCTAssertEqual(BranchResolver.resolve(files).map(\.image), ["debian:12"])
    }

    // MARK: - Azure Pipelines: several values, parameters scoped to their file

    func testEveryCombinationOfMultiValuedVariablesIsItsOwnReference() {
        let variable = "azure-pipelines/variable"
        let files = ["ci.yml": FileFacts(
            references: [fact(7, "\(placeholder(variable, "os"))-\(placeholder(variable, "arch"))")],
            definitions: [definition(variable, "os", "alpine"), definition(variable, "os", "debian"),
                          definition(variable, "arch", "amd64"), definition(variable, "arch", "arm64")])]
        XCTAssertEqual(BranchResolver.resolve(files).map(\.image),
                       ["alpine-amd64", "alpine-arm64", "debian-amd64", "debian-arm64"])
        XCTAssertEqual(Set(BranchResolver.resolve(files).map(\.line)), [7])
    }

    func testMoreValuesThanTheLimitLeaveTheReferenceUnresolved() {
        let parameter = "azure-pipelines/parameter"
        var files = ["t.yml": FileFacts(references: [fact(2, "img:\(placeholder(parameter, "tag"))")])]
        for index in 0...BranchResolver.maxValues {
            files["caller\(index).yml"] = FileFacts(includes: [FileInclude(path: "t.yml", line: 1, parameters: ["tag": "\(index)"])])
        }
        let references = BranchResolver.resolve(files)
        XCTAssertEqual(references.map(\.resolved), [false])
        XCTAssertEqual(references.first?.reason, "parameter tag can take more than 32 values")
    }

    func testAParameterIsScopedToItsFileNotLookedUpAcrossTheBranch() {
        let parameter = "azure-pipelines/parameter"
        let files = [
            "a.yml": FileFacts(references: [fact(4, "img:\(placeholder(parameter, "tag"))")],
                               definitions: [definition(parameter, "tag", "from-a")]),
            "b.yml": FileFacts(references: [fact(4, "img:\(placeholder(parameter, "tag"))")]),
            "other.yml": FileFacts(definitions: [definition(parameter, "tag", "elsewhere")]),
        ]
        let references = BranchResolver.resolve(files)
        XCTAssertEqual(references.map(\.image), ["img:from-a", nil])
        XCTAssertEqual(references.last?.reason, "parameter tag of b.yml has no default and no including file passes it")
    }

    func testAnObjectParameterPassedOnWholeIsReadFromTheOriginalCaller() {
        let parameter = "azure-pipelines/parameter"
        let files = [
            "pipeline.yml": FileFacts(includes: [FileInclude(path: "matrix.yml", line: 3, parameters: ["platform.os": "alpine"])]),
            "matrix.yml": FileFacts(includes: [FileInclude(path: "job.yml", line: 5,
                                                           parameters: ["platform": placeholder(parameter, "platform")])]),
            "job.yml": FileFacts(references: [fact(9, "\(placeholder(parameter, "platform.os")):3")]),
        ]
        XCTAssertEqual(BranchResolver.resolve(files).map(\.image), ["alpine:3"])
    }

    func testAValueCountedAtTheCallerIsNotCountedAgainWhereItIsOnlyPassedOn() {
        let parameter = "azure-pipelines/parameter"
        let container = "azure-pipelines/container"
        let files = [
            "caller.yml": FileFacts(includes: [FileInclude(path: "job.yml", line: 2, parameters: ["container": "debian:12"])]),
            "job.yml": FileFacts(references: [fact(5, placeholder(container, placeholder(parameter, "container"))),
                                              fact(6, "\(placeholder(parameter, "container"))-slim")]),
        ]
        XCTAssertEqual(BranchResolver.resolve(files).map { "\($0.line) \($0.image ?? "nil")" }, ["6 debian:12-slim"])
    }

    func testRuntimeAndUnevaluatedNamesNeverResolve() {
        let files = ["ci.yml": FileFacts(references: [
            fact(1, placeholder("azure-pipelines/runtime", "$(Agent.OS)")),
            fact(2, placeholder("azure-pipelines/expression", "format('{0}', 'x')")),
        ])]
        XCTAssertEqual(BranchResolver.resolve(files).map(\.reason), [
            "$(Agent.OS) is only known when the pipeline runs",
            "the template expression ${{ format('{0}', 'x') }} is not evaluated by census",
        ])
    }
}
